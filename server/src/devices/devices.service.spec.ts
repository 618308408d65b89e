import type { Birth } from '@ioc/shared';
import { HubEvents } from '../common/hub-events';
import type { DeviceEntity } from '../database/entities';
import type { DeviceRepository } from './device.repository';
import { DevicesService } from './devices.service';

const BIRTH: Birth = {
  kind: 'camera',
  name: 'Prenn Pass camera',
  location: { lat: 11.9, lon: 108.46 },
  zone: 'prenn',
  capabilities: ['fire.smoke'],
};

/** A repository whose next write fails, as a database that went away would. */
class FlakyRepository {
  failNext = false;
  stored: DeviceEntity[] = [];
  findAll(): Promise<DeviceEntity[]> {
    return Promise.resolve([]);
  }
  upsert(rows: DeviceEntity[]): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(new Error('database unavailable'));
    }
    this.stored.push(...rows.map((r) => ({ ...r })));
    return Promise.resolve();
  }
}

describe('DevicesService: memory never runs ahead of the database', () => {
  function setUp(): { repository: FlakyRepository; devices: DevicesService; changes: string[] } {
    const repository = new FlakyRepository();
    const events = new HubEvents();
    const changes: string[] = [];
    events.deviceChanged$.subscribe((d) => changes.push(`${d.id}:${d.status}`));
    const devices = new DevicesService(repository as unknown as DeviceRepository, events);
    return { repository, devices, changes };
  }

  it('a birth whose write fails registers nothing and announces nothing', async () => {
    const { repository, devices, changes } = setUp();
    repository.failNext = true;
    await expect(devices.registerBirth('cam-1', BIRTH, 1_000)).rejects.toThrow('unavailable');
    expect(devices.get('cam-1')).toBeUndefined();
    expect(changes).toEqual([]);
    await devices.registerBirth('cam-1', BIRTH, 2_000);
    expect(devices.get('cam-1')).toMatchObject({ name: 'Prenn Pass camera', registered: true });
  });

  it('a status change whose write fails leaves the old status, so the resent one applies', async () => {
    const { repository, devices, changes } = setUp();
    await devices.registerBirth('cam-1', BIRTH, 1_000);
    await devices.setStatus('cam-1', 'online', 1_000);
    repository.failNext = true;
    await expect(devices.setStatus('cam-1', 'offline', 2_000)).rejects.toThrow('unavailable');
    expect(devices.get('cam-1')?.status).toBe('online');
    await expect(devices.setStatus('cam-1', 'offline', 3_000)).resolves.toBe(true);
    expect(devices.get('cam-1')?.status).toBe('offline');
    expect(changes.at(-1)).toBe('cam-1:offline');
    expect(repository.stored.at(-1)?.status).toBe('offline');
  });
});
