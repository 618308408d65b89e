import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { topics } from '@ioc/shared';
import type { Clock } from '../clock';
import { emptyCounts, type PublishCounts } from '../counting.sink';
import { InflightWindow } from '../inflight';
import type { MessageSink, OutboundMessage } from '../messages';
import {
  RecordedMessageSchema,
  RecordingHeaderSchema,
  type RecordedMessage,
  type RecordingHeader,
} from './recording';

export interface ReplayOptions {
  file: string;
  /** Recorded time runs this many times faster; 0 replays as fast as the window allows. */
  speed: number;
  topicRoot: string;
  /** Keep event ids as recorded (the hub then counts a second replay as duplicates). */
  keepIds: boolean;
  /** Keep `ts` as recorded instead of stamping "now" (old times join old windows). */
  keepTimestamps: boolean;
  /** Tags rewritten event ids, so each replay is new to the hub. */
  replayTag: string;
  window: number;
  signal?: AbortSignal;
}

export interface ReplayResult {
  header: RecordingHeader;
  counts: PublishCounts;
  /** Payloads whose ids or timestamps were rewritten. */
  rewritten: number;
  /** Time span of the recording (ms) and how long the replay took. */
  recordedSpanMs: number;
  durationMs: number;
  completed: boolean;
}

export class RecordingError extends Error {
  override name = 'RecordingError';
}

/**
 * Replays a recording at `speed`: each message is published when its recorded time (divided
 * by the speed) comes; messages already due go out together, so dense stretches are sent in
 * batches rather than one timer each. Lines are streamed, never loaded whole.
 */
export async function replayRecording(
  options: ReplayOptions,
  deps: { clock: Clock; sinkFor: (deviceId: string) => MessageSink },
): Promise<ReplayResult> {
  const { clock } = deps;
  const lines = createInterface({ input: createReadStream(options.file), crlfDelay: Infinity });
  const window = new InflightWindow(options.window, () => clock.now());
  const counts = emptyCounts();
  let header: RecordingHeader | null = null;
  let rewritten = 0;
  let lastT = 0;
  let lineNo = 0;
  const start = clock.now();
  let completed = true;
  try {
    for await (const text of lines) {
      lineNo += 1;
      if (text.trim() === '') continue;
      const value = parseLine(text, options.file, lineNo);
      if (!header) {
        const parsed = RecordingHeaderSchema.safeParse(value);
        if (!parsed.success)
          throw new RecordingError(`${options.file}:1: not an ioc-sim recording (no header line)`);
        header = parsed.data;
        continue;
      }
      const parsed = RecordedMessageSchema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new RecordingError(
          `${options.file}:${lineNo}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
        );
      }
      const recorded = parsed.data;
      lastT = Math.max(lastT, recorded.t);
      if (options.speed > 0) {
        const due = start + recorded.t / options.speed;
        if (due > clock.now()) await clock.sleep(due - clock.now(), options.signal);
      }
      if (options.signal?.aborted) {
        completed = false;
        break;
      }
      const payload = rewritePayload(recorded, {
        keepIds: options.keepIds,
        keepTimestamps: options.keepTimestamps,
        nowMs: clock.now(),
        tag: options.replayTag,
      });
      if (payload !== recorded.payload) rewritten += 1;
      const message: OutboundMessage = {
        deviceId: recorded.deviceId,
        channel: recorded.channel,
        topic: topics.device(recorded.deviceId, recorded.channel, options.topicRoot),
        payload,
        qos: recorded.qos,
        retain: recorded.retain,
      };
      await window.add(deps.sinkFor(message.deviceId).publish(message), (error) => {
        if (error) counts.failed += 1;
        else counts[message.channel] += 1;
      });
    }
  } finally {
    lines.close();
    await window.drain();
  }
  if (!header) throw new RecordingError(`${options.file} is empty`);
  return {
    header,
    counts,
    rewritten,
    recordedSpanMs: lastT,
    durationMs: clock.now() - start,
    completed,
  };
}

function parseLine(text: string, file: string, lineNo: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new RecordingError(`${file}:${lineNo}: not JSON`);
  }
}

/**
 * New ids (`<id>-r<tag>`) and timestamps (now) for events and telemetry, one item or a
 * batch. A payload that is not JSON (a recorded fault) is replayed as it was.
 */
export function rewritePayload(
  message: Pick<RecordedMessage, 'channel' | 'payload'>,
  o: { keepIds: boolean; keepTimestamps: boolean; nowMs: number; tag: string },
): string {
  if (message.channel !== 'events' && message.channel !== 'telemetry') return message.payload;
  if (o.keepIds && o.keepTimestamps) return message.payload;
  let value: unknown;
  try {
    value = JSON.parse(message.payload);
  } catch {
    return message.payload;
  }
  const ts = new Date(o.nowMs).toISOString();
  const suffix = `-r${o.tag}`;
  const rewrite = (item: unknown): unknown => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const copy = { ...(item as Record<string, unknown>) };
    if (!o.keepTimestamps && 'ts' in copy) copy.ts = ts;
    if (!o.keepIds && message.channel === 'events' && typeof copy.id === 'string')
      copy.id = `${copy.id.slice(0, 128 - suffix.length)}${suffix}`;
    return copy;
  };
  return JSON.stringify(Array.isArray(value) ? value.map(rewrite) : rewrite(value));
}
