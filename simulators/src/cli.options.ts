import { InvalidArgumentError } from 'commander';
import { DEFAULT_TOPIC_ROOT } from '@ioc/shared';

/** Option parsers: a bad value is a usage error naming the option, before anything connects. */

export const DEFAULT_URL = 'mqtt://127.0.0.1:1884';
export { DEFAULT_TOPIC_ROOT };

export function integer(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`expected an integer ≥ ${min}`);
    return n;
  };
}

export function decimal(min: number, exclusive = false): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || (exclusive && n === min)) {
      throw new InvalidArgumentError(`expected a number ${exclusive ? '>' : '≥'} ${min}`);
    }
    return n;
  };
}

export function brokerUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('expected a URL such as mqtt://127.0.0.1:1884');
  }
  if (!['mqtt:', 'mqtts:', 'tcp:', 'ssl:', 'ws:', 'wss:'].includes(url.protocol)) {
    throw new InvalidArgumentError(`unsupported protocol ${url.protocol} (mqtt, mqtts, ws, wss)`);
  }
  return value;
}

/** A topic root is one or more levels with no wildcards: `ioc`, `sim-test-1a2b`, `city/ioc`. */
export function topicRoot(value: string): string {
  if (!/^[^/#+\s]+(\/[^/#+\s]+)*$/.test(value)) {
    throw new InvalidArgumentError('expected topic levels without wildcards or empty levels');
  }
  return value;
}

export function hubUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('expected a URL such as http://127.0.0.1:3000');
  }
  if (!['http:', 'https:'].includes(url.protocol))
    throw new InvalidArgumentError(`unsupported protocol ${url.protocol} (http, https)`);
  return value.replace(/\/+$/, '');
}

/** Hub flags shared by verify, scenario (for report steps), faults and load. */
export interface HubFlags {
  hub?: string;
  username?: string;
  password?: string;
  apiKey?: string;
}

export interface HubAccess {
  url: string;
  username: string;
  password: string;
  apiKey: string | null;
}

/** A usage problem found after parsing (missing credentials…): exit code 1 with the message. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Hub access from flags, then the environment: IOC_SIM_HUB, IOC_SIM_USERNAME (default
 * `operator`), IOC_SIM_PASSWORD (or the demo hub's IOC_DEMO_PASSWORD), IOC_SIM_API_KEY.
 * Null when no hub is named; an error when a hub is named without a password.
 */
export function hubAccess(
  flags: HubFlags,
  env: Readonly<Record<string, string | undefined>>,
  required: string | null,
): HubAccess | null {
  const url = flags.hub ?? (env.IOC_SIM_HUB ? hubUrl(env.IOC_SIM_HUB) : undefined);
  if (!url) {
    if (required)
      throw new UsageError(`${required} needs the hub: --hub http://host:port (or IOC_SIM_HUB)`);
    return null;
  }
  const username = flags.username ?? env.IOC_SIM_USERNAME ?? 'operator';
  const password = flags.password ?? env.IOC_SIM_PASSWORD ?? env.IOC_DEMO_PASSWORD;
  if (!password)
    throw new UsageError(
      `a password for ${username} on ${url} is needed: --password, or IOC_SIM_PASSWORD in the environment`,
    );
  return { url, username, password, apiKey: flags.apiKey ?? env.IOC_SIM_API_KEY ?? null };
}
