#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { EXIT, processContext, type CliContext } from './cli.context';
import { UsageError, type CommandHost } from './cli.options';
import * as faults from './commands/faults.command';
import * as fleet from './commands/fleet.command';
import * as listScenarios from './commands/list-scenarios.command';
import * as load from './commands/load.command';
import * as mosquittoPasswords from './commands/mosquitto-passwords.command';
import * as provision from './commands/provision.command';
import * as replay from './commands/replay.command';
import * as scenario from './commands/scenario.command';
import * as validate from './commands/validate.command';
import * as verify from './commands/verify.command';

/** In the order `--help` lists them; each command file registers its own options. */
const COMMANDS = [
  fleet,
  scenario,
  verify,
  validate,
  listScenarios,
  faults,
  load,
  replay,
  provision,
  mosquittoPasswords,
];

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function buildProgram(host: CommandHost): Command {
  const { ctx } = host;
  const program = new Command('ioc-sim')
    .description(
      'Device simulators for the IOC event hub: a Da Lat fleet, scenario files with expected outcomes ' +
        '(play and verify), fault injection, paced load with latency, record and replay.',
    )
    .version(version())
    // Throw instead of exiting, so `start()` returns the exit code (and tests run in-process).
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.out(s.trimEnd()),
      writeErr: (s) => ctx.err(s.trimEnd()),
    })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Exit codes: 0 done/passed, 1 usage error or a failed check, 2 broker or hub unreachable.
Docs: docs/simulators.md`,
    );
  for (const command of COMMANDS) command.register(program, host);
  return program;
}

/** Runs the CLI on `argv` (as in process.argv) and resolves to the exit code. */
export async function start(
  argv: readonly string[],
  ctx: CliContext = processContext,
): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram({
    ctx,
    done: (c) => {
      code = c;
    },
  });
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (error) {
    // --help and --version arrive here too, with exit code 0.
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof UsageError) {
      ctx.err(`error: ${error.message}`);
      ctx.err('(add --help for usage)');
      return EXIT.error;
    }
    ctx.err(`ioc-sim: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.error;
  }
}

if (require.main === module) {
  // Output piped into `head` and the like: a closed pipe ends the program quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
  });
  // Exit explicitly: a command may leave a reconnect timer of a dropped connection behind.
  void start(process.argv).then((code) => process.exit(code));
}
