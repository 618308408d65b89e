import type { Account, ErrorBody, IssuedWallToken, SessionEnd, WallToken } from '@ioc/shared';
import { call } from '../support/api';
import { LiveClient } from '../support/clients';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';

// docs/security.md "Wall screens": an admin issues a long-lived read-only credential,
// which reads everything, writes nothing, and stops (HTTP and live) when revoked.
describe('wall-screen credentials (SQLite)', () => {
  let hub: HubProcess;
  let admin: string;
  let dispatcher: string;

  beforeAll(async () => {
    hub = await HubProcess.start('wall-tokens', { broker: 'embedded', database: 'sqlite' });
    [admin, dispatcher] = await Promise.all([hub.login('admin'), hub.login('dispatcher')]);
  });

  afterAll(async () => {
    await hub?.dispose();
  });

  const issue = (label: string, token = admin) =>
    call<IssuedWallToken & ErrorBody>(hub, 'POST', '/api/wall-tokens', token, { label });

  it('issues a read-only token that outlives a login token, reads everything and changes nothing', async () => {
    const issued = await issue('Control room wall');
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ label: 'Control room wall', createdBy: 'admin' });
    const days = (Date.parse(issued.body.expiresAt) - Date.parse(issued.body.createdAt)) / 86400e3;
    expect(days).toBeCloseTo(365, 0);
    const wall = issued.body.token;

    for (const path of ['/api/incidents', '/api/units', '/api/devices', '/api/stats'])
      expect((await call(hub, 'GET', path, wall)).status).toBe(200);

    const writes = await Promise.all([
      call<ErrorBody>(hub, 'POST', '/api/reports', wall, {
        type: 'fire.smoke',
        location: { lat: 11.94, lon: 108.44 },
        description: 'from the wall',
      }),
      call<ErrorBody>(hub, 'POST', '/api/incidents/any/notes', wall, { text: 'hello' }),
      call<ErrorBody>(hub, 'POST', '/api/incidents/any/acknowledge', wall, { version: 1 }),
      call<ErrorBody>(hub, 'POST', '/api/wall-tokens', wall, { label: 'another' }),
    ]);
    for (const refused of writes) {
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('FORBIDDEN');
    }

    const live = new LiveClient(hub.baseUrl, wall);
    await live.connected();
    live.close();
  });

  it('is listed for admins only, without the token itself', async () => {
    const issued = await issue('Lobby screen');
    const listed = await call<WallToken[]>(hub, 'GET', '/api/wall-tokens', admin);
    expect(listed.status).toBe(200);
    const row = listed.body.find((t) => t.id === issued.body.id);
    expect(row).toMatchObject({ label: 'Lobby screen', revokedAt: null });
    expect(JSON.stringify(listed.body)).not.toContain(issued.body.token);
    expect((await call(hub, 'GET', '/api/wall-tokens', dispatcher)).status).toBe(403);
    expect((await issue('x', dispatcher)).status).toBe(403);
    expect((await issue('')).status).toBe(400);
    // Its account is a viewer nobody can log in as.
    const users = await call<Account[]>(hub, 'GET', '/api/users', admin);
    expect(users.body.find((u) => u.username === issued.body.username)?.role).toBe('viewer');
  });

  it('revoking stops the token on HTTP at once and cuts its live socket', async () => {
    const issued = await issue('Old wall');
    const wall = issued.body.token;
    const live = new LiveClient(hub.baseUrl, wall);
    await live.connected();
    const ended: SessionEnd[] = [];
    live.socket.on('session', (end) => ended.push(end));

    const revoked = await call<WallToken>(
      hub,
      'DELETE',
      `/api/wall-tokens/${issued.body.id}`,
      admin,
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await call(hub, 'GET', '/api/incidents', wall)).status).toBe(401);
    await expectEventually(() => expect(live.socket.connected).toBe(false));
    expect(ended.map((e) => e.reason)).toEqual(['disabled']);
    await expect(new LiveClient(hub.baseUrl, wall).connected()).rejects.toThrow();
    const listed = await call<WallToken[]>(hub, 'GET', '/api/wall-tokens', admin);
    expect(listed.body.find((t) => t.id === issued.body.id)?.revokedAt).not.toBeNull();
    expect((await call(hub, 'DELETE', '/api/wall-tokens/nope', admin)).status).toBe(404);
    live.close();
  });
});
