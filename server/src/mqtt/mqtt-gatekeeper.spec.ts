import { digestSecret } from '../devices/device-secret';
import { MqttGatekeeper, type GatekeeperOptions } from './mqtt-gatekeeper';

const password = 'f3Jq0h2c8Z1kL9mN4pR7sT6uV5wX3yA2';
const digests = new Map([['cam-1', digestSecret(password)]]);

function gatekeeper(overrides: Partial<GatekeeperOptions> = {}): MqttGatekeeper {
  return new MqttGatekeeper({
    allowAnonymous: false,
    topicRoot: 'ioc',
    integrationAccounts: [{ id: 'opendata', key: 'open-data-password-1' }],
    failuresPerAddress: 3,
    secretDigestOf: (id) => digests.get(id) ?? null,
    ...overrides,
  });
}

const buf = (text: string): Buffer => Buffer.from(text);

describe('MqttGatekeeper', () => {
  it('admits a provisioned device by its id and password only', () => {
    const gate = gatekeeper();
    expect(gate.login('10.0.0.1', 'cam-1', buf(password))).toEqual({
      ok: true,
      identity: { kind: 'device', deviceId: 'cam-1' },
    });
    expect(gate.login('10.0.0.1', 'cam-1', buf(`${password}x`))).toEqual({
      ok: false,
      reason: 'bad_credentials',
    });
    expect(gate.login('10.0.0.2', 'cam-2', buf(password))).toEqual({
      ok: false,
      reason: 'bad_credentials',
    });
  });

  it('refuses clients without credentials unless anonymous devices are allowed', () => {
    expect(gatekeeper().login('10.0.0.1', undefined, undefined)).toEqual({
      ok: false,
      reason: 'no_credentials',
    });
    expect(gatekeeper({ allowAnonymous: true }).login('10.0.0.1', undefined, undefined)).toEqual({
      ok: true,
      identity: { kind: 'anonymous' },
    });
    // A wrong password stays wrong with anonymous devices allowed.
    expect(gatekeeper({ allowAnonymous: true }).login('10.0.0.1', 'cam-1', buf('guess')).ok).toBe(
      false,
    );
  });

  it('admits a read-only integration account', () => {
    const gate = gatekeeper();
    const login = gate.login('10.0.0.1', 'opendata', buf('open-data-password-1'));
    expect(login).toEqual({ ok: true, identity: { kind: 'integration', account: 'opendata' } });
    expect(gate.login('10.0.0.1', 'opendata', buf('nope')).ok).toBe(false);
  });

  it('throttles an address after its failures, without checking, and spares the others', () => {
    let now = 0;
    const gate = gatekeeper({ now: () => now });
    for (let i = 0; i < 3; i++)
      expect(gate.login('10.6.6.6', 'cam-1', buf('guess')).ok).toBe(false);
    expect(gate.login('10.6.6.6', 'cam-1', buf(password))).toEqual({
      ok: false,
      reason: 'throttled',
    });
    expect(gate.login('10.0.0.1', 'cam-1', buf(password)).ok).toBe(true);
    now += 60_001;
    expect(gate.login('10.6.6.6', 'cam-1', buf(password)).ok).toBe(true);
  });

  it('asks the ACL with its topic root', () => {
    const gate = gatekeeper();
    const camera = { kind: 'device', deviceId: 'cam-1' } as const;
    expect(gate.mayPublish(camera, 'ioc/devices/cam-1/events')).toBe(true);
    expect(gate.mayPublish(camera, 'ioc/devices/cam-2/events')).toBe(false);
    expect(gate.maySubscribe(camera, '#')).toBe(false);
  });
});
