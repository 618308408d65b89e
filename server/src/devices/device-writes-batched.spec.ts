import { HubEvents } from '../common/hub-events';
import { timerScheduler } from '../common/scheduler';
import {
  NOTHING_SKIPPED,
  type BatchStatement,
  type BatchWriter,
  type WriteResult,
} from '../database/batch-writer';
import { GroupCommit } from '../database/group-commit';
import { DeviceIdentityService } from './device-identity.service';
import { DeviceRepository } from './device.repository';
import { DevicesService } from './devices.service';

/**
 * A database whose commits end on a later turn of the event loop (work arriving meanwhile
 * waits for the next one, as with a real writer) and that records each transaction's device
 * rows, as a real writer would see them through the group commit.
 */
class RecordingWriter implements BatchWriter {
  readonly commits: unknown[][][] = [];
  register(_statement: BatchStatement): void {}
  start(): void {}
  async write(rows: Readonly<Record<string, unknown[][]>>): Promise<WriteResult> {
    await new Promise((resolve) => setImmediate(resolve));
    this.commits.push(rows.devices ?? []);
    return NOTHING_SKIPPED;
  }
  prune(): Promise<number> {
    return Promise.resolve(0);
  }
  bool(value: boolean): boolean {
    return value;
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const ID = 0;
const STATUS = 8;

function setUp(): { writer: RecordingWriter; devices: DevicesService; group: GroupCommit } {
  const writer = new RecordingWriter();
  const group = new GroupCommit(writer, timerScheduler);
  // Reads are not used here: only the writes, through the group commit.
  const noDatabase = {} as ConstructorParameters<typeof DeviceRepository>[0];
  const repository = new DeviceRepository(noDatabase, writer, group);
  return { writer, devices: new DevicesService(repository, new HubEvents()), group };
}

describe('device writes share the group commit', () => {
  it('stores 2,000 statuses of 2,000 devices in far fewer transactions, each after its commit', async () => {
    const { writer, devices, group } = setUp();
    const n = 2_000;
    const ids = Array.from({ length: n }, (_, i) => `dev-${i}`);
    const acknowledged: string[] = [];
    await Promise.all(
      ids.map((id) =>
        devices.setStatus(id, 'online', 1_000).then(() => {
          // "Acknowledged means stored": the row is in a commit that has ended.
          expect(writer.commits.flat().some((row) => row[ID] === id)).toBe(true);
          acknowledged.push(id);
        }),
      ),
    );
    await group.whenIdle();
    expect(acknowledged).toHaveLength(n);
    expect(writer.commits.flat()).toHaveLength(n);
    expect(writer.commits.length).toBeLessThanOrEqual(n / 100);
    expect(devices.list().every((d) => d.status === 'online')).toBe(true);
  });

  it("keeps each device's writes in the order they came, one per commit", async () => {
    const { writer, devices } = setUp();
    const sequence: ('online' | 'offline')[] = ['online', 'offline', 'online', 'offline', 'online'];
    const ids = ['cam-a', 'cam-b', 'cam-c'];
    const done = ids.flatMap((id) =>
      sequence.map((status, k) => devices.setStatus(id, status, 1_000 + k)),
    );
    await expect(Promise.all(done)).resolves.toEqual(Array(done.length).fill(true));
    for (const id of ids) {
      const perCommit = writer.commits.map((rows) => rows.filter((row) => row[ID] === id));
      // Never twice in one transaction: the next write of a device starts from the stored row.
      expect(perCommit.every((rows) => rows.length <= 1)).toBe(true);
      expect(perCommit.flat().map((row) => row[STATUS])).toEqual(sequence);
      expect(devices.get(id)?.status).toBe('online');
    }
    // The three devices moved together: five commits, not fifteen.
    expect(writer.commits.length).toBe(sequence.length);
  });

  it('provisions a fleet file in shared commits; a provisioned id is a conflict on its line', async () => {
    const { writer, devices } = setUp();
    const identity = new DeviceIdentityService(devices);
    const lines = Array.from(
      { length: 500 },
      (_, i) => `aq-${i},sensor,Sensor ${i},11.9,108.4,ward-1,pm25`,
    );
    const csv = ['id,kind,name,lat,lon,zone,capabilities', ...lines].join('\n');
    await identity.provision({
      id: 'aq-7',
      kind: 'sensor',
      name: 'Already here',
      location: { lat: 11.9, lon: 108.4 },
      zone: 'ward-1',
      capabilities: ['pm25'],
    });
    const before = writer.commits.length;
    const result = await identity.provisionFleet(csv, 'csv');
    expect(result.created.map((c) => c.id)).toEqual(
      lines.map((_, i) => `aq-${i}`).filter((id) => id !== 'aq-7'),
    );
    expect(result.errors).toEqual([
      { line: 9, reason: expect.stringContaining('already provisioned') as string },
    ]);
    expect(writer.commits.length - before).toBeLessThanOrEqual(10);
  });
});
