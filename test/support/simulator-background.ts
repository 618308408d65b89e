import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './hub-process';

/** A simulator CLI run that keeps going in the background (e.g. `fleet --duration 0`) until stopped. */
export class BackgroundSimulator {
  private output = '';

  private constructor(private readonly child: ChildProcess) {
    const collect = (chunk: Buffer): void => {
      this.output += chunk.toString();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
  }

  static start(args: string[]): BackgroundSimulator {
    return new BackgroundSimulator(
      spawn(process.execPath, [join(REPO_ROOT, 'simulators/dist/cli.js'), ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
  }

  get logs(): string {
    return this.output;
  }

  /** Ctrl-C (the fleet then publishes offline for every device), SIGKILL after 10 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
