import { systemClock, type Clock } from './clock';

/**
 * What a command needs from the process, injected so that commands run in-process in
 * tests: output lines, a clock, and a signal that says "shut down now".
 */
export interface CliContext {
  out: (line: string) => void;
  err: (line: string) => void;
  clock: Clock;
  /** Environment variables (credentials fallbacks); read here once, injected in tests. */
  env: Readonly<Record<string, string | undefined>>;
  /** A signal aborted on SIGINT/SIGTERM; `dispose()` removes the handlers. */
  shutdownSignal: () => { signal: AbortSignal; dispose: () => void };
}

export const processContext: CliContext = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  clock: systemClock,
  env: process.env,
  shutdownSignal: () => {
    const controller = new AbortController();
    const onSignal = (name: NodeJS.Signals): void => {
      // A second Ctrl-C means "now": skip the clean shutdown.
      if (controller.signal.aborted) process.exit(130);
      process.stderr.write(`ioc-sim: ${name}, shutting down (again to force)\n`);
      controller.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    return {
      signal: controller.signal,
      dispose: () => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      },
    };
  },
};

/** Exit codes of the CLI. */
/** `error` also means "a verify/faults check failed"; `unreachable` covers broker and hub. */
export const EXIT = { ok: 0, error: 1, brokerUnreachable: 2 } as const;
