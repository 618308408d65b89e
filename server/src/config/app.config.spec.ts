import { ConfigError, loadConfig } from './app.config';

const production = {
  NODE_ENV: 'production',
  JWT_SECRET: 'production-secret-0123456789',
  IOC_ADMIN_USERNAME: 'chief',
  IOC_ADMIN_PASSWORD: 'chief-password-1',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
}

describe('device identity settings', () => {
  it('keep anonymous devices off by default', () => {
    expect(loadConfig({}).mqtt.allowAnonymous).toBe(false);
    expect(loadConfig({ MQTT_ALLOW_ANONYMOUS: 'true' }).mqtt.allowAnonymous).toBe(true);
  });

  it('refuse anonymous devices in production', () => {
    expect(problems({ ...production, MQTT_ALLOW_ANONYMOUS: 'true' })).toEqual([
      expect.stringMatching(/^MQTT_ALLOW_ANONYMOUS must not be true in production/),
    ]);
    expect(problems(production)).toEqual([]);
  });

  it('read integration accounts as user:password pairs', () => {
    const config = loadConfig({ MQTT_INTEGRATION_ACCOUNTS: 'opendata:open-data-password-0123' });
    expect(config.mqtt.integrationAccounts).toEqual([
      { id: 'opendata', key: 'open-data-password-0123' },
    ]);
    expect(problems({ MQTT_INTEGRATION_ACCOUNTS: 'opendata:short' })).toHaveLength(1);
  });

  it('want a TLS certificate and its key together, and files that exist', () => {
    expect(problems({ MQTT_TLS_CERT: __filename })).toEqual([
      expect.stringMatching(/MQTT_TLS_CERT and MQTT_TLS_KEY go together/),
    ]);
    expect(problems({ MQTT_TLS_CERT: '/no/such.pem', MQTT_TLS_KEY: __filename })).toEqual([
      expect.stringMatching(/^MQTT_TLS_CERT must name a readable file/),
    ]);
    expect(loadConfig({ MQTT_TLS_CERT: __filename, MQTT_TLS_KEY: __filename }).mqtt.tls).toEqual({
      cert: __filename,
      key: __filename,
      ca: null,
      port: 8884,
    });
  });
});

describe('cluster settings (REDIS_URL)', () => {
  it('leave one process alone by default', () => {
    expect(loadConfig({}).cluster).toBeNull();
  });

  it('refuse cluster mode without a shared PostgreSQL, external broker and secret', () => {
    const found = problems({ REDIS_URL: 'redis://127.0.0.1:6379' }).join('\n');
    expect(found).toMatch(/DATABASE_URL/);
    expect(found).toMatch(/MQTT_URL/);
    expect(found).toMatch(/JWT_SECRET/);
  });

  it('read the cluster settings, advertising this instance on its port by default', () => {
    const config = loadConfig({
      REDIS_URL: 'redis://127.0.0.1:6379',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/ioc',
      MQTT_URL: 'mqtt://127.0.0.1:1883',
      JWT_SECRET: 'cluster-secret-0123456789',
      PORT: '3100',
    });
    expect(config.cluster).toEqual({
      redisUrl: 'redis://127.0.0.1:6379',
      keyPrefix: 'ioc',
      advertiseUrl: 'http://127.0.0.1:3100',
    });
  });
});

describe('snapshot store settings (issue 19)', () => {
  const secret = 'very-secret-key-0123456789';

  it('keep images in the data folder by default', () => {
    expect(loadConfig({}).snapshots).toMatchObject({ store: 'file', s3: null });
  });

  it('refuse s3 without its endpoint and bucket, naming them and never the secret', () => {
    const found = problems({
      SNAPSHOT_STORE: 's3',
      SNAPSHOT_S3_ACCESS_KEY_ID: 'hub',
      SNAPSHOT_S3_SECRET_ACCESS_KEY: secret,
    });
    expect(found).toEqual([
      'SNAPSHOT_S3_ENDPOINT is required when SNAPSHOT_STORE=s3',
      'SNAPSHOT_S3_BUCKET is required when SNAPSHOT_STORE=s3',
    ]);
    const half = problems({
      SNAPSHOT_STORE: 's3',
      SNAPSHOT_S3_ENDPOINT: 'http://127.0.0.1:9000',
      SNAPSHOT_S3_BUCKET: 'ioc-snapshots',
      SNAPSHOT_S3_SECRET_ACCESS_KEY: secret,
    });
    expect(half).toEqual([expect.stringMatching(/^SNAPSHOT_S3_ACCESS_KEY_ID .* go together/)]);
    expect([...found, ...half].join('\n')).not.toContain(secret);
  });

  it('read the s3 settings with MinIO-friendly defaults', () => {
    const config = loadConfig({
      SNAPSHOT_STORE: 's3',
      SNAPSHOT_S3_ENDPOINT: 'http://127.0.0.1:9000',
      SNAPSHOT_S3_BUCKET: 'ioc-snapshots',
      SNAPSHOT_S3_ACCESS_KEY_ID: 'hub',
      SNAPSHOT_S3_SECRET_ACCESS_KEY: secret,
    });
    expect(config.snapshots.s3).toEqual({
      endpoint: 'http://127.0.0.1:9000',
      bucket: 'ioc-snapshots',
      region: 'us-east-1',
      credentials: { accessKeyId: 'hub', secretAccessKey: secret },
      forcePathStyle: true,
      prefix: '',
    });
  });
});
