import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Account, ErrorBody, LoginResponse } from '@ioc/shared';
import { call, loginAs } from '../support/api';
import { HubProcess, DEMO_PASSWORD, REPO_ROOT, type HubOptions } from '../support/hub-process';

const matrix: [string, HubOptions][] = [
  ['SQLite', { broker: 'embedded', database: 'sqlite' }],
  ['PostgreSQL', { broker: 'embedded', database: 'postgres' }],
];

describe.each(matrix)(
  'accounts: admin user management and login throttling (%s)',
  (label, options) => {
    let hub: HubProcess;
    let admin: string;
    let dispatcher: string;

    beforeAll(async () => {
      hub = await HubProcess.start(`accounts-${label}`, options);
      [admin, dispatcher] = await Promise.all([hub.login('admin'), hub.login('dispatcher')]);
    });

    afterAll(async () => {
      await hub?.dispose();
    });

    it('lets only an admin list, add and change accounts; passwords never come back', async () => {
      expect((await call(hub, 'GET', '/api/users', dispatcher)).status).toBe(403);
      expect(
        (
          await call(hub, 'POST', '/api/users', dispatcher, {
            username: 'eve',
            password: 'password-1',
            role: 'admin',
          })
        ).status,
      ).toBe(403);
      const listed = await call<Account[]>(hub, 'GET', '/api/users', admin);
      expect(listed.body.map((u) => [u.username, u.role, u.disabled])).toEqual(
        expect.arrayContaining([
          ['admin', 'admin', false],
          ['dispatcher', 'dispatcher', false],
          ['operator', 'operator', false],
        ]),
      );
      expect(JSON.stringify(listed.body)).not.toMatch(/password|hash/i);

      const created = await call<Account>(hub, 'POST', '/api/users', admin, {
        username: 'linh',
        password: 'linh-password',
        role: 'operator',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ username: 'linh', role: 'operator', disabled: false });
      expect(JSON.stringify(created.body)).not.toContain('linh-password');
      expect(
        (
          await call<ErrorBody>(hub, 'POST', '/api/users', admin, {
            username: 'linh',
            password: 'other-password',
            role: 'operator',
          })
        ).body.code,
      ).toBe('CONFLICT');
      expect(
        (
          await call(hub, 'POST', '/api/users', admin, {
            username: 'short',
            password: 'short',
            role: 'operator',
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await call(hub, 'POST', '/api/users', admin, {
            username: 'x',
            password: 'long-enough',
            role: 'superuser',
          })
        ).status,
      ).toBe(400);

      const login = await loginAs(hub, 'linh', 'linh-password');
      expect(login.status).toBe(200);
      expect((login.body as unknown as LoginResponse).user).toEqual({
        username: 'linh',
        role: 'operator',
      });
    });

    it('applies a role change and a disable at once, also to tokens already issued', async () => {
      await call(hub, 'POST', '/api/users', admin, {
        username: 'minh',
        password: 'minh-password',
        role: 'operator',
      });
      const token = (await loginAs(hub, 'minh', 'minh-password')).body.accessToken;
      expect((await call(hub, 'GET', '/api/units', token)).status).toBe(200);
      expect(
        (
          await call(hub, 'POST', '/api/units', token, {
            id: 'u-minh',
            name: 'x',
            kind: 'other',
            location: { lat: 11.9, lon: 108.4 },
          })
        ).status,
      ).toBe(403);

      const promoted = await call<Account>(hub, 'PATCH', '/api/users/minh', admin, {
        role: 'admin',
      });
      expect(promoted.body).toMatchObject({ role: 'admin' });
      expect(
        (
          await call(hub, 'POST', '/api/units', token, {
            id: 'u-minh',
            name: 'Minh unit',
            kind: 'other',
            location: { lat: 11.9, lon: 108.4 },
          })
        ).status,
      ).toBe(201);

      const disabled = await call<Account>(hub, 'PATCH', '/api/users/minh', admin, {
        disabled: true,
      });
      expect(disabled.body).toMatchObject({ disabled: true });
      expect((await call(hub, 'GET', '/api/units', token)).status).toBe(401);
      expect((await loginAs(hub, 'minh', 'minh-password')).status).toBe(401);

      await call(hub, 'PATCH', '/api/users/minh', admin, {
        disabled: false,
        password: 'new-minh-password',
      });
      expect((await loginAs(hub, 'minh', 'minh-password')).status).toBe(401);
      expect((await loginAs(hub, 'minh', 'new-minh-password')).status).toBe(200);

      expect(
        (await call(hub, 'PATCH', '/api/users/nobody', admin, { disabled: true })).status,
      ).toBe(404);
      expect((await call(hub, 'PATCH', '/api/users/minh', admin, {})).status).toBe(400);
      const selfLockout = await call<ErrorBody>(hub, 'PATCH', '/api/users/admin', admin, {
        disabled: true,
      });
      expect(selfLockout.status).toBe(409);
    });

    it('refuses a 6th failed login within a minute with 429, even with the right password, for that username only', async () => {
      await call(hub, 'POST', '/api/users', admin, {
        username: 'quang',
        password: 'quang-password',
        role: 'dispatcher',
      });
      for (let i = 0; i < 5; i++)
        expect((await loginAs(hub, 'quang', `wrong-${i}`)).status).toBe(401);
      const blocked = await loginAs(hub, 'quang', 'quang-password');
      expect(blocked.status).toBe(429);
      expect((blocked.body as unknown as ErrorBody).code).toBe('RATE_LIMITED');
      expect((await loginAs(hub, 'operator', DEMO_PASSWORD)).status).toBe(200);
    });
  },
);

describe('production mode', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ioc-e2e-prod-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  function startWith(env: Record<string, string>): { status: number | null; output: string } {
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'server/dist/main.js')], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, NODE_ENV: 'production', ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  it.each([
    [
      'no secret and no admin, even with a demo password',
      { IOC_DEMO_PASSWORD: 'demo' },
      ['JWT_SECRET', 'IOC_ADMIN_USERNAME'],
    ],
    [
      'an admin but no JWT secret',
      { IOC_ADMIN_USERNAME: 'chief', IOC_ADMIN_PASSWORD: 'chief-password' },
      ['JWT_SECRET'],
    ],
    [
      'a JWT secret but no admin password',
      { JWT_SECRET: 'a-long-enough-secret-value', IOC_ADMIN_USERNAME: 'chief' },
      ['IOC_ADMIN_USERNAME'],
    ],
    [
      'a JWT secret that is too short',
      { JWT_SECRET: 'short', IOC_ADMIN_USERNAME: 'chief', IOC_ADMIN_PASSWORD: 'chief-password' },
      ['JWT_SECRET'],
    ],
  ])('refuses to start with %s', (_name, env, named) => {
    const { status, output } = startWith(env);
    expect(status).toBe(1);
    for (const name of named) expect(output).toContain(name);
  });

  it('starts with a secret and a configured admin, and creates no demo users or units', async () => {
    const hub = await HubProcess.start('accounts-production', {
      broker: 'embedded',
      database: 'sqlite',
      env: {
        NODE_ENV: 'production',
        JWT_SECRET: 'production-secret-0123456789',
        IOC_ADMIN_USERNAME: 'chief',
        IOC_ADMIN_PASSWORD: 'chief-password',
      },
    });
    try {
      // HubProcess passes IOC_DEMO_PASSWORD too: production must ignore it.
      for (const role of ['operator', 'dispatcher', 'admin'])
        expect((await loginAs(hub, role, DEMO_PASSWORD)).status).toBe(401);
      const chief = await loginAs(hub, 'chief', 'chief-password');
      expect(chief.status).toBe(200);
      expect(await hub.get('/api/units', chief.body.accessToken)).toEqual([]);
    } finally {
      await hub.dispose();
    }
  });
});
