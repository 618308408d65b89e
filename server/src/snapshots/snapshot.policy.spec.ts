import { MAX_SNAPSHOTS_PER_EVENT } from '@ioc/shared';
import { checkImage, snapshotId, tooMany } from './snapshot.policy';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);

describe('snapshot policy', () => {
  it('accepts JPEG and PNG by their bytes', () => {
    expect(checkImage(JPEG, 1024)).toEqual({ ok: true, contentType: 'image/jpeg' });
    expect(checkImage(PNG, 1024, 'image/png')).toEqual({ ok: true, contentType: 'image/png' });
  });

  it('refuses what is too large before looking at it, with the limit in the reason', () => {
    expect(checkImage(Buffer.alloc(2048, 0xff), 1024)).toMatchObject({
      ok: false,
      reason: 'snapshot_too_large',
      message: expect.stringContaining('at most 1024') as unknown,
    });
  });

  it('refuses a non-image, and an image whose claimed type is not its own', () => {
    expect(checkImage(Buffer.from('<svg onload=alert(1)>'), 1024)).toMatchObject({
      ok: false,
      reason: 'unsupported_image',
    });
    expect(checkImage(JPEG, 1024, 'image/png')).toMatchObject({
      ok: false,
      reason: 'unsupported_image',
      message: expect.stringContaining('image/jpeg') as unknown,
    });
  });

  it('gives the same image of the same event the same id, and another event another', () => {
    const id = snapshotId('cam-1', 'e1', JPEG);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(snapshotId('cam-1', 'e1', Buffer.from(JPEG))).toBe(id);
    expect(snapshotId('cam-1', 'e2', JPEG)).not.toBe(id);
    expect(snapshotId('cam-2', 'e1', JPEG)).not.toBe(id);
  });

  it('bounds the images of one event', () => {
    expect(tooMany(MAX_SNAPSHOTS_PER_EVENT - 1)).toBe(false);
    expect(tooMany(MAX_SNAPSHOTS_PER_EVENT)).toBe(true);
  });
});
