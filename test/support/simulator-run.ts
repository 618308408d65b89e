import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './hub-process';

export interface SimulatorRun {
  code: number | null;
  output: string;
}

/**
 * Runs the built simulator CLI to completion and resolves with its exit code and output
 * (stdout and stderr interleaved), whatever the code: for tests that expect a failure.
 */
export async function runSimulatorForResult(
  args: string[],
  options: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<SimulatorRun> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'simulators/dist/cli.js'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', ...options.env },
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, output };
}
