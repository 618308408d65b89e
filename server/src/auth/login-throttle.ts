import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';
import type { AppConfig } from '../config/app.config';

const ADDRESS_WINDOW_S = 15 * 60;
/** Consecutive failures of an account are remembered this long without a new one. */
const ACCOUNT_MEMORY_S = 24 * 3600;
const MAX_BACKOFF_S = 15 * 60;
/** An address that signed in to an account is exempt from that account's back-off this long. */
const KNOWN_ADDRESS_S = 7 * 24 * 3600;

/** Why a login attempt is refused before its password is checked, and for how long. */
export interface Refusal {
  scope: 'address' | 'username' | 'account';
  retryAfterSeconds: number;
}

/**
 * Login throttling (docs/security.md): failures per username and address (per minute), per
 * address whatever the username (per 15 min), and per account whatever the address, with
 * an exponential back-off. The account back-off does not apply to an address that signed
 * in to that account recently, so an attacker cannot lock its owner out. Counters live in
 * rate-limiter-flexible's memory store; a Redis store would share them between instances.
 */
export class LoginThrottle {
  private readonly byUserAddress: RateLimiterMemory;
  private readonly byAddress: RateLimiterMemory;
  private readonly accountFailures: RateLimiterMemory;
  private readonly accountBackoff = new RateLimiterMemory({ points: 1, duration: 1 });
  private readonly knownAddresses = new RateLimiterMemory({
    points: 1,
    duration: KNOWN_ADDRESS_S,
  });
  private readonly backoffAfter: number;

  constructor(config: Pick<AppConfig, 'loginFailuresPerMinute' | 'login'>) {
    this.byUserAddress = new RateLimiterMemory({
      points: config.loginFailuresPerMinute,
      duration: 60,
    });
    this.byAddress = new RateLimiterMemory({
      points: config.login.failuresPerAddress,
      duration: ADDRESS_WINDOW_S,
    });
    this.backoffAfter = config.login.accountFailures;
    this.accountFailures = new RateLimiterMemory({
      points: Number.MAX_SAFE_INTEGER,
      duration: ACCOUNT_MEMORY_S,
    });
  }

  /** A refusal when one of the limits is used up for this attempt, else null. */
  async check(username: string, address: string): Promise<Refusal | null> {
    const account = username.toLowerCase();
    const limits: [Refusal['scope'], RateLimiterMemory, string, number][] = [
      ['address', this.byAddress, address, this.byAddress.points],
      ['username', this.byUserAddress, `${account}|${address}`, this.byUserAddress.points],
    ];
    for (const [scope, limiter, key, points] of limits) {
      const res = await limiter.get(key);
      if (res && res.consumedPoints >= points) return refusal(scope, res);
    }
    const backoff = await this.accountBackoff.get(account);
    if (backoff && backoff.consumedPoints > 1 && !(await this.isKnown(account, address)))
      return refusal('account', backoff);
    return null;
  }

  async failed(username: string, address: string): Promise<void> {
    const account = username.toLowerCase();
    await Promise.all([
      this.byAddress.penalty(address),
      this.byUserAddress.penalty(`${account}|${address}`),
    ]);
    const { consumedPoints } = await this.accountFailures.penalty(account);
    if (consumedPoints >= this.backoffAfter) {
      const seconds = Math.min(MAX_BACKOFF_S, 2 ** (consumedPoints - this.backoffAfter));
      await this.accountBackoff.block(account, seconds);
    }
  }

  async succeeded(username: string, address: string): Promise<void> {
    const account = username.toLowerCase();
    await Promise.all([
      this.byUserAddress.delete(`${account}|${address}`),
      this.accountFailures.delete(account),
      this.accountBackoff.delete(account),
      this.knownAddresses.set(`${account}|${address}`, 1, KNOWN_ADDRESS_S),
    ]);
  }

  private async isKnown(account: string, address: string): Promise<boolean> {
    return (await this.knownAddresses.get(`${account}|${address}`)) !== null;
  }
}

function refusal(scope: Refusal['scope'], res: RateLimiterRes): Refusal {
  return { scope, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
}
