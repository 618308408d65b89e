import { afterFailure, webhookRetryDelayMs } from './webhook-backoff';

describe('webhook back-off', () => {
  it('doubles from 1 s and stays at the cap', () => {
    const cap = 300_000;
    expect([1, 2, 3, 4, 5, 8, 9, 10, 50, 10_000].map((n) => webhookRetryDelayMs(n, cap))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 128_000, 256_000, 300_000, 300_000, 300_000,
    ]);
  });

  it('retries before the deadline and dead-letters at it', () => {
    const policy = { deadlineMs: 86_400_000, backoffMaxMs: 300_000 };
    expect(afterFailure({ createdAt: 0, attempts: 3 }, 10_000, policy)).toEqual({
      kind: 'retry',
      at: 14_000,
    });
    expect(afterFailure({ createdAt: 0, attempts: 300 }, 86_399_999, policy)).toEqual({
      kind: 'retry',
      at: 86_399_999 + 300_000,
    });
    expect(afterFailure({ createdAt: 0, attempts: 301 }, 86_400_000, policy)).toEqual({
      kind: 'dead',
    });
  });
});
