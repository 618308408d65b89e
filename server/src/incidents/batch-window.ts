/**
 * How long the write path collects accepted events before it writes and announces them.
 *
 * At a city's usual rates a batch closes after 15 ms, so a console sees a change within a
 * few tens of milliseconds. Under a flood the window grows with the rate at which the batch
 * itself is filling (5 ms per 1,000 events/s, at most 100 ms): each changed incident is
 * written and announced once per batch, however many events joined it, so a longer window
 * means fewer snapshots, socket.io frames and `ioc/incidents/{id}` messages per event. At
 * saturation those are nearly half of what the hub allocates (docs/benchmarks.md). docs/contract.md
 * §8 allows a burst of changes to one incident to be coalesced; the last state goes out.
 *
 * The batch's own rate decides, not a rate remembered from earlier: the first batch after a
 * flood closes after 15 ms again.
 */
export const BATCH_WINDOW_MIN_MS = 15;
export const BATCH_WINDOW_MAX_MS = 100;
const MS_PER_THOUSAND_PER_SECOND = 5;

/** The window a batch should have, given the events it collected in `elapsedMs`. */
export function batchWindowMs(eventsSoFar: number, elapsedMs: number): number {
  const perSecond = eventsSoFar / (Math.max(elapsedMs, 1) / 1000);
  const scaled = (perSecond / 1000) * MS_PER_THOUSAND_PER_SECOND;
  return Math.min(BATCH_WINDOW_MAX_MS, Math.max(BATCH_WINDOW_MIN_MS, scaled));
}
