import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/hub-process';

function startWith(env: Record<string, string>): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'server/dist/main.js')], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: '/tmp/ioc-e2e-settings', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('settings are validated at start', () => {
  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ MQTT_URL: 'http://example' }, 'MQTT_URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production', JWT_SECRET: 'a-long-enough-secret-value' }, 'IOC_ADMIN_USERNAME'],
    // docs/security.md: bounded token lifetime, password policy, proxy and metrics settings.
    [{ JWT_TTL_SECONDS: '86401' }, 'JWT_TTL_SECONDS'],
    [{ IOC_DEMO_PASSWORD: 'x' }, 'IOC_DEMO_PASSWORD'],
    [
      {
        NODE_ENV: 'production',
        JWT_SECRET: 'a-long-enough-secret-value',
        IOC_ADMIN_USERNAME: 'chief',
        IOC_ADMIN_PASSWORD: 'eleven-char',
      },
      'IOC_ADMIN_PASSWORD',
    ],
    [{ TRUST_PROXY: 'every proxy' }, 'TRUST_PROXY'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN'],
    [{ LIVE_MAX_CONNECTIONS_PER_USER: '0' }, 'LIVE_MAX_CONNECTIONS_PER_USER'],
    // docs/contract.md §9: retention.
    [{ RETENTION_DAYS: '-1' }, 'RETENTION_DAYS'],
    [{ RETENTION_DAYS: 'ninety' }, 'RETENTION_DAYS'],
    [{ RETENTION_INTERVAL_SECONDS: '0' }, 'RETENTION_INTERVAL_SECONDS'],
  ])('refuses %j and names %s', (env, name) => {
    const { status, output } = startWith(env);
    expect(status).toBe(1);
    expect(output).toContain(name);
  });
});
