/**
 * `npm run bench`: the hub end to end against the ceiling of a bare subscriber, on both
 * brokers and both databases, in one run on one machine. See docs/benchmarks.md
 * for the method and the latest figures.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ARTIFACTS, REPO_ROOT } from '../support/hub-process';
import { ConfigRun, type ConfigResult } from './config-run';
import { HELP, parseOptions, type BenchOptions } from './options';
import { phaseTable, summaryTable } from './report';

function tryText(run: () => string): string | null {
  try {
    return run().trim();
  } catch {
    return null;
  }
}

async function postgresVersion(): Promise<string | null> {
  const client = new Client({
    connectionString: process.env.E2E_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  });
  try {
    await client.connect();
    const result = await client.query<{ server_version: string }>('SHOW server_version');
    return result.rows[0]?.server_version ?? null;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function machine(): Promise<Record<string, unknown>> {
  return {
    nproc: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadavg: loadavg(),
    mosquitto: tryText(
      () => spawnSync('mosquitto', ['-h'], { encoding: 'utf8' }).stdout.split('\n')[0] ?? '',
    ),
    postgres: await postgresVersion(),
    commit: tryText(() =>
      execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }),
    ),
    dirty:
      tryText(() =>
        execFileSync('git', ['status', '--porcelain', '--', 'server', 'shared'], {
          cwd: REPO_ROOT,
          encoding: 'utf8',
        }),
      ) !== '',
  };
}

/** Problems that fail the run (never a time): loss at rates the hub sustains, rejections, a crash. */
function problems(results: ConfigResult[]): string[] {
  const found: string[] = [];
  for (const r of results) {
    if (r.error) found.push(`${r.name}: ${r.error}`);
    if (r.totals.lostAtSustainableRates > 0)
      found.push(
        `${r.name}: ${r.totals.lostAtSustainableRates} QoS 1 events lost at rates the hub sustains`,
      );
    if (r.totals.rejected > 0)
      found.push(`${r.name}: the hub rejected ${r.totals.rejected} benchmark events`);
    if (r.totals.hubDuplicates < r.totals.duplicatesSent)
      found.push(
        `${r.name}: ${r.totals.duplicatesSent} repeats sent, only ${r.totals.hubDuplicates} counted as duplicates`,
      );
    if (r.totals.storedInDatabase !== null && r.totals.storedInDatabase !== r.totals.stored)
      found.push(
        `${r.name}: pushes announced ${r.totals.stored} stored events, the database has ${r.totals.storedInDatabase}`,
      );
    if (
      r.totals.storedAfterRestart !== null &&
      r.totals.storedAfterRestart !== r.totals.storedInDatabase
    )
      found.push(
        `${r.name}: ${r.totals.storedInDatabase} events stored before the restart, ${r.totals.storedAfterRestart} after`,
      );
  }
  return found;
}

export async function start(argv: string[]): Promise<number> {
  let options: BenchOptions | null;
  try {
    options = parseOptions(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (!options) {
    console.log(HELP);
    return 0;
  }
  if (!existsSync(join(REPO_ROOT, 'server/dist/main.js'))) {
    console.error(
      'server/dist/main.js is missing: run `npm run build` first (the root `npm run bench` does).',
    );
    return 2;
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = options.out ?? join(ARTIFACTS, `bench-${stamp}.json`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const startedAt = new Date();
  const info = await machine();
  console.log(
    `bench ${options.quick ? '(quick) ' : ''}on ${String(info.nproc)} × ${String(info.cpuModel)}, Node ${String(info.node)}, load average ${(info.loadavg as number[]).map((n) => n.toFixed(2)).join(' ')}`,
  );

  const results: ConfigResult[] = [];
  let current: ConfigRun | null = null;
  // Ctrl-C stops the hub, its database and the publisher, not only this process.
  const interrupt = (): void => {
    console.error('\ninterrupted: stopping the hub and the publisher');
    void (current?.abort() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  for (const name of options.configs) {
    console.log(`\n${name}`);
    current = new ConfigRun(name, options, ARTIFACTS, stamp, (line) => console.log(line));
    results.push(await current.run());
    current = null;
  }
  process.off('SIGINT', interrupt);
  process.off('SIGTERM', interrupt);

  const summary = summaryTable(results, options.rates);
  console.log(`\n${summary}\n`);
  for (const r of results) console.log(`${r.name}\n\n${phaseTable(r)}\n`);
  const found = problems(results);
  const document = {
    command: `npm run bench -- ${argv.join(' ')}`.trim(),
    startedAt: startedAt.toISOString(),
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    machine: info,
    options,
    problems: found,
    results,
  };
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`JSON: ${out} (${document.seconds.toFixed(0)} s)`);
  if (found.length > 0) {
    console.error(`\nFAILED:\n${found.map((p) => `  - ${p}`).join('\n')}`);
    return 1;
  }
  return 0;
}

if (require.main === module) {
  start(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
