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

/**
 * A repository whose writes are held until the spec lets them finish, one by one, and can be
 * made to fail, as a database that went away would.
 */
class HeldRepository {
  stored = new Map<string, DeviceEntity>();
  private readonly pending: { rows: DeviceEntity[]; finish: (error?: Error) => void }[] = [];

  findAll(): Promise<DeviceEntity[]> {
    return Promise.resolve([]);
  }

  store(row: DeviceEntity): Promise<void> {
    return this.upsert([row]);
  }

  upsert(rows: readonly DeviceEntity[]): Promise<void> {
    const copies = rows.map((r) => ({ ...r }));
    return new Promise((resolve, reject) => {
      this.pending.push({
        rows: copies,
        finish: (error) => {
          if (error) return reject(error);
          for (const r of copies) this.stored.set(r.id, r);
          resolve();
        },
      });
    });
  }

  /** Lets the oldest held write finish (or fail), once it has been issued. */
  async settleNext(error?: Error): Promise<DeviceEntity[]> {
    for (let turns = 0; this.pending.length === 0; turns++) {
      if (turns > 100) throw new Error('no write was issued');
      await Promise.resolve();
    }
    const next = this.pending.shift()!;
    next.finish(error);
    return next.rows;
  }

  get inFlight(): number {
    return this.pending.length;
  }
}

describe('DevicesService: memory never runs ahead of the database', () => {
  function setUp(): { repository: HeldRepository; devices: DevicesService; changes: string[] } {
    const repository = new HeldRepository();
    const events = new HubEvents();
    const changes: string[] = [];
    events.deviceChanged$.subscribe((d) => changes.push(`${d.id}:${d.status}`));
    const devices = new DevicesService(repository as unknown as DeviceRepository, events);
    return { repository, devices, changes };
  }

  it('a birth whose write fails registers nothing and announces nothing; the resent one applies', async () => {
    const { repository, devices, changes } = setUp();
    const failed = devices.registerBirth('cam-1', BIRTH, 1_000);
    await repository.settleNext(new Error('database unavailable'));
    await expect(failed).rejects.toThrow('unavailable');
    expect(devices.get('cam-1')).toBeUndefined();
    expect(changes).toEqual([]);

    const resent = devices.registerBirth('cam-1', BIRTH, 2_000);
    await repository.settleNext();
    await resent;
    expect(devices.get('cam-1')).toMatchObject({ name: 'Prenn Pass camera', registered: true });
    expect(repository.stored.get('cam-1')).toMatchObject({ name: 'Prenn Pass camera' });
  });

  it('a status change whose write fails leaves the old status, so the resent one applies', async () => {
    const { repository, devices, changes } = setUp();
    const born = devices.registerBirth('cam-1', BIRTH, 1_000);
    await repository.settleNext();
    await born;
    const online = devices.setStatus('cam-1', 'online', 1_000);
    await repository.settleNext();
    await expect(online).resolves.toBe(true);

    const failed = devices.setStatus('cam-1', 'offline', 2_000);
    await repository.settleNext(new Error('database unavailable'));
    await expect(failed).rejects.toThrow('unavailable');
    expect(devices.get('cam-1')?.status).toBe('online');

    const resent = devices.setStatus('cam-1', 'offline', 3_000);
    await repository.settleNext();
    await expect(resent).resolves.toBe(true);
    expect(devices.get('cam-1')?.status).toBe('offline');
    expect(changes.at(-1)).toBe('cam-1:offline');
    expect(repository.stored.get('cam-1')?.status).toBe('offline');
  });

  it('a birth and the status right behind it are written one after the other, and both kept', async () => {
    const { repository, devices } = setUp();
    const born = devices.registerBirth('cam-1', BIRTH, 1_000);
    const online = devices.setStatus('cam-1', 'online', 1_001);
    // The status waits for the birth: one write in flight, and nothing registered yet.
    await Promise.resolve();
    expect(repository.inFlight).toBe(1);
    expect(devices.get('cam-1')).toBeUndefined();

    const birthRow = await repository.settleNext();
    expect(birthRow[0]).toMatchObject({ name: 'Prenn Pass camera', status: 'unknown' });
    await born;
    const statusRow = await repository.settleNext();
    // Built from the stored birth, not from the row the hub had when the status arrived.
    expect(statusRow[0]).toMatchObject({ name: 'Prenn Pass camera', lat: 11.9, status: 'online' });
    await expect(online).resolves.toBe(true);
    expect(devices.get('cam-1')).toMatchObject({ name: 'Prenn Pass camera', status: 'online' });
    expect(devices.locationOf('cam-1')).toEqual({ lat: 11.9, lon: 108.46 });
  });

  it('a failed birth does not stop the status behind it, which applies to the stored row', async () => {
    const { repository, devices } = setUp();
    const born = devices.registerBirth('cam-1', BIRTH, 1_000);
    const online = devices.setStatus('cam-1', 'online', 1_001);
    await repository.settleNext(new Error('database unavailable'));
    await expect(born).rejects.toThrow('unavailable');
    const statusRow = await repository.settleNext();
    expect(statusRow[0]).toMatchObject({ name: null, status: 'online' });
    await expect(online).resolves.toBe(true);
    expect(devices.get('cam-1')).toMatchObject({ name: null, status: 'online', registered: false });
  });

  it('a provisioning that fails leaves the id free to provision again', async () => {
    const { repository, devices } = setUp();
    const request = { id: 'cam-9', ...BIRTH };
    const failed = devices.provision(request, 'digest-1', 1_000);
    await repository.settleNext(new Error('database unavailable'));
    await expect(failed).rejects.toThrow('unavailable');
    expect(devices.isProvisioned('cam-9')).toBe(false);

    const again = devices.provision(request, 'digest-2', 2_000);
    await repository.settleNext();
    await expect(again).resolves.toMatchObject({ id: 'cam-9', provisioned: true });
    expect(devices.secretDigestOf('cam-9')).toBe('digest-2');
    // A second provisioning queued behind the first sees it stored: a conflict.
    await expect(devices.provision(request, 'digest-3', 3_000)).rejects.toThrow(
      'already provisioned',
    );
  });
});
