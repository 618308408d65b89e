import type { MessageHandler } from './deliver';
import { Inbox, type Acknowledge } from './inbox';

/** Resolves once `predicate` holds, polling on the event loop (the inbox works in setImmediate slices). */
async function until(predicate: () => boolean, deadlineMs = 2000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A few turns of the event loop, to show that something does NOT happen. */
async function turns(n = 20): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

const payload = (n: number, bytes = 1): Buffer => Buffer.alloc(bytes, String(n % 10));
const roomy = { messages: 100, bytes: 1 << 20 };

/** A handler whose `done` the test calls, by the order of arrival of the message. */
function heldHandler(): {
  handler: MessageHandler;
  handled: string[];
  finish: (index: number, error?: Error) => void;
} {
  const handled: string[] = [];
  const dones: ((error?: Error) => void)[] = [];
  return {
    handled,
    handler: (topic, _body, done) => {
      handled.push(topic);
      dones.push(done);
    },
    finish: (index, error) => dones[index]?.(error),
  };
}

/** Offers `count` messages on topics t0, t1, …; records acknowledgements and resumes. */
function offerAll(inbox: Inbox, count: number, bytes = 1): { acked: string[]; resumed: number[] } {
  const acked: string[] = [];
  const resumed: number[] = [];
  for (let i = 0; i < count; i++) {
    const acknowledge: Acknowledge = (error) =>
      acked.push(error ? `t${i}: refused (${error.message})` : `t${i}`);
    inbox.offer(`t${i}`, payload(i, bytes), acknowledge, () => resumed.push(i));
  }
  return { acked, resumed };
}

describe('Inbox', () => {
  it('hands messages over in arrival order, off the socket turn, and reads on at once while there is room', async () => {
    const { handler, handled } = heldHandler();
    const inbox = new Inbox(roomy, handler, () => undefined);
    const { acked, resumed } = offerAll(inbox, 5);
    expect(resumed).toEqual([0, 1, 2, 3, 4]);
    expect(handled).toEqual([]);
    await until(() => handled.length === 5);
    expect(handled).toEqual(['t0', 't1', 't2', 't3', 't4']);
    expect(acked).toEqual([]);
  });

  it('acknowledges a message only once it is durable, and in arrival order', async () => {
    const { handler, handled, finish } = heldHandler();
    const inbox = new Inbox(roomy, handler, () => undefined);
    const { acked } = offerAll(inbox, 3);
    await until(() => handled.length === 3);
    finish(1);
    finish(2);
    await turns();
    expect(acked).toEqual([]); // t0 is not durable yet: nothing overtakes it
    finish(0);
    expect(acked).toEqual(['t0', 't1', 't2']);
    expect(inbox.size).toBe(0);
    expect(inbox.bytes).toBe(0);
  });

  it('refuses a message whose handler could not store it, and acknowledges the others', async () => {
    const { handler, handled, finish } = heldHandler();
    const inbox = new Inbox(roomy, handler, () => undefined);
    const { acked } = offerAll(inbox, 3);
    await until(() => handled.length === 3);
    finish(0);
    finish(1, new Error('database down'));
    finish(2);
    expect(acked).toEqual(['t0', 't1: refused (database down)', 't2']);
  });

  it('stops reading beyond its message limit until acknowledgements make room', async () => {
    const { handler, handled, finish } = heldHandler();
    const inbox = new Inbox({ messages: 2, bytes: 1 << 20 }, handler, () => undefined);
    const { acked, resumed } = offerAll(inbox, 3);
    expect(resumed).toEqual([0, 1]);
    await until(() => handled.length === 3);
    await turns();
    expect(resumed).toEqual([0, 1]);
    finish(0);
    expect(acked).toEqual(['t0']);
    expect(resumed).toEqual([0, 1, 2]);
  });

  it('stops reading beyond its byte limit until acknowledgements make room', async () => {
    const { handler, handled, finish } = heldHandler();
    const inbox = new Inbox({ messages: 100, bytes: 2500 }, handler, () => undefined);
    const { resumed } = offerAll(inbox, 3, 1000);
    expect(resumed).toEqual([0, 1]);
    expect(inbox.bytes).toBe(3000);
    await until(() => handled.length === 3);
    finish(0);
    expect(inbox.bytes).toBe(2000);
    expect(resumed).toEqual([0, 1, 2]);
  });

  it('always takes one message, even one larger than the byte limit', () => {
    const inbox = new Inbox(
      { messages: 100, bytes: 10 },
      () => undefined,
      () => undefined,
    );
    const { resumed } = offerAll(inbox, 1, 100);
    expect(resumed).toEqual([0]);
  });

  it('reports a handler that throws, counts its message as handled, and goes on', async () => {
    const errors: string[] = [];
    const inbox = new Inbox(
      roomy,
      (topic, _body, done) => {
        if (topic === 't0') throw new Error('boom');
        done();
      },
      (topic, error) => errors.push(`${topic}: ${(error as Error).message}`),
    );
    const { acked } = offerAll(inbox, 2);
    await until(() => acked.length === 2);
    expect(errors).toEqual(['t0: boom']);
    expect(acked).toEqual(['t0', 't1']);
  });

  it('once stopped, hands nothing more over and never acknowledges what it did not hand over', async () => {
    const { handler, handled, finish } = heldHandler();
    const inbox = new Inbox(roomy, handler, () => undefined);
    const first = offerAll(inbox, 2);
    await until(() => handled.length === 2);
    const later = offerAll(inbox, 2); // waiting in the inbox when it stops
    inbox.stop();
    let settled = false;
    void inbox.whenSettled().then(() => (settled = true));
    const afterStop = offerAll(inbox, 1);
    expect(afterStop.resumed).toEqual([0]); // the client reads on; the broker keeps the message
    await turns();
    expect(handled).toEqual(['t0', 't1']);
    expect(settled).toBe(false);
    finish(0);
    finish(1);
    await until(() => settled);
    expect(first.acked).toEqual(['t0', 't1']);
    expect(later.acked).toEqual([]);
    expect(afterStop.acked).toEqual([]);
    expect(inbox.size).toBe(0);
    expect(inbox.bytes).toBe(0);
  });

  it('once stopped, lets a held read go on', async () => {
    const { handler } = heldHandler();
    const inbox = new Inbox({ messages: 1, bytes: 1 << 20 }, handler, () => undefined);
    const { resumed } = offerAll(inbox, 2);
    expect(resumed).toEqual([0]);
    inbox.stop();
    expect(resumed).toEqual([0, 1]);
    await expect(inbox.whenSettled()).resolves.toBeUndefined();
  });
});
