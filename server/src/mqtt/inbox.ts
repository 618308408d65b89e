import type { HandlerErrorSink, MessageHandler } from './deliver';

/**
 * Longest stretch of handling before the event loop gets to read the socket again. Each
 * turn of the loop reads about one 64 KB chunk (some 250 messages) from the broker: with
 * 4 ms slices the hub reads more slowly than Mosquitto sends above 30,000 messages/s, and
 * Mosquitto drops what overflows its queue; 1 ms slices keep up (docs/benchmarks.md).
 */
const SLICE_MS = 1;

interface Message {
  topic: string;
  payload: Buffer;
}

/**
 * What the hub has received from an external broker but not yet handled. A message is
 * acknowledged (PUBACK) as soon as it is here, while fewer than `capacity` wait; beyond
 * that its PUBACK waits for room, and the broker holds the rest.
 *
 * Why: a broker drops what it cannot hand over (Mosquitto queues 1,000 messages per client
 * by default), and Mosquitto 2.0 slows down badly when thousands of messages to one client
 * sit unsent behind a full socket (docs/benchmarks.md). Reading and acknowledging costs a
 * few microseconds, handling tens: taking messages off the socket at once, and handling
 * them in slices of a millisecond in arrival order, lets a burst wait here instead.
 * The price: a crash loses what was acknowledged but not yet handled, at most `capacity`
 * messages (the write batch behind it already held up to 5,000 events the same way).
 */
export class Inbox {
  private readonly queue: Message[] = [];
  private head = 0;
  private readonly held: (() => void)[] = [];
  private scheduled = false;
  /** Set while the handler's promise (a full write backlog) is pending. */
  private waiting = false;

  constructor(
    private readonly capacity: number,
    private readonly handler: MessageHandler,
    private readonly onError: HandlerErrorSink,
  ) {}

  get size(): number {
    return this.queue.length - this.head;
  }

  offer(topic: string, payload: Buffer, ack: () => void): void {
    this.queue.push({ topic, payload });
    if (this.size <= this.capacity) ack();
    else this.held.push(ack);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.waiting) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    const until = performance.now() + SLICE_MS;
    while (this.size > 0) {
      const message = this.queue[this.head];
      this.queue[this.head++] = undefined as unknown as Message;
      if (message) {
        const pending = this.handle(message);
        if (pending) {
          this.waiting = true;
          void pending.finally(() => {
            this.waiting = false;
            this.afterDrain();
          });
          return;
        }
      }
      if (performance.now() >= until) break;
    }
    this.afterDrain();
  }

  private handle(message: Message): Promise<void> | undefined {
    try {
      const result = this.handler(message.topic, message.payload);
      return result
        ? result.catch((error: unknown) => this.onError(message.topic, error))
        : undefined;
    } catch (error) {
      this.onError(message.topic, error);
      return undefined;
    }
  }

  /** Compacts the queue, acknowledges what now fits, and goes on if anything is left. */
  private afterDrain(): void {
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    while (this.held.length > 0 && this.size - this.held.length < this.capacity)
      this.held.shift()?.();
    if (this.size > 0) this.schedule();
  }
}
