import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSnapshotStore } from './file-snapshot.store';

describe('FileSnapshotStore', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'ioc-snapshots-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('keeps an image for its owner only, reads it back and deletes it', async () => {
    const store = new FileSnapshotStore(join(root, 'snapshots'));
    const key = 'ab'.repeat(16);
    await store.put(key, Buffer.from([1, 2, 3]));
    expect(await store.get(key)).toEqual(Buffer.from([1, 2, 3]));
    const folder = join(root, 'snapshots', 'ab');
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(statSync(join(folder, key)).mode & 0o777).toBe(0o600);
    expect(readdirSync(folder)).toEqual([key]);
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
    await expect(store.delete(key)).resolves.toBeUndefined();
  });

  it('refuses a key that could name another path', async () => {
    const store = new FileSnapshotStore(root);
    await expect(store.put('../../etc/passwd', Buffer.from('x'))).rejects.toThrow(
      /not a snapshot key/,
    );
    await expect(store.get('..')).rejects.toThrow(/not a snapshot key/);
  });
});
