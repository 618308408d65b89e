import { DEVICE_CHANNELS, type DeviceChannel } from '@ioc/shared';
import type { MessageSink, OutboundMessage } from './messages';

export type PublishCounts = Record<DeviceChannel, number> & { failed: number };

export function emptyCounts(): PublishCounts {
  const counts = { failed: 0 } as PublishCounts;
  for (const channel of DEVICE_CHANNELS) counts[channel] = 0;
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
  const sent = DEVICE_CHANNELS.map((channel) => `${channel} ${counts[channel]}`).join(', ');
  return `sent ${sent}; failed ${counts.failed}`;
}
