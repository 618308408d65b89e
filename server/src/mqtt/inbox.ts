import { deliver, type HandlerErrorSink, type MessageHandler } from './deliver';

/**
 * Longest stretch of handling before the event loop gets to read the socket again. Each
 * turn of the loop reads about one 64 KB chunk (some 250 messages) from the broker: with
 * 4 ms slices the hub reads more slowly than Mosquitto sends above 30,000 messages/s;
 * 1 ms slices keep up (docs/benchmarks.md).
 */
const SLICE_MS = 1;

/** How many messages, and how many payload bytes, the inbox holds before it stops reading. */
export interface InboxLimits {
  messages: number;
  bytes: number;
}

/**
 * Sends the message's PUBACK (no argument) or refuses it (an error: no PUBACK). Called once
 * per message, in arrival order.
 */
export type Acknowledge = (error?: Error) => void;

const WAITING = 0;
const HANDED = 1;
const DONE = 2;

interface Message {
  topic: string;
  /** Dropped once handed over: the handler has it. */
  payload: Buffer | null;
  bytes: number;
  /** null: nothing to acknowledge (QoS 0). */
  acknowledge: Acknowledge | null;
  state: typeof WAITING | typeof HANDED | typeof DONE;
  error: Error | undefined;
}

/**
 * What the hub has received from an external broker and not yet acknowledged. Messages are
 * taken off the socket at once and handed to the handler in slices of a millisecond, in
 * arrival order, so the event loop reads the socket often enough under a burst; each is
 * acknowledged only when the handler's `done` says it is durable, in arrival order.
 *
 * Bounded twice: the broker sends no more than the Receive Maximum the hub announced
 * unacknowledged, and past `limits` (messages or payload bytes) the inbox holds the
 * transport's `resume` callback, so the client reads no more from the socket until
 * acknowledgements make room, and the broker keeps the rest queued.
 */
export class Inbox {
  /** From `head`: messages not yet acknowledged, in arrival order; from `next`: not yet handed over. */
  private messages: (Message | undefined)[] = [];
  private head = 0;
  private next = 0;
  private heldBytes = 0;
  private readonly held: (() => void)[] = [];
  private scheduled = false;
  private draining = false;
  private stopped = false;
  private settledWaiters: (() => void)[] = [];

  constructor(
    private readonly limits: InboxLimits,
    private readonly handler: MessageHandler,
    private readonly onError: HandlerErrorSink,
  ) {}

  /** Messages received and not yet acknowledged or refused. */
  get size(): number {
    return this.messages.length - this.head;
  }

  get bytes(): number {
    return this.heldBytes;
  }

  /**
   * Takes one message. `resume` lets the transport read the next one: called at once while
   * the inbox is within its limits, otherwise once acknowledgements make room.
   */
  offer(topic: string, payload: Buffer, acknowledge: Acknowledge | null, resume: () => void): void {
    if (this.stopped) {
      // Never acknowledged: the broker delivers it again to the next session.
      resume();
      return;
    }
    this.messages.push({
      topic,
      payload,
      bytes: payload.length,
      acknowledge,
      state: WAITING,
      error: undefined,
    });
    this.heldBytes += payload.length;
    if (this.hasRoom()) resume();
    else this.held.push(resume);
    this.schedule();
  }

  /**
   * Hands nothing more to the handler: what is waiting is dropped unacknowledged (the
   * broker keeps it for the next session), and what arrives later too.
   */
  stop(): void {
    this.stopped = true;
    for (let i = this.next; i < this.messages.length; i++)
      this.heldBytes -= this.messages[i]?.bytes ?? 0;
    this.messages.length = this.next;
    this.resumeHeld();
    this.wakeIfSettled();
  }

  /** Resolves once every message handed over has been acknowledged or refused. */
  whenSettled(): Promise<void> {
    if (this.head === this.next) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  private hasRoom(): boolean {
    return (
      this.size <= 1 || (this.size <= this.limits.messages && this.heldBytes <= this.limits.bytes)
    );
  }

  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    const until = performance.now() + SLICE_MS;
    this.draining = true;
    while (this.next < this.messages.length && !this.stopped) {
      const message = this.messages[this.next++] as Message;
      const payload = message.payload as Buffer;
      message.payload = null;
      message.state = HANDED;
      deliver(
        this.handler,
        message.topic,
        payload,
        (error) => this.settle(message, error),
        this.onError,
      );
      if (performance.now() >= until) break;
    }
    this.draining = false;
    this.compact();
    if (this.next < this.messages.length) this.schedule();
  }

  private settle(message: Message, error: Error | undefined): void {
    message.state = DONE;
    message.error = error;
    if (this.messages[this.head] === message) this.release();
  }

  /** Acknowledges the settled messages at the head, in order, and reads on if there is room. */
  private release(): void {
    while (this.head < this.next) {
      const message = this.messages[this.head];
      if (!message || message.state !== DONE) break;
      this.messages[this.head++] = undefined;
      this.heldBytes -= message.bytes;
      message.acknowledge?.(message.error);
    }
    if (!this.draining) this.compact();
    this.resumeHeld();
    this.wakeIfSettled();
  }

  private resumeHeld(): void {
    // The client reads nothing while a resume is held, so at most one is (until stop()).
    while (this.held.length > 0 && (this.stopped || this.hasRoom())) this.held.shift()?.();
  }

  private wakeIfSettled(): void {
    if (this.head !== this.next || this.settledWaiters.length === 0) return;
    const waiters = this.settledWaiters;
    this.settledWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.messages.length) {
      this.messages.splice(0, this.head);
      this.next -= this.head;
      this.head = 0;
    }
  }
}
