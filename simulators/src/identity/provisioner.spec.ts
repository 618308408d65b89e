import type { MqttCredentials } from './credentials.file';
import type { DeviceRegistration } from './device-list';
import { ensureCredentials, provisionDevices, type ProvisioningApi } from './provisioner';

const device = (id: string): DeviceRegistration => ({
  id,
  kind: 'sensor',
  name: id,
  location: { lat: 11.9, lon: 108.4 },
  zone: 'center',
  capabilities: [],
});

/** A stand-in for the hub's admin API: knows some devices already, refuses some. */
class StandInHub implements ProvisioningApi {
  readonly bulkSizes: number[] = [];
  readonly rotated: string[] = [];
  private issued = 0;

  constructor(
    private readonly known: Set<string>,
    private readonly invalid = new Set<string>(),
  ) {}

  private secret(id: string): MqttCredentials {
    this.issued += 1;
    return { username: id, password: `pw-${id}-${this.issued}` };
  }

  async registerDevices(devices: readonly DeviceRegistration[]) {
    this.bulkSizes.push(devices.length);
    const created: { id: string; credentials: MqttCredentials }[] = [];
    const errors: { line: number; reason: string }[] = [];
    devices.forEach((d, i) => {
      if (this.invalid.has(d.id)) errors.push({ line: i + 1, reason: 'location: out of range' });
      else if (this.known.has(d.id)) errors.push({ line: i + 1, reason: `${d.id} exists` });
      else {
        this.known.add(d.id);
        created.push({ id: d.id, credentials: this.secret(d.id) });
      }
    });
    return { created, errors };
  }

  async rotateCredentials(id: string) {
    if (!this.known.has(id)) return null;
    this.rotated.push(id);
    return this.secret(id);
  }
}

describe('provisioning', () => {
  it('registers in chunks, rotates the devices the hub knew, reports the refused with their reason', async () => {
    const hub = new StandInHub(new Set(['d-2']), new Set(['d-4']));
    const result = await provisionDevices(['d-1', 'd-2', 'd-3', 'd-4', 'd-5'].map(device), hub, 2);
    expect(hub.bulkSizes).toEqual([2, 2, 1]);
    expect(result.created).toEqual(['d-1', 'd-3', 'd-5']);
    expect(result.rotated).toEqual(['d-2']);
    expect(result.failed).toEqual([{ id: 'd-4', reason: 'location: out of range' }]);
    expect([...result.credentials.keys()].sort()).toEqual(['d-1', 'd-2', 'd-3', 'd-5']);
    expect(result.credentials.get('d-2')).toEqual({
      username: 'd-2',
      password: expect.stringMatching(/^pw-d-2-/) as string,
    });
  });

  it('keeps the credentials it was given and provisions only the missing devices', async () => {
    const hub = new StandInHub(new Set(['d-1']));
    const mine = { username: 'd-1', password: 'from-the-file' };
    const { credentials, provisioned } = await ensureCredentials(
      [device('d-1'), device('d-2')],
      new Map([['d-1', mine]]),
      hub,
    );
    expect(credentials.get('d-1')).toBe(mine);
    expect(hub.rotated).toEqual([]);
    expect(provisioned?.created).toEqual(['d-2']);
    const again = await ensureCredentials([device('d-1')], credentials, hub);
    expect(again.provisioned).toBeNull();
    expect(hub.bulkSizes).toEqual([1]);
  });
});
