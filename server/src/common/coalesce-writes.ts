import type { Duplex } from 'node:stream';

const COALESCING = Symbol('coalescing');

/**
 * Holds a connection's writes until the end of the current turn of the event loop
 * (setImmediate), so the many small packets one turn produces leave in one writev instead
 * of one system call each: the embedded broker's deliveries and PUBACKs (mqtt-packet corks
 * only until the next tick, and async handlers put promise boundaries between packets) and
 * socket.io's one WebSocket frame per push. Uncoalesced, those writes are the largest single
 * cost in the hub's profile (docs/benchmarks.md). What is written, and in which order, does not
 * change; it leaves at most one turn later. Not for a connection whose peer waits on each
 * packet (the hub's own PUBACKs to a broker with a small in-flight window).
 */
export function coalesceWrites(stream: Duplex): void {
  const marked = stream as Duplex & { [COALESCING]?: true };
  if (marked[COALESCING]) return;
  marked[COALESCING] = true;
  let held = false;
  const release = (): void => {
    held = false;
    stream.uncork();
  };
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((...args: unknown[]): boolean => {
    if (!held && !stream.destroyed) {
      held = true;
      stream.cork();
      setImmediate(release);
    }
    return write(...args);
  }) as Duplex['write'];
}
