import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiRoutes, type RulesStatus, type RulesValidation } from '@ioc/shared';
import { call } from '../support/api';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';

// The rules file over HTTP (docs/contract.md §7): read by operators; validated and replaced
// by admins only, refused as the hot reload refuses a file, with nothing written.

const FIRST = 'categories:\n  fire: { radiusM: 400 }\n';
const BAD = 'categories:\n  fire: { radiusM: -5 }\n';
const GOOD = 'categories:\n  fire: { radiusM: 250 }\nslaSeconds: { critical: 30 }\n';

type FireRules = { categories: { fire: { radiusM: number } } };
const fireRadius = (status: RulesStatus): number =>
  (status.rules as FireRules).categories.fire.radiusM;

describe('rules administration over HTTP', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-rules-admin-'));
  const rulesFile = join(dir, 'rules.yaml');
  let hub: HubProcess;
  let admin: string;

  beforeAll(async () => {
    writeFileSync(rulesFile, FIRST);
    hub = await HubProcess.start('rules-admin', {
      broker: 'embedded',
      database: 'sqlite',
      env: { RULES_FILE: rulesFile },
    });
    admin = await hub.login('admin');
  });

  afterAll(async () => {
    await hub?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows operators the file text and its parsed form', async () => {
    const operator = await hub.login('operator');
    const response = await call<RulesStatus>(hub, 'GET', apiRoutes.rules(), operator);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ source: rulesFile, text: FIRST, editable: true });
    expect(fireRadius(response.body)).toBe(400);
  });

  it.each(['operator', 'dispatcher'] as const)(
    'answers 403 to a %s who validates or applies, and changes nothing',
    async (role) => {
      const token = await hub.login(role);
      const validate = await call(hub, 'POST', apiRoutes.rulesValidate(), token, { text: GOOD });
      const apply = await call<{ code: string }>(hub, 'PUT', apiRoutes.rules(), token, {
        text: GOOD,
      });
      expect([validate.status, apply.status]).toEqual([403, 403]);
      expect(apply.body.code).toBe('FORBIDDEN');
      expect(readFileSync(rulesFile, 'utf8')).toBe(FIRST);
    },
  );

  it('answers 401 without a token', async () => {
    expect((await call(hub, 'PUT', apiRoutes.rules(), null, { text: GOOD })).status).toBe(401);
  });

  it('validates without applying: the refusal names the bad value', async () => {
    const bad = await call<RulesValidation>(hub, 'POST', apiRoutes.rulesValidate(), admin, {
      text: BAD,
    });
    expect(bad.status).toBe(200);
    expect(bad.body.valid).toBe(false);
    expect(bad.body.error).toMatch(/categories\.fire\.radiusM/);
    const good = await call<RulesValidation>(hub, 'POST', apiRoutes.rulesValidate(), admin, {
      text: GOOD,
    });
    expect(good.body).toEqual({ valid: true, error: null });
    // Validating a good text applies nothing either.
    const now = await call<RulesStatus>(hub, 'GET', apiRoutes.rules(), admin);
    expect(fireRadius(now.body)).toBe(400);
    expect(readFileSync(rulesFile, 'utf8')).toBe(FIRST);
  });

  it('refuses a bad change with the reason, writes nothing, keeps the rules', async () => {
    const before = (await call<RulesStatus>(hub, 'GET', apiRoutes.rules(), admin)).body;
    const refused = await call<{ code: string; message: string }>(
      hub,
      'PUT',
      apiRoutes.rules(),
      admin,
      { text: BAD },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('VALIDATION');
    expect(refused.body.message).toMatch(/categories\.fire\.radiusM/);
    expect(readFileSync(rulesFile, 'utf8')).toBe(FIRST);
    const after = (await call<RulesStatus>(hub, 'GET', apiRoutes.rules(), admin)).body;
    expect(after).toEqual(before);
    const body = await call(hub, 'PUT', apiRoutes.rules(), admin, { text: 5 });
    expect(body.status).toBe(400);
  });

  it('applies a good change at once: written to the file (owner only), in force, audited', async () => {
    const applied = await call<RulesStatus>(hub, 'PUT', apiRoutes.rules(), admin, { text: GOOD });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ text: GOOD, lastError: null });
    expect(fireRadius(applied.body)).toBe(250);
    expect(readFileSync(rulesFile, 'utf8')).toBe(GOOD);
    expect(statSync(rulesFile).mode & 0o077).toBe(0);
    const read = await call<RulesStatus>(hub, 'GET', apiRoutes.rules(), admin);
    expect(fireRadius(read.body)).toBe(250);
    await expectEventually(() =>
      expect(hub.logs).toMatch(/audit: rules file .* replaced by admin/),
    );
  });

  it('still hot-reloads the file when it is edited on disk after an apply', async () => {
    writeFileSync(rulesFile, 'categories:\n  fire: { radiusM: 120 }\n');
    await expectEventually(async () => {
      const read = await call<RulesStatus>(hub, 'GET', apiRoutes.rules(), admin);
      expect(fireRadius(read.body)).toBe(120);
    }, 15_000);
  });
});
