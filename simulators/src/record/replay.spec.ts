import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../clock';
import { eventMessage, statusMessage, telemetryMessage, type OutboundMessage } from '../messages';
import { RecordingSink } from '../testing/recording.sink';
import { JsonlRecorder, RecordingTap } from './recording';
import { RecordingError, replayRecording, rewritePayload } from './replay.runner';

describe('record and replay', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-sim-record-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const event = (id: string, ts: number): OutboundMessage =>
    eventMessage('cam-1', { id, ts: new Date(ts).toISOString(), type: 'urban.crowd' }, 'ioc');

  async function record(file: string): Promise<{ clock: ManualClock; start: number }> {
    const clock = new ManualClock();
    const start = clock.now();
    const recorder = new JsonlRecorder(file, clock, { topicRoot: 'ioc', command: 'unit' });
    const tap = new RecordingTap(new RecordingSink(), recorder, clock);
    await tap.publish(statusMessage('cam-1', 'online', 'ioc'));
    await clock.advance(1000);
    await tap.publish(event('e-1', clock.now()));
    await clock.advance(2000);
    await tap.publish(
      telemetryMessage(
        'aq-1',
        { ts: new Date(clock.now()).toISOString(), readings: { pm25: 12 } },
        'ioc',
        0,
      ),
    );
    await tap.publish(event('e-2', clock.now()));
    await recorder.close();
    return { clock, start };
  }

  it('records JSON Lines: a header, then time, device, channel, flags and the exact payload', async () => {
    const file = join(dir, 'a.jsonl');
    await record(file);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual({
      recording: 1,
      startedAt: '2026-11-23T08:00:00.000Z',
      topicRoot: 'ioc',
      command: 'unit',
    });
    expect(lines.slice(1).map((l) => [l.t, l.deviceId, l.channel, l.qos, l.retain])).toEqual([
      [0, 'cam-1', 'status', 1, true],
      [1000, 'cam-1', 'events', 1, false],
      [3000, 'aq-1', 'telemetry', 0, false],
      [3000, 'cam-1', 'events', 1, false],
    ]);
    expect(lines[1]!.payload).toBe('online');
  });

  it('replays at any speed, on the recorded schedule divided by the speed, under a new topic root', async () => {
    const file = join(dir, 'b.jsonl');
    await record(file);
    const clock = new ManualClock(Date.parse('2026-12-01T00:00:00Z'));
    const start = clock.now();
    const sink = new RecordingSink();
    const times: number[] = [];
    const replay = replayRecording(
      {
        file,
        speed: 2,
        topicRoot: 'replayed',
        keepIds: false,
        keepTimestamps: false,
        replayTag: 'x',
        window: 10,
      },
      {
        clock,
        sinkFor: () => ({
          publish: (m) => {
            times.push(clock.now() - start);
            return sink.publish(m);
          },
        }),
      },
    );
    // Streaming the file is real I/O: move time only while the replay waits for it.
    for (let i = 0; i < 2000 && times.length < 4; i++) {
      if (clock.pending > 0) await clock.advance(250);
      else await new Promise((resolve) => setImmediate(resolve));
    }
    const result = await replay;
    expect(times).toEqual([0, 500, 1500, 1500]);
    expect(sink.messages.map((m) => m.topic)).toEqual([
      'replayed/devices/cam-1/status',
      'replayed/devices/cam-1/events',
      'replayed/devices/aq-1/telemetry',
      'replayed/devices/cam-1/events',
    ]);
    const replayed = JSON.parse(String(sink.messages[1]!.payload)) as { id: string; ts: string };
    expect(replayed.id).toBe('e-1-rx');
    expect(Date.parse(replayed.ts)).toBe(start + 500);
    expect(result.counts).toEqual(
      expect.objectContaining({ status: 1, events: 2, telemetry: 1, failed: 0 }),
    );
    expect(result.rewritten).toBe(3);
    expect(result.recordedSpanMs).toBe(3000);
  });

  it('replays as fast as possible with speed 0, keeping ids and times when asked', async () => {
    const file = join(dir, 'c.jsonl');
    await record(file);
    const sink = new RecordingSink();
    const result = await replayRecording(
      {
        file,
        speed: 0,
        topicRoot: 'ioc',
        keepIds: true,
        keepTimestamps: true,
        replayTag: 'x',
        window: 2,
      },
      { clock: new ManualClock(), sinkFor: () => sink },
    );
    expect(result.rewritten).toBe(0);
    expect(sink.messages[1]!.payload).toBe(
      event('e-1', Date.parse('2026-11-23T08:00:01Z')).payload,
    );
  });

  it('refuses a file that is not a recording, naming the line', async () => {
    const notRecording = join(dir, 'd.jsonl');
    writeFileSync(notRecording, '{"hello":1}\n');
    const badLine = join(dir, 'e.jsonl');
    writeFileSync(
      badLine,
      `${JSON.stringify({ recording: 1, startedAt: 'x', topicRoot: 'ioc', command: 'c' })}\n{"t":-1}\n`,
    );
    const deps = { clock: new ManualClock(), sinkFor: () => new RecordingSink() };
    const o = {
      speed: 0,
      topicRoot: 'ioc',
      keepIds: false,
      keepTimestamps: false,
      replayTag: 'x',
      window: 2,
    };
    await expect(replayRecording({ ...o, file: notRecording }, deps)).rejects.toThrow(
      RecordingError,
    );
    await expect(replayRecording({ ...o, file: badLine }, deps)).rejects.toThrow(/e\.jsonl:2: t:/);
  });

  it('rewrites ids and timestamps of batches and leaves non-JSON faults alone', () => {
    const o = { keepIds: false, keepTimestamps: false, nowMs: 0, tag: 't' };
    const batch = rewritePayload(
      {
        channel: 'events',
        payload: JSON.stringify([
          { id: 'a', ts: 5 },
          { id: 'b', ts: 6 },
        ]),
      },
      o,
    );
    expect(JSON.parse(batch)).toEqual([
      { id: 'a-rt', ts: '1970-01-01T00:00:00.000Z' },
      { id: 'b-rt', ts: '1970-01-01T00:00:00.000Z' },
    ]);
    expect(rewritePayload({ channel: 'events', payload: '{"id": ' }, o)).toBe('{"id": ');
    expect(rewritePayload({ channel: 'birth', payload: '{"ts":1}' }, o)).toBe('{"ts":1}');
    const long = JSON.parse(
      rewritePayload({ channel: 'events', payload: JSON.stringify({ id: 'x'.repeat(128) }) }, o),
    ) as { id: string };
    expect(long.id).toHaveLength(128);
  });
});
