import type { Command } from 'commander';
import { EXIT, type CliContext } from '../cli.context';
import type { CommandHost } from '../cli.options';
import { resolveScenario } from '../scenarios/scenario.loader';
import { describeExpectation } from '../scenarios/scenario.runner';

/** `ioc-sim validate <file...>`: schema-checks scenario files without a broker or hub. */
export function validateCommand(refs: string[], ctx: CliContext): number {
  let bad = 0;
  for (const ref of refs) {
    try {
      const { file, scenario } = resolveScenario(ref);
      const expected = describeExpectation(scenario.expect.incidents).join('; ');
      ctx.out(
        `ok    ${file}: ${scenario.name}, ${scenario.steps.length} steps; expects ${expected}`,
      );
    } catch (error) {
      bad += 1;
      ctx.err(`FAIL  ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (refs.length > 1) ctx.out(`${refs.length - bad} of ${refs.length} valid`);
  return bad === 0 ? EXIT.ok : EXIT.error;
}

export function register(program: Command, { ctx, done }: CommandHost): void {
  program
    .command('validate')
    .description(
      'Check scenario files against the schema (no broker, no hub); errors name the field and line.',
    )
    .argument('<scenarios...>', 'scenario files or library names')
    .addHelpText(
      'after',
      '\nExample:\n  ioc-sim validate simulators/scenarios/*.yaml my-scenario.yaml',
    )
    .action((refs: string[]) => done(validateCommand(refs, ctx)));
}
