import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Account, ErrorBody, LiveAck, ResyncResult, SessionEnd } from '@ioc/shared';
import { call, loginAs, type ApiResponse } from '../support/api';
import { LiveClient } from '../support/clients';
import { expectEventually } from '../support/eventually';
import { HubProcess, REPO_ROOT } from '../support/hub-process';

// docs/security.md: each control here is named there with this file as its proof.

/** A console socket that records how its session ended and why it was closed. */
class WatchedConsole extends LiveClient {
  readonly ends: SessionEnd['reason'][] = [];
  closedBy: string | null = null;

  constructor(baseUrl: string, token: string) {
    super(baseUrl, token);
    this.socket.on('session', (end) => this.ends.push(end.reason));
    this.socket.on('disconnect', (reason) => (this.closedBy = reason));
  }

  async cut(reason: SessionEnd['reason']): Promise<void> {
    await expectEventually(() => {
      expect(this.ends).toEqual([reason]);
      expect(this.closedBy).toBe('io server disconnect');
    });
  }
}

async function openConsole(hub: HubProcess, token: string): Promise<WatchedConsole> {
  const watched = new WatchedConsole(hub.baseUrl, token);
  await watched.connected();
  return watched;
}

/** A login as if from `address`: the hub trusts X-Forwarded-For from loopback (TRUST_PROXY). */
const loginFrom = (
  hub: HubProcess,
  username: string,
  password: string,
  address: string,
): Promise<ApiResponse<{ accessToken: string }>> =>
  call(
    hub,
    'POST',
    '/api/auth/login',
    null,
    { username, password },
    { 'x-forwarded-for': address },
  );

