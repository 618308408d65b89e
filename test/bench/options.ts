import { parseArgs } from 'node:util';
import type { BrokerKind, DatabaseKind } from './hub-runner';

export const CONFIGS = [
  'embedded-sqlite',
  'embedded-postgres',
  'mosquitto-sqlite',
  'mosquitto-postgres',
] as const;
export type ConfigName = (typeof CONFIGS)[number];

export function configParts(name: ConfigName): { broker: BrokerKind; database: DatabaseKind } {
  const [broker, database] = name.split('-') as [BrokerKind, DatabaseKind];
  return { broker, database };
}

export interface BenchOptions {
  quick: boolean;
  configs: ConfigName[];
  /** Latency phases: events per second. */
  rates: number[];
  /** Seconds of each latency phase. */
  latencySeconds: number;
  soakSeconds: number;
  /** Events per second of the soak (default 5,000); lowered to 80 % of the sustained rate if that is less, unless given. */
  soakRate: number;
  soakRateGiven: boolean;
  lanes: number;
  ceilingCount: number;
  rampStart: number;
  rampFactor: number;
  rampSteps: number;
  rampStepSeconds: number;
  /** The ramp stops once the best rate kept up with is within this share of the lowest that was not. */
  rampPrecision: number;
  lossCount: number;
  lossRate: number;
  inflight: number;
  /** MQTT connections the publisher spreads its lanes over (a fleet, not one gateway). */
  connections: number;
  /** Seconds to wait, before each configuration, for other processes to leave the machine quiet. */
  waitQuietSeconds: number;
  cpuProf: boolean;
  hubNodeOptions: string | null;
  out: string | null;
}

export const HELP = `npm run bench -- [options]

Measures the hub end to end (built server/dist/main.js) against the ceiling of a bare
mqtt.js subscriber, on the embedded broker and Mosquitto (127.0.0.1:1883), with SQLite and
PostgreSQL (127.0.0.1:5432), and prints a table; the JSON goes to test/artifacts/.
Run \`npm run build\` first (the root \`npm run bench\` does).

  --quick                 a short smoke (< 2 minutes): fails only on loss or an error, never on a time
  --only a,b              configurations: ${CONFIGS.join(', ')} (default: all)
  --rates 500,2000,10000  latency phases, events per second (quick: 500,2000)
  --latency-seconds S     length of each latency phase (default 10; quick 1)
  --soak S                soak length in seconds (default 30; quick 3); --soak 600 for ten minutes
  --soak-rate R           soak events per second (default 5000, at most 80 % of the sustained rate unless given)
  --lanes N               distinct incidents the stream keeps busy (default 1000, at most 5000)
  --ramp-start R          first rate of the saturation ramp (default 2000)
  --ramp-factor F         rate multiplier per step until the hub falls behind (default 1.5; quick 2)
  --ramp-steps N          most steps, bisection included (default 12; quick 3)
  --ramp-step-seconds S   length of each step (default 6; quick 1)
  --ramp-precision P      bisect until kept-up and fell-behind rates are within P (default 0.1; quick 0.5)
  --ceiling-count N       events of the ceiling run (default 200000; quick 20000)
  --loss-count N          events of the loss phase, 1 % of them sent twice (default 100000; quick 5000)
  --loss-rate R           its events per second (default 5000, at most 80 % of the sustained rate)
  --inflight N            publisher's unacknowledged QoS 1 window (default 1000)
  --connections N         publisher's MQTT connections, lanes spread over them (default 1)
  --wait-quiet S           wait up to S seconds before each configuration for the machine to be idle (< 15 % busy)
  --cpu-prof              profile the hub (node --cpu-prof) into test/artifacts/profiles/
  --hub-node-options S    NODE_OPTIONS for the hub process only
  --out FILE              JSON file (default test/artifacts/bench-<timestamp>.json)
  --help
`;

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`--${name} must be a positive integer, got ${value}`);
  return n;
}

function positiveNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`--${name} must be a positive number, got ${value}`);
  return n;
}

/** Parses the command line; null when --help was asked for. */
export function parseOptions(argv: string[]): BenchOptions | null {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      rates: { type: 'string' },
      'latency-seconds': { type: 'string' },
      soak: { type: 'string' },
      'soak-rate': { type: 'string' },
      lanes: { type: 'string' },
      'ramp-start': { type: 'string' },
      'ramp-factor': { type: 'string' },
      'ramp-steps': { type: 'string' },
      'ramp-step-seconds': { type: 'string' },
      'ramp-precision': { type: 'string' },
      'ceiling-count': { type: 'string' },
      'loss-count': { type: 'string' },
      'loss-rate': { type: 'string' },
      inflight: { type: 'string' },
      connections: { type: 'string' },
      'wait-quiet': { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      'hub-node-options': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return null;
  const quick = values.quick ?? false;
  const configs = values.only
    ? values.only
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [...CONFIGS];
  for (const c of configs)
    if (!(CONFIGS as readonly string[]).includes(c))
      throw new Error(`--only: unknown configuration ${c}; known: ${CONFIGS.join(', ')}`);
  const rates = (values.rates ?? (quick ? '500,2000' : '500,2000,10000'))
    .split(',')
    .map((s) => positiveInt('rates', s.trim(), 0));
  const lanes = positiveInt('lanes', values.lanes, 1000);
  if (lanes > 5000)
    throw new Error('--lanes is at most 5000 (the incident list the loss check reads holds 5000)');
  return {
    quick,
    configs: configs as ConfigName[],
    rates,
    latencySeconds: positiveNumber('latency-seconds', values['latency-seconds'], quick ? 1 : 10),
    soakSeconds: positiveNumber('soak', values.soak, quick ? 3 : 30),
    soakRate: positiveInt('soak-rate', values['soak-rate'], 5000),
    soakRateGiven: values['soak-rate'] !== undefined,
    lanes,
    ceilingCount: positiveInt('ceiling-count', values['ceiling-count'], quick ? 20_000 : 200_000),
    rampStart: positiveInt('ramp-start', values['ramp-start'], 2000),
    rampFactor: positiveNumber('ramp-factor', values['ramp-factor'], quick ? 2 : 1.5),
    rampSteps: positiveInt('ramp-steps', values['ramp-steps'], quick ? 3 : 12),
    rampStepSeconds: positiveNumber(
      'ramp-step-seconds',
      values['ramp-step-seconds'],
      quick ? 1 : 6,
    ),
    rampPrecision: positiveNumber('ramp-precision', values['ramp-precision'], quick ? 0.5 : 0.1),
    lossCount: positiveInt('loss-count', values['loss-count'], quick ? 5_000 : 100_000),
    lossRate: positiveInt('loss-rate', values['loss-rate'], 5000),
    inflight: positiveInt('inflight', values.inflight, 1000),
    connections: positiveInt('connections', values.connections, 1),
    waitQuietSeconds:
      values['wait-quiet'] === undefined
        ? 0
        : positiveNumber('wait-quiet', values['wait-quiet'], 0),
    cpuProf: values['cpu-prof'] ?? false,
    hubNodeOptions: values['hub-node-options'] ?? null,
    out: values.out ?? null,
  };
}
