import { createWriteStream, type WriteStream } from 'node:fs';
import { z } from 'zod';
import { DEVICE_CHANNELS, DeviceIdSchema, SNAPSHOT_CHANNEL } from '@ioc/shared';
import type { Clock } from '../clock';
import type { MessageSink, OutboundMessage } from '../messages';

/**
 * Recordings are JSON Lines: a header line, then one line per published message with its
 * time since the start (`t`, ms), device, channel, QoS, retain flag and exact payload text.
 * Topics are not stored: a replay rebuilds them under its own topic root.
 */
export const RECORDING_FORMAT = 1;

export const RecordingHeaderSchema = z.object({
  recording: z.literal(RECORDING_FORMAT),
  startedAt: z.string(),
  topicRoot: z.string(),
  command: z.string(),
});
export type RecordingHeader = z.infer<typeof RecordingHeaderSchema>;

export const RecordedMessageSchema = z.strictObject({
  t: z.number().min(0),
  deviceId: DeviceIdSchema,
  channel: z.enum(DEVICE_CHANNELS),
  qos: z.union([z.literal(0), z.literal(1)]),
  retain: z.boolean(),
  payload: z.string(),
});
export type RecordedMessage = z.infer<typeof RecordedMessageSchema>;

/** Writes a recording; `close()` flushes it to disk. */
export class JsonlRecorder {
  private readonly stream: WriteStream;
  private readonly startMs: number;
  private failed: Error | null = null;
  lines = 0;

  constructor(
    readonly file: string,
    private readonly clock: Clock,
    header: Omit<RecordingHeader, 'recording' | 'startedAt'>,
  ) {
    this.startMs = clock.now();
    this.stream = createWriteStream(file, { flags: 'w' });
    this.stream.on('error', (error) => (this.failed = error));
    const full: RecordingHeader = {
      recording: RECORDING_FORMAT,
      startedAt: new Date(this.startMs).toISOString(),
      ...header,
    };
    this.stream.write(`${JSON.stringify(full)}\n`);
  }

  write(message: OutboundMessage, atMs = this.clock.now()): void {
    // A recording holds the JSON and text messages; camera images are not kept.
    const { channel, payload } = message;
    if (channel === SNAPSHOT_CHANNEL || typeof payload !== 'string') return;
    const line: RecordedMessage = {
      t: Math.max(0, atMs - this.startMs),
      deviceId: message.deviceId,
      channel,
      qos: message.qos,
      retain: message.retain,
      payload,
    };
    this.stream.write(`${JSON.stringify(line)}\n`);
    this.lines += 1;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.stream.end(() => resolve()));
    if (this.failed) throw new Error(`could not write ${this.file}: ${this.failed.message}`);
  }
}

/** A sink that records what it publishes (when it was handed over) into a recorder. */
export class RecordingTap implements MessageSink {
  constructor(
    private readonly inner: MessageSink,
    private readonly recorder: JsonlRecorder,
    private readonly clock: Clock,
  ) {}

  async publish(message: OutboundMessage): Promise<void> {
    const at = this.clock.now();
    await this.inner.publish(message);
    this.recorder.write(message, at);
  }
}
