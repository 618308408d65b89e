import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REJECTION_REASONS, type Rejection } from '@ioc/shared';
import { DEMO_PASSWORD, HubProcess } from '../support/hub-process';
import { counterValue, metricsText } from '../support/metrics';
import { runSimulatorForResult } from '../support/simulator-run';

// The simulator's fault injection against the real hub: what it says it sent is what the
// hub's /metrics counted, reason by reason, and the hub keeps serving.

interface Row {
  metric: string;
  expected: number;
}

/** The "expected delta" rows the faults command prints: `<metric>  <n>[ / <hub n>  ok]`. */
function printedRows(output: string): Row[] {
  return [...output.matchAll(/^ {2}(ioc_[a-z_]+(?:\{[a-z]+="[a-z_]+"\})?)\s+(\d+)/gm)].map((m) => ({
    metric: m[1] as string,
    expected: Number(m[2]),
  }));
}

/** Every counter a fault run can move, read from one /metrics text. */
function snapshot(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const reason of REJECTION_REASONS)
    out.set(
      `ioc_events_rejected_total{reason="${reason}"}`,
      counterValue(text, 'ioc_events_rejected_total', { reason }),
    );
  for (const name of [
    'ioc_events_duplicate_total',
    'ioc_events_accepted_total',
    'ioc_telemetry_accepted_total',
  ])
    out.set(name, counterValue(text, name));
  out.set(
    'ioc_mqtt_messages_total{channel="status"}',
    counterValue(text, 'ioc_mqtt_messages_total', { channel: 'status' }),
  );
  return out;
}

describe('fault injection against the hub', () => {
  let hub: HubProcess;

  beforeAll(async () => {
    hub = await HubProcess.start('faults', { broker: 'embedded', database: 'sqlite' });
  });

  afterAll(async () => {
    await hub?.dispose();
  });

  const faults = (...args: string[]) =>
    runSimulatorForResult(['faults', '--url', hub.mqttUrl, '--topic-root', hub.topicRoot, ...args]);

  it('counts every kind of fault exactly as the hub does', async () => {
    const before = snapshot(await metricsText(hub.baseUrl));
    const run = await faults('--all', '3', '--hub', hub.baseUrl);
    if (run.code !== 0) throw new Error(run.output);
    expect(run.output).toContain('faults: the hub counted every fault as expected');

    // Independently of the simulator's own comparison: its printed deltas are the hub's.
    const after = snapshot(await metricsText(hub.baseUrl));
    const rows = printedRows(run.output);
    for (const reason of [
      'invalid_json',
      'missing_field',
      'invalid_field',
      'payload_too_large',
      'coordinates_out_of_range',
      'future_timestamp',
      'unknown_device',
      'bad_topic',
    ])
      expect(rows).toContainEqual({
        metric: `ioc_events_rejected_total{reason="${reason}"}`,
        expected: 3,
      });
    expect(rows).toContainEqual({ metric: 'ioc_events_duplicate_total', expected: 3 });
    expect(rows.length).toBeGreaterThanOrEqual(11);
    for (const row of rows)
      expect([row.metric, (after.get(row.metric) ?? 0) - (before.get(row.metric) ?? 0)]).toEqual([
        row.metric,
        row.expected,
      ]);
    // Nothing else was rejected.
    for (const reason of [
      'batch_too_large',
      'unknown_type',
      'unknown_metric',
      'attributes_too_large',
      'invalid_status',
    ])
      expect(
        (after.get(`ioc_events_rejected_total{reason="${reason}"}`) ?? 0) -
          (before.get(`ioc_events_rejected_total{reason="${reason}"}`) ?? 0),
      ).toBe(0);

    // The latest rejections are listed with their reason and topic.
    const token = await hub.login('operator');
    const response = await fetch(`${hub.baseUrl}/api/ingest/rejections`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await response.json()) as Rejection[] | { items: Rejection[] };
    const listed = Array.isArray(body) ? body : body.items;
    expect(listed.map((r) => r.reason)).toEqual(
      expect.arrayContaining(['invalid_json', 'payload_too_large', 'bad_topic']),
    );
    expect((await fetch(`${hub.baseUrl}/health`)).status).toBe(200);
  });

  it('moves future_timestamp with a clock skew past 120 s, and nothing with a small one', async () => {
    const text0 = await metricsText(hub.baseUrl);
    const ahead = await faults(
      '--clock-skew-events',
      '4',
      '--clock-skew',
      '600',
      '--hub',
      hub.baseUrl,
    );
    if (ahead.code !== 0) throw new Error(ahead.output);
    const text1 = await metricsText(hub.baseUrl);
    expect(
      counterValue(text1, 'ioc_events_rejected_total', { reason: 'future_timestamp' }) -
        counterValue(text0, 'ioc_events_rejected_total', { reason: 'future_timestamp' }),
    ).toBe(4);

    const behind = await faults(
      '--clock-skew-events',
      '4',
      '--clock-skew',
      '-900',
      '--out-of-order',
      '5',
      '--hub',
      hub.baseUrl,
    );
    if (behind.code !== 0) throw new Error(behind.output);
    const text2 = await metricsText(hub.baseUrl);
    expect(
      counterValue(text2, 'ioc_events_rejected_total') -
        counterValue(text1, 'ioc_events_rejected_total'),
    ).toBe(0);
    expect(
      counterValue(text2, 'ioc_events_accepted_total') -
        counterValue(text1, 'ioc_events_accepted_total'),
    ).toBe(9);
  });
});

