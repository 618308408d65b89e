import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * An S3-compatible server in this process (s3rver: MinIO cannot run on the test machine),
 * on an ephemeral port with a temporary folder and one bucket, and a client to look into it.
 */
export class S3Server {
  private constructor(
    private readonly server: S3rver,
    private readonly dir: string,
    readonly endpoint: string,
    readonly bucket: string,
    readonly client: S3Client,
  ) {}

  static async start(bucket: string): Promise<S3Server> {
    const dir = mkdtempSync(join(tmpdir(), 'ioc-s3-'));
    const server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: dir,
      configureBuckets: [{ name: bucket, configs: [] }],
    });
    const { port } = await server.run();
    const endpoint = `http://127.0.0.1:${port}`;
    const client = new S3Client({
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: CREDENTIALS,
    });
    return new S3Server(server, dir, endpoint, bucket, client);
  }

  /** The hub's settings for this bucket. */
  hubEnv(prefix: string): Record<string, string> {
    return {
      SNAPSHOT_STORE: 's3',
      SNAPSHOT_S3_ENDPOINT: this.endpoint,
      SNAPSHOT_S3_BUCKET: this.bucket,
      SNAPSHOT_S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      SNAPSHOT_S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      SNAPSHOT_S3_PREFIX: prefix,
    };
  }

  async keys(): Promise<string[]> {
    const listed = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket }));
    return (listed.Contents ?? []).map((object) => object.Key ?? '');
  }

  async stop(): Promise<void> {
    this.client.destroy();
    await this.server.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
