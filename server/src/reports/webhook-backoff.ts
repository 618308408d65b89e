/** The first retry of a failed webhook waits this long; each further failure doubles it. */
export const WEBHOOK_FIRST_RETRY_MS = 1000;

/** The wait after the `failures`-th failed attempt (1, 2, …): 1 s, 2 s, 4 s, … up to `capMs`. */
export function webhookRetryDelayMs(failures: number, capMs: number): number {
  const exponent = Math.max(0, failures - 1);
  // 2 ** 40 is past any cap already; stop there so the number stays finite.
  return Math.min(WEBHOOK_FIRST_RETRY_MS * 2 ** Math.min(exponent, 40), capMs);
}

/** After a failure at `now`: try again later, or give up (dead-letter) past the deadline. */
export function afterFailure(
  notification: { createdAt: number; attempts: number },
  now: number,
  policy: { deadlineMs: number; backoffMaxMs: number },
): { kind: 'retry'; at: number } | { kind: 'dead' } {
  if (now - notification.createdAt >= policy.deadlineMs) return { kind: 'dead' };
  return {
    kind: 'retry',
    at: now + webhookRetryDelayMs(notification.attempts, policy.backoffMaxMs),
  };
}
