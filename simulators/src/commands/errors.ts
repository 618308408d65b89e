import { EXIT, type CliContext } from '../cli.context';
import { HubUnreachableError } from '../hub/hub.client';
import { BrokerUnreachableError } from '../publisher';

/** Prints an error as one `ioc-sim:` line and maps it to an exit code (2: nothing answered). */
export function reportError(error: unknown, ctx: CliContext): number {
  ctx.err(`ioc-sim: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof BrokerUnreachableError || error instanceof HubUnreachableError)
    return EXIT.brokerUnreachable;
  return EXIT.error;
}
