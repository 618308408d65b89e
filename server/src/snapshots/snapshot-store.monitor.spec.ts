import { Logger } from '@nestjs/common';
import { loadConfig } from '../config/app.config';
import type { SnapshotStore } from './snapshot.store';
import { SnapshotStoreMonitor } from './snapshot-store.monitor';

/** A store whose check fails while `away` is set. */
function storeWithCheck(): SnapshotStore & { away: boolean; closed: boolean } {
  return {
    away: false,
    closed: false,
    put: () => Promise.resolve(),
    get: () => Promise.resolve(null),
    delete: () => Promise.resolve(),
    check() {
      return this.away ? Promise.reject(new Error('connect ECONNREFUSED')) : Promise.resolve();
    },
    close() {
      this.closed = true;
    },
  };
}

const s3 = {
  SNAPSHOT_STORE: 's3',
  SNAPSHOT_S3_ENDPOINT: 'http://127.0.0.1:9',
  SNAPSHOT_S3_BUCKET: 'ioc-snapshots',
  SNAPSHOT_S3_ACCESS_KEY_ID: 'hub',
  SNAPSHOT_S3_SECRET_ACCESS_KEY: 'monitor-secret-0123456789',
};

describe('SnapshotStoreMonitor', () => {
  let logged: string[];

  beforeEach(() => {
    logged = [];
    const record =
      (level: string) =>
      (message: unknown): void => {
        logged.push(`${level}: ${String(message)}`);
      };
    jest.spyOn(Logger.prototype, 'log').mockImplementation(record('log'));
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(record('warn'));
    jest.spyOn(Logger.prototype, 'error').mockImplementation(record('error'));
  });

  afterEach(() => jest.restoreAllMocks());

  it('reports an unreachable store at start-up, without its secret, and closes it at shutdown', async () => {
    const store = storeWithCheck();
    store.away = true;
    const monitor = new SnapshotStoreMonitor(loadConfig(s3), store);
    await monitor.onModuleInit();
    expect(monitor.available).toBe(false);
    expect(logged.join('\n')).toMatch(/error: the image store is unreachable .*ECONNREFUSED/);
    expect(logged.join('\n')).not.toContain(s3.SNAPSHOT_S3_SECRET_ACCESS_KEY);
    monitor.onApplicationShutdown();
    expect(store.closed).toBe(true);
  });

  it('takes images again once the store answers a later check', async () => {
    jest.useFakeTimers();
    try {
      const store = storeWithCheck();
      store.away = true;
      const monitor = new SnapshotStoreMonitor(loadConfig(s3), store);
      await monitor.onModuleInit();
      store.away = false;
      await jest.advanceTimersByTimeAsync(10_000);
      expect(monitor.available).toBe(true);
      expect(logged.at(-1)).toMatch(/snapshots are taken/);
      monitor.onApplicationShutdown();
    } finally {
      jest.useRealTimers();
    }
  });

  it('warns that instances do not share a file store in cluster mode', async () => {
    const monitor = new SnapshotStoreMonitor(
      loadConfig({
        REDIS_URL: 'redis://127.0.0.1:6379',
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/ioc',
        MQTT_URL: 'mqtt://127.0.0.1:1883',
        JWT_SECRET: 'cluster-secret-0123456789',
      }),
      { ...storeWithCheck(), check: undefined },
    );
    await monitor.onModuleInit();
    expect(monitor.available).toBe(true);
    expect(logged).toEqual([
      expect.stringMatching(/^warn: SNAPSHOT_STORE=file with REDIS_URL: .*SNAPSHOT_STORE=s3/),
    ]);
  });

  it('says nothing for a file store on one hub', async () => {
    const monitor = new SnapshotStoreMonitor(loadConfig({}), {
      ...storeWithCheck(),
      check: undefined,
    });
    await monitor.onModuleInit();
    expect(monitor.available).toBe(true);
    expect(logged).toEqual([]);
  });
});
