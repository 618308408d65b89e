import { DEVICE_CHANNELS, SNAPSHOT_CHANNEL, type DeviceChannel } from '@ioc/shared';
import type { MessageSink, OutboundMessage } from './messages';

export type PublishCounts = Record<DeviceChannel | typeof SNAPSHOT_CHANNEL, number> & {
  failed: number;
};

export function emptyCounts(): PublishCounts {
  const counts = { failed: 0 } as PublishCounts;
  for (const channel of DEVICE_CHANNELS) counts[channel] = 0;
  counts[SNAPSHOT_CHANNEL] = 0;
  return counts;
}

/** Counts what a sink sent, per channel, for the CLI's summary lines. */
export class CountingSink implements MessageSink {
  readonly counts: PublishCounts = emptyCounts();
  lastError: Error | null = null;

  constructor(private readonly inner: MessageSink) {}

  async publish(message: OutboundMessage): Promise<void> {
    try {
      await this.inner.publish(message);
      this.counts[message.channel] += 1;
    } catch (error) {
      this.counts.failed += 1;
      this.lastError = error instanceof Error ? error : new Error(String(error));
      throw error;
    }
  }
}

export function formatCounts(counts: PublishCounts): string {
  const channels: readonly (DeviceChannel | typeof SNAPSHOT_CHANNEL)[] =
    counts[SNAPSHOT_CHANNEL] > 0 ? [...DEVICE_CHANNELS, SNAPSHOT_CHANNEL] : DEVICE_CHANNELS;
  const sent = channels.map((channel) => `${channel} ${counts[channel]}`).join(', ');
  return `sent ${sent}; failed ${counts.failed}`;
}
