import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  let now = 1_000_000;
  const clock = (): number => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  it('allows `limit` hits per window and refuses the next one', () => {
    const limiter = new RateLimiter(3, 60_000, 100, clock);
    expect([limiter.hit('a'), limiter.hit('a'), limiter.hit('a')]).toEqual([true, true, true]);
    expect(limiter.isBlocked('a')).toBe(true);
    expect(limiter.hit('a')).toBe(false);
    expect(limiter.isBlocked('b')).toBe(false);
  });

  it('lets a key go again once its oldest hit leaves the window', () => {
    const limiter = new RateLimiter(2, 60_000, 100, clock);
    limiter.hit('a');
    now += 10_000;
    limiter.hit('a');
    expect(limiter.retryAfterMs('a')).toBe(50_000);
    now += 50_001;
    expect(limiter.isBlocked('a')).toBe(false);
    expect(limiter.hit('a')).toBe(true);
    expect(limiter.isBlocked('a')).toBe(true);
  });

  it('forgets a key on reset', () => {
    const limiter = new RateLimiter(1, 60_000, 100, clock);
    limiter.hit('a');
    limiter.reset('a');
    expect(limiter.isBlocked('a')).toBe(false);
  });

  it('keeps at most maxKeys keys, dropping the least recently used', () => {
    const limiter = new RateLimiter(1, 60_000, 2, clock);
    limiter.hit('a');
    limiter.hit('b');
    limiter.hit('c');
    expect(limiter.size).toBe(2);
    expect(limiter.isBlocked('a')).toBe(false);
    expect(limiter.isBlocked('c')).toBe(true);
  });
});
