import { writeFileSync } from 'node:fs';
import { EXIT, type CliContext } from '../cli.context';
import type { HubAccess } from '../cli.options';
import { resolveScenario } from '../scenarios/scenario.loader';
import { describeExpectation } from '../scenarios/scenario.runner';
import { formatReport, verifyScenario, type VerifyReport } from '../verify/verify.runner';
import { reportError } from './errors';

export interface VerifyCommandOptions {
  url: string;
  topicRoot: string;
  connectTimeoutMs: number;
  hub: HubAccess;
  speed: number;
  seed: number;
  timeoutS: number | null;
  settleS: number | null;
  cleanup: boolean;
  /** Write every report as JSON here. */
  reportFile: string | null;
}

/**
 * `ioc-sim verify <scenario...>`: plays each scenario against a running hub and checks its
 * expected outcome over HTTP and /live. Exit 0 when every scenario passes, 1 when one fails,
 * 2 when the broker or the hub cannot be reached.
 */
export async function verifyCommand(
  refs: string[],
  options: VerifyCommandOptions,
  ctx: CliContext,
): Promise<number> {
  const shutdown = ctx.shutdownSignal();
  const reports: VerifyReport[] = [];
  try {
    // Every file is validated before anything is played: a typo fails fast.
    const scenarios = refs.map((ref) => resolveScenario(ref));
    for (const { file, scenario } of scenarios) {
      if (shutdown.signal.aborted) break;
      const report = await verifyScenario(
        {
          scenario,
          file,
          url: options.url,
          topicRoot: options.topicRoot,
          connectTimeoutMs: options.connectTimeoutMs,
          hubUrl: options.hub.url,
          credentials: { username: options.hub.username, password: options.hub.password },
          apiKey: options.hub.apiKey,
          speed: options.speed,
          seed: options.seed,
          timeoutS: options.timeoutS,
          settleS: options.settleS,
          cleanup: options.cleanup,
        },
        { clock: ctx.clock, log: ctx.out, signal: shutdown.signal },
      );
      ctx.out('expected:');
      for (const line of describeExpectation(scenario.expect.incidents)) ctx.out(`  - ${line}`);
      for (const line of formatReport(report)) ctx.out(line);
      reports.push(report);
    }
    if (scenarios.length > 1) {
      const failed = reports.filter((r) => !r.passed).map((r) => r.scenario);
      ctx.out(
        failed.length === 0
          ? `verify: all ${reports.length} scenarios PASS`
          : `verify: ${failed.length} of ${reports.length} scenarios FAIL: ${failed.join(', ')}`,
      );
    }
    return reports.length === scenarios.length && reports.every((r) => r.passed)
      ? EXIT.ok
      : EXIT.error;
  } catch (error) {
    return reportError(error, ctx);
  } finally {
    shutdown.dispose();
    if (options.reportFile)
      writeFileSync(options.reportFile, `${JSON.stringify({ reports }, null, 2)}\n`);
  }
}