describe('hardening: sessions, throttling and headers (development hub behind a proxy)', () => {
  let hub: HubProcess;
  let admin: string;
  const consoles: LiveClient[] = [];

  beforeAll(async () => {
    hub = await HubProcess.start('security', {
      broker: 'embedded',
      database: 'sqlite',
      env: {
        TRUST_PROXY: 'loopback',
        LIVE_MAX_CONNECTIONS_PER_USER: '4',
        LOGIN_ACCOUNT_FAILURES: '3',
        LOGIN_FAILURES_PER_ADDRESS: '20',
      },
    });
    admin = await hub.login('admin');
  });

  afterAll(async () => {
    for (const c of consoles) c.close();
    await hub?.dispose();
  });

  const createUser = async (username: string, role = 'operator'): Promise<string> => {
    const password = `${username}-password-1`;
    const created = await call(hub, 'POST', '/api/users', admin, { username, password, role });
    expect(created.status).toBe(201);
    return password;
  };

  const signIn = async (username: string, password: string): Promise<string> => {
    const login = await loginAs(hub, username, password);
    expect(login.status).toBe(200);
    return login.body.accessToken;
  };

  it('sends a CSP header with frame-ancestors none, nosniff and DENY framing; HSTS only over TLS', async () => {
    for (const path of ['/', '/api/config', '/health']) {
      const response = await fetch(`${hub.baseUrl}${path}`);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
    const overTls = await fetch(`${hub.baseUrl}/health`, {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(overTls.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('cuts the live socket of a session that logs out, and its token stops working', async () => {
    const password = await createUser('lan');
    const token = await signIn('lan', password);
    const elsewhere = await signIn('lan', password);
    const live = await openConsole(hub, token);
    const other = await openConsole(hub, elsewhere);
    consoles.push(live, other);
    expect((await call(hub, 'POST', '/api/auth/logout', token)).status).toBe(204);
    await live.cut('revoked');
    expect((await call(hub, 'GET', '/api/units', token)).status).toBe(401);
    // Only that session ends: the same account signed in elsewhere carries on.
    expect((await call(hub, 'GET', '/api/units', elsewhere)).status).toBe(200);
    expect(other.socket.connected).toBe(true);
    expect((await call(hub, 'POST', '/api/auth/logout', null)).status).toBe(401);
  });

  it.each([
    ['a disable', { disabled: true }, 'disabled', 401],
    // The role is read on every request, so the token may go on, with the new role.
    ['a role change', { role: 'dispatcher' }, 'role_changed', 200],
    ['a password change', { password: 'a-brand-new-password' }, 'revoked', 401],
  ] as const)('cuts a live socket on %s', async (_, change, reason, after) => {
    const username = `cut-${reason}`;
    const password = await createUser(username);
    const token = await signIn(username, password);
    const live = await openConsole(hub, token);
    consoles.push(live);
    const other = await openConsole(hub, await hub.login('operator'));
    consoles.push(other);
    const patched = await call<Account>(hub, 'PATCH', `/api/users/${username}`, admin, change);
    expect(patched.status).toBe(200);
    await live.cut(reason);
    expect((await call(hub, 'GET', '/api/units', token)).status).toBe(after);
    // Another account's console is not touched.
    expect(other.socket.connected).toBe(true);
    expect(other.ends).toEqual([]);
  });

  it('refuses a console past the per-user connection cap', async () => {
    const password = await createUser('capped');
    const token = await signIn('capped', password);
    const open = await Promise.all([1, 2, 3, 4].map(() => openConsole(hub, token)));
    consoles.push(...open);
    const fifth = new LiveClient(hub.baseUrl, token);
    consoles.push(fifth);
    await expect(fifth.connected()).rejects.toThrow(/too many connections/);
    open[0]?.close();
    await expectEventually(async () => {
      const again = new LiveClient(hub.baseUrl, token);
      consoles.push(again);
      await again.connected();
    });
  });

  it('rate-limits resync per socket and closes a socket that sends an oversized message', async () => {
    const live = await openConsole(hub, await hub.login('operator'));
    consoles.push(live);
    const acks = await Promise.all(
      Array.from(
        { length: 30 },
        () =>
          new Promise<LiveAck<ResyncResult>>((resolve) =>
            live.socket.emit('resync', { sinceSeq: 0 }, resolve),
          ),
      ),
    );
    expect(acks.filter((a) => a.ok)).toHaveLength(20);
    expect(acks.find((a) => !a.ok)).toMatchObject({ ok: false, error: /too many resyncs/ });
    live.socket.emit('subscribe', { categories: ['x'.repeat(100_000)] } as never);
    await expectEventually(() => expect(live.closedBy).toBe('transport close'));
  });

  it('backs off an account after repeated failures from many addresses, but not for an address it signed in from', async () => {
    const password = await createUser('tam');
    expect((await loginFrom(hub, 'tam', password, '10.1.0.1')).status).toBe(200);
    for (const address of ['10.2.0.1', '10.2.0.2', '10.2.0.3'])
      expect((await loginFrom(hub, 'tam', 'wrong-password', address)).status).toBe(401);
    const elsewhere = await loginFrom(hub, 'tam', password, '10.2.0.4');
    expect(elsewhere.status).toBe(429);
    expect((elsewhere.body as unknown as ErrorBody).details).toMatchObject({
      retryAfterSeconds: expect.any(Number),
    });
    // The owner's own address is not locked out by the attacker's failures.
    expect((await loginFrom(hub, 'tam', password, '10.1.0.1')).status).toBe(200);
  });

  it('limits failures per address whatever the username, without locking other addresses', async () => {
    const password = await createUser('hoa');
    for (let i = 0; i < 20; i++)
      expect((await loginFrom(hub, `nobody-${i}`, 'wrong-password', '10.3.0.1')).status).toBe(401);
    expect((await loginFrom(hub, 'hoa', password, '10.3.0.1')).status).toBe(429);
    expect((await loginFrom(hub, 'hoa', password, '10.3.0.2')).status).toBe(200);
  });

  it('applies the password policy to new accounts (8+ outside production)', async () => {
    const short = await call(hub, 'POST', '/api/users', admin, {
      username: 'shorty',
      password: 'seven-7',
      role: 'operator',
    });
    expect(short.status).toBe(400);
  });
});

describe('hardening: token expiry', () => {
  let hub: HubProcess;

  beforeAll(async () => {
    hub = await HubProcess.start('security-expiry', {
      broker: 'embedded',
      database: 'sqlite',
      env: { JWT_TTL_SECONDS: '10' },
    });
  });

  afterAll(async () => {
    await hub?.dispose();
  });

  it('cuts a live socket when its token expires', async () => {
    const token = await hub.login('operator');
    const live = await openConsole(hub, token);
    try {
      expect(live.ends).toEqual([]);
      await expectEventually(
        () => {
          expect(live.ends).toEqual(['expired']);
          expect(live.closedBy).toBe('io server disconnect');
        },
        20_000,
        100,
      );
      expect((await call(hub, 'GET', '/api/units', token)).status).toBe(401);
    } finally {
      live.close();
    }
  });
});

describe('hardening: production mode', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'ioc-e2e-harden-')), 'data');
  const production = {
    NODE_ENV: 'production',
    JWT_SECRET: 'production-secret-0123456789',
    IOC_ADMIN_USERNAME: 'chief',
    IOC_ADMIN_PASSWORD: 'chief-password-1',
    METRICS_TOKEN: 'metrics-token-0123456789',
    DATA_DIR: dataDir,
  };

  afterAll(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

  it('disables demo accounts left by a development run, creates the admin once, and keeps data private', async () => {
    const development = await HubProcess.start('security-dev-first', {
      broker: 'embedded',
      database: 'sqlite',
      env: { DATA_DIR: dataDir },
    });
    await development.login('admin');
    await development.dispose();
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'ioc.sqlite')).mode & 0o777).toBe(0o600);

    const hub = await HubProcess.start('security-production', {
      broker: 'embedded',
      database: 'sqlite',
      env: production,
    });
    try {
      for (const role of ['operator', 'dispatcher', 'admin'])
        expect((await loginAs(hub, role, 'e2e-password')).status).toBe(401);
      const chief = (await loginAs(hub, 'chief', 'chief-password-1')).body.accessToken;
      const accounts = await call<Account[]>(hub, 'GET', '/api/users', chief);
      expect(accounts.body.filter((a) => !a.disabled).map((a) => a.username)).toEqual(['chief']);
      // The password policy: at least 12 characters in production.
      const weak = await call(hub, 'POST', '/api/users', chief, {
        username: 'weak',
        password: 'eleven-char',
        role: 'operator',
      });
      expect(weak.status).toBe(400);
      // A password changed through the API survives a restart with the same environment.
      const changed = await call(hub, 'PATCH', '/api/users/chief', chief, {
        password: 'chief-changed-password',
      });
      expect(changed.status).toBe(200);
      await hub.restart();
      expect((await loginAs(hub, 'chief', 'chief-password-1')).status).toBe(401);
      expect((await loginAs(hub, 'chief', 'chief-changed-password')).status).toBe(200);
    } finally {
      await hub.dispose();
    }
  });

  it('refuses to start with a jwt-secret file other users may read', async () => {
    const loose = join(dataDir, '..', 'loose');
    mkdirSync(loose, { recursive: true, mode: 0o700 });
    writeFileSync(join(loose, 'jwt-secret'), 'a'.repeat(64));
    chmodSync(join(loose, 'jwt-secret'), 0o644);
    const start = spawnSync(process.execPath, [join(REPO_ROOT, 'server/dist/main.js')], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: loose, PORT: '0', MQTT_PORT: '0' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(start.status).toBe(1);
    expect(`${start.stdout}${start.stderr}`).toMatch(
      /jwt-secret may be read by other users: chmod 600/,
    );
  });

  it('keeps /metrics and the API docs behind METRICS_TOKEN', async () => {
    const hub = await HubProcess.start('security-metrics', {
      broker: 'embedded',
      database: 'sqlite',
      env: { ...production, DATA_DIR: join(dataDir, 'metrics') },
    });
    try {
      for (const path of ['/metrics', '/api/docs', '/api/docs-json']) {
        expect((await fetch(`${hub.baseUrl}${path}`)).status).toBe(401);
        const wrong = await fetch(`${hub.baseUrl}${path}`, {
          headers: { authorization: 'Bearer not-the-metrics-token' },
        });
        expect(wrong.status).toBe(401);
        const right = await fetch(`${hub.baseUrl}${path}`, {
          headers: { authorization: `Bearer ${production.METRICS_TOKEN}` },
        });
        expect(right.status).toBe(200);
      }
      expect((await fetch(`${hub.baseUrl}/health`)).status).toBe(200);
    } finally {
      await hub.dispose();
    }
  });
});
