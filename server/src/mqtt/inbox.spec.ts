import { Inbox } from './inbox';

/** Resolves once `predicate` holds, polling on the event loop (the inbox works in setImmediate slices). */
async function until(predicate: () => boolean, deadlineMs = 2000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const payload = (n: number): Buffer => Buffer.from(String(n));

describe('Inbox', () => {
  it('acknowledges at once while there is room, and hands messages over in arrival order', async () => {
    const handled: string[] = [];
    const inbox = new Inbox(
      10,
      (topic, body) => void handled.push(`${topic}:${body.toString()}`),
      () => undefined,
    );
    const acked: number[] = [];
    for (let i = 0; i < 5; i++) inbox.offer('t', payload(i), () => acked.push(i));
    expect(acked).toEqual([0, 1, 2, 3, 4]);
    expect(handled).toEqual([]); // handled later, off the socket's turn
    await until(() => handled.length === 5);
    expect(handled).toEqual(['t:0', 't:1', 't:2', 't:3', 't:4']);
    expect(inbox.size).toBe(0);
  });

  it('holds the acknowledgement of a message beyond capacity until there is room', async () => {
    const handled: string[] = [];
    const inbox = new Inbox(
      2,
      (_topic, body) => void handled.push(body.toString()),
      () => undefined,
    );
    const acked: number[] = [];
    for (let i = 0; i < 3; i++) inbox.offer('t', payload(i), () => acked.push(i));
    expect(acked).toEqual([0, 1]);
    await until(() => acked.length === 3);
    await until(() => handled.length === 3);
    expect(handled).toEqual(['0', '1', '2']);
  });

  it('waits for a handler that pushes back before handing over the next message', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handled: string[] = [];
    const inbox = new Inbox(
      100,
      (_topic, body) => {
        handled.push(body.toString());
        return body.toString() === '1' ? gate : undefined;
      },
      () => undefined,
    );
    for (let i = 0; i < 4; i++) inbox.offer('t', payload(i), () => undefined);
    await until(() => handled.length === 2);
    // Give the loop a few turns: nothing more may be handled while the gate is shut.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(handled).toEqual(['0', '1']);
    release();
    await until(() => handled.length === 4);
    expect(handled).toEqual(['0', '1', '2', '3']);
  });

  it('reports a failing handler and goes on with the next message', async () => {
    const errors: string[] = [];
    const handled: string[] = [];
    const inbox = new Inbox(
      100,
      (_topic, body) => {
        if (body.toString() === '0') throw new Error('boom');
        if (body.toString() === '1') return Promise.reject(new Error('late boom'));
        handled.push(body.toString());
      },
      (topic, error) => errors.push(`${topic}: ${(error as Error).message}`),
    );
    for (let i = 0; i < 3; i++) inbox.offer('t', payload(i), () => undefined);
    await until(() => handled.length === 1);
    expect(errors).toEqual(['t: boom', 't: late boom']);
    expect(handled).toEqual(['2']);
  });
});
