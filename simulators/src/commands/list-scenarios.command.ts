import { basename } from 'node:path';
import { Option, type Command } from 'commander';
import { EXIT, type CliContext } from '../cli.context';
import type { CommandHost } from '../cli.options';
import { LIBRARY_DIR, loadScenarioFile, scenarioFiles } from '../scenarios/scenario.loader';
import { scenarioDurationS } from '../scenarios/scenario.runner';
import { reportError } from './errors';

/** `ioc-sim list-scenarios`: the library (or `--dir`), with steps and duration. */
export function listScenariosCommand(ctx: CliContext, dir = LIBRARY_DIR): number {
  try {
    const files = scenarioFiles(dir);
    if (files.length === 0) ctx.out(`no scenario files in ${dir}`);
    for (const file of files) {
      const s = loadScenarioFile(file);
      const name = basename(file).replace(/\.(ya?ml|json)$/, '');
      ctx.out(`${name.padEnd(26)} ${s.title} (${s.steps.length} steps, ${scenarioDurationS(s)} s)`);
    }
    return EXIT.ok;
  } catch (error) {
    return reportError(error, ctx);
  }
}

export function register(program: Command, { ctx, done }: CommandHost): void {
  program
    .command('list-scenarios')
    .description(
      'List the scenario library (simulators/scenarios), or the scenario files of --dir.',
    )
    .addOption(
      new Option('--dir <folder>', 'a folder of scenario files').default(
        LIBRARY_DIR,
        'the library',
      ),
    )
    .action((flags: { dir: string }) => done(listScenariosCommand(ctx, flags.dir)));
}
