import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_TOPIC_ROOT } from '@ioc/shared';
import type { CliContext } from './cli.context';

/**
 * What the commands share: option parsers (a bad value is a usage error naming the option,
 * before anything connects), the options several commands take, and hub access.
 */

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
  required: string,
): HubAccess;
export function hubAccess(
  flags: HubFlags,
  env: Readonly<Record<string, string | undefined>>,
  required: null,
): HubAccess | null;
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

/** What each command file's `register` gets: the process it runs in, and where its action reports the exit code. */
export interface CommandHost {
  ctx: CliContext;
  done: (code: number) => void;
}

/** The broker flags of `withConnection`, as commander parses them. */
export interface ConnectionFlags {
  url: string;
  topicRoot: string;
  connectTimeout: number;
}

/** The broker options every publishing command function takes. */
export interface ConnectionOptions {
  url: string;
  topicRoot: string;
  connectTimeoutMs: number;
}

export function connectionOptions(flags: ConnectionFlags): ConnectionOptions {
  return {
    url: flags.url,
    topicRoot: flags.topicRoot,
    connectTimeoutMs: flags.connectTimeout * 1000,
  };
}

/** Options every command that talks to a broker takes. */
export function withConnection(command: Command): Command {
  return command
    .addOption(
      new Option('--url <url>', 'MQTT broker URL (credentials as mqtt://user:pass@host:port)')
        .default(DEFAULT_URL)
        .argParser(brokerUrl),
    )
    .addOption(
      new Option('--topic-root <root>', "first topic level (the hub's MQTT_TOPIC_ROOT)")
        .default(DEFAULT_TOPIC_ROOT)
        .argParser(topicRoot),
    )
    .addOption(
      new Option(
        '--connect-timeout <s>',
        'seconds to wait for the broker before giving up (exit code 2)',
      )
        .default(10)
        .argParser(decimal(0, true)),
    );
}

/** Options of commands that talk to the hub's HTTP API and /live. */
export function withHub(command: Command, purpose: string): Command {
  return command
    .addOption(
      new Option(
        '--hub <url>',
        `the hub's HTTP URL, e.g. http://127.0.0.1:3000 (${purpose}); env IOC_SIM_HUB`,
      ).argParser(hubUrl),
    )
    .addOption(new Option('--username <name>', 'hub user; env IOC_SIM_USERNAME, default operator'))
    .addOption(
      new Option(
        '--password <password>',
        'its password; env IOC_SIM_PASSWORD (or IOC_DEMO_PASSWORD)',
      ),
    )
    .addOption(
      new Option(
        '--api-key <key>',
        'citizen-app key for report steps (X-Api-Key); env IOC_SIM_API_KEY',
      ),
    );
}

export function seedOption(description: string, fallback: number): Option {
  return new Option('--seed <n>', description).default(fallback).argParser(integer(0));
}

/** `--speed`: 0 means "as fast as possible" unless the command needs a real pace. */
export function speedOption(description: string, fallback: number, parse = decimal(0)): Option {
  return new Option('--speed <x>', description).default(fallback).argParser(parse);
}

export function recordOption(): Option {
  return new Option('--record <file.jsonl>', 'record every published message (JSON Lines)');
}

export function connectionsOption(description: string, fallback: number): Option {
  return new Option('--connections <n>', description).default(fallback).argParser(integer(1));
}

export function windowOption(description: string): Option {
  return new Option('--window <n>', description).default(2000).argParser(integer(1));
}
