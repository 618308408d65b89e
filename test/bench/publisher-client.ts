import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type {
  PublisherCommand,
  PublisherReport,
  RunCommand,
  RunResult,
} from './publisher-protocol';

export type RunRequest = Omit<RunCommand, 'kind' | 'runId'>;

/** The harness's handle on the publisher process (publisher.ts), one per broker. */
export class PublisherClient {
  private nextRunId = 1;
  private readonly tickListeners = new Map<number, (ticks: number[]) => void>();
  private pending: {
    resolve: (report: PublisherReport) => void;
    reject: (error: Error) => void;
  } | null = null;
  private exited = false;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (report: PublisherReport) => this.onReport(report));
    child.once('exit', (code) => {
      this.exited = true;
      this.pending?.reject(new Error(`publisher exited (code ${code})`));
      this.pending = null;
    });
  }

  static async start(url: string, clientId: string, connections = 1): Promise<PublisherClient> {
    const child = fork(join(__dirname, 'publisher.ts'), [], {
      cwd: join(__dirname, '..'),
      execArgv: ['--import', 'tsx'],
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const publisher = new PublisherClient(child);
    await publisher.request({ kind: 'connect', url, clientId, connections });
    return publisher;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Publishes one run; `onTicks` receives [first, count, time] triples as they happen. */
  async run(request: RunRequest, onTicks: (ticks: number[]) => void): Promise<RunResult> {
    const runId = this.nextRunId++;
    this.tickListeners.set(runId, onTicks);
    try {
      const report = await this.request({ kind: 'run', runId, ...request });
      if (report.kind !== 'done') throw new Error(`publisher answered ${report.kind} to run`);
      return report;
    } finally {
      this.tickListeners.delete(runId);
    }
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.request({ kind: 'close' }).catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  private request(command: PublisherCommand): Promise<PublisherReport> {
    if (this.pending) throw new Error('publisher is busy');
    if (this.exited) throw new Error('publisher has exited');
    return new Promise<PublisherReport>((resolve, reject) => {
      this.pending = { resolve, reject };
      this.child.send(command);
    });
  }

  private onReport(report: PublisherReport): void {
    if (report.kind === 'ticks') {
      this.tickListeners.get(report.runId)?.(report.ticks);
      return;
    }
    const pending = this.pending;
    this.pending = null;
    if (!pending) return;
    if (report.kind === 'error') pending.reject(new Error(`publisher: ${report.message}`));
    else pending.resolve(report);
  }
}
