import type { OutboundMessage } from '../messages';

/** A sink (and fleet connection) that keeps what it is given, for tests. */
export class RecordingSink {
  readonly messages: OutboundMessage[] = [];
  closed = false;

  constructor(
    readonly will?: OutboundMessage,
    /** Whose connection it is (a gateway, or the device itself with device identity). */
    readonly owner?: string,
  ) {}

  async publish(message: OutboundMessage): Promise<void> {
    if (this.closed) throw new Error('publish after close');
    this.messages.push(message);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
