import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { SnapshotS3Config } from '../../src/config/app.config';
import { S3SnapshotStore } from '../../src/snapshots/s3-snapshot.store';

const BUCKET = 'ioc-snapshots';
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * The S3 store (SNAPSHOT_STORE=s3) against s3rver, an S3-compatible server in Node started
 * here on an ephemeral port with a temporary folder: what MinIO would answer.
 */
describe('S3SnapshotStore against an S3-compatible server', () => {
  let server: S3rver;
  let dir: string;
  let endpoint: string;
  let store: S3SnapshotStore;
  let client: S3Client;

  const configFor = (overrides: Partial<SnapshotS3Config> = {}): SnapshotS3Config => ({
    endpoint,
    bucket: BUCKET,
    region: 'us-east-1',
    credentials,
    forcePathStyle: true,
    prefix: 'hub-a/',
    ...overrides,
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-s3rver-'));
    server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: dir,
      configureBuckets: [{ name: BUCKET, configs: [] }],
    });
    const address = await server.run();
    endpoint = `http://127.0.0.1:${address.port}`;
    store = new S3SnapshotStore(configFor());
    client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  });

  afterAll(async () => {
    store?.close();
    client?.destroy();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const keys = async (): Promise<string[]> =>
    ((await client.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map(
      (object) => object.Key ?? '',
    );

  it('puts an image as an object under its prefix and gets the same bytes back', async () => {
    const key = 'ab'.repeat(16);
    const bytes = Buffer.from([
      0xff,
      0xd8,
      0xff,
      ...Array.from({ length: 4096 }, (_, i) => i % 251),
    ]);
    await store.put(key, bytes);
    expect(await keys()).toContain(`hub-a/${key}`);
    const back = await store.get(key);
    expect(back && Buffer.compare(back, bytes)).toBe(0);
  });

  it('answers null for an object it does not hold', async () => {
    expect(await store.get('cd'.repeat(16))).toBeNull();
  });

  it('deletes an object; deleting it again is no error', async () => {
    const key = 'ef'.repeat(16);
    await store.put(key, Buffer.from('\x89PNG\r\n\x1a\n-tiny', 'latin1'));
    await store.delete(key);
    expect(await keys()).not.toContain(`hub-a/${key}`);
    expect(await store.get(key)).toBeNull();
    await expect(store.delete(key)).resolves.toBeUndefined();
  });

  it('refuses a key that is not a snapshot id before it reaches the bucket', async () => {
    await expect(store.put('../../etc/passwd', Buffer.from('x'))).rejects.toThrow(
      /not a snapshot key/,
    );
  });

  it('checks the bucket: reachable, missing, and an endpoint nothing listens on', async () => {
    await expect(store.check()).resolves.toBeUndefined();
    const missing = new S3SnapshotStore(configFor({ bucket: 'no-such-bucket' }));
    await expect(missing.check()).rejects.toThrow();
    missing.close();
    // A port just freed: nothing answers there.
    const closed = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
    const gone = await closed.run();
    await closed.close();
    const away = new S3SnapshotStore(configFor({ endpoint: `http://127.0.0.1:${gone.port}` }));
    await expect(away.check()).rejects.toThrow();
    await expect(away.put('12'.repeat(16), Buffer.from('x'))).rejects.toThrow();
    away.close();
  });
});