describe('fault injection against a hub that admits provisioned devices only', () => {
  let hub: HubProcess;
  let dir: string;

  beforeAll(async () => {
    hub = await HubProcess.start('faults-identity', {
      broker: 'embedded',
      database: 'sqlite',
      anonymousDevices: false,
    });
    dir = mkdtempSync(join(tmpdir(), 'ioc-e2e-faults-'));
  });

  afterAll(async () => {
    await hub?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const faults = (...args: string[]) =>
    runSimulatorForResult([
      'faults',
      '--url',
      hub.mqttUrl,
      '--topic-root',
      hub.topicRoot,
      '--hub',
      hub.baseUrl,
      ...args,
    ]);

  it('is refused anonymously, and counts every fault it can send once provisioned', async () => {
    const anonymous = await faults('--malformed-json', '1');
    expect(anonymous.code).not.toBe(0);
    expect(anonymous.output).toContain('it wants per-device credentials');

    const credentials = join(dir, 'creds.json');
    const before = await metricsText(hub.baseUrl);
    const run = await faults(
      '--all',
      '2',
      '--credentials',
      credentials,
      '--provision',
      '--username',
      'admin',
      '--password',
      DEMO_PASSWORD,
    );
    if (run.code !== 0) throw new Error(run.output);
    expect(run.output).toContain('with its own credentials');
    expect(run.output).toContain('unknown-device: not sent');
    expect(run.output).toContain('faults: the hub counted every fault as expected');
    const after = await metricsText(hub.baseUrl);
    const delta = (reason: string): number =>
      counterValue(after, 'ioc_events_rejected_total', { reason }) -
      counterValue(before, 'ioc_events_rejected_total', { reason });
    expect(delta('invalid_json')).toBe(2);
    expect(delta('bad_topic')).toBe(2);
    expect(delta('unknown_device')).toBe(0);
    // The devices it registered are in the file, so a second run needs no admin.
    expect(Object.keys(JSON.parse(readFileSync(credentials, 'utf8')).devices as object)).toEqual(
      expect.arrayContaining(['fault-sim-01', 'fault-sim-flap']),
    );
    const again = await faults('--malformed-json', '1', '--credentials', credentials);
    if (again.code !== 0) throw new Error(again.output);
    expect(again.output).toContain('faults: the hub counted every fault as expected');
  });
});
