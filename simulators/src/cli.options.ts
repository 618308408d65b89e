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
