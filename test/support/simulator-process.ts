import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './hub-process';

/** Runs the built simulator CLI to completion; resolves with its output, rejects on a non-zero exit. */
export async function runSimulator(args: string[], timeoutMs = 60_000): Promise<string> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'simulators/dist/cli.js'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`simulator ${args.join(' ')} exited ${code}:\n${output}`);
  return output;
}
