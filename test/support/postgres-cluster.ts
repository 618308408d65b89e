import { execFile } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports';
import { systemUser } from './system-user';

const run = promisify(execFile);

/** The newest installed PostgreSQL's bin folder (Debian: /usr/lib/postgresql/<major>/bin). */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const majors = readdirSync(root)
    .filter((d) => /^\d+$/.test(d))
    .sort((a, b) => Number(b) - Number(a));
  if (majors.length === 0) throw new Error(`no PostgreSQL under ${root}`);
  return join(root, majors[0] as string, 'bin');
}

/**
 * A private PostgreSQL cluster (initdb in a temp folder, an ephemeral port, its socket in
 * that folder) that a test may stop and start at will: the machine's shared PostgreSQL is
 * never restarted. As root, every PostgreSQL command runs as the `postgres` user.
 */
export class PostgresCluster {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly bin: string,
    private readonly asPostgres: boolean,
  ) {}

  static async create(): Promise<PostgresCluster> {
    const asPostgres = userInfo().uid === 0;
    const dir = mkdtempSync(join(tmpdir(), 'ioc-e2e-pg-'));
    const data = join(dir, 'data');
    mkdirSync(data, { mode: 0o700 });
    if (asPostgres) {
      const user = systemUser('postgres');
      chownSync(dir, user.uid, user.gid);
      chownSync(data, user.uid, user.gid);
    }
    const cluster = new PostgresCluster(await freePort(), dir, postgresBin(), asPostgres);
    // --no-sync: a test cluster; the server itself keeps fsync on.
    await cluster.pg('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync']);
    await cluster.start();
    return cluster;
  }

  /** A URL for `database` (default `postgres`, which initdb creates). */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Starts the server and waits until it accepts connections (`pg_ctl -w`). */
  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`;
    await this.pg('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-o',
      options,
      '-l',
      join(this.dir, 'server.log'),
      '-w',
      '-t',
      '30',
      'start',
    ]);
  }

  /** `immediate`: a crash (no checkpoint, clients cut); `fast`: a clean shutdown. */
  async stop(mode: 'immediate' | 'fast' = 'immediate'): Promise<void> {
    await this.pg('pg_ctl', ['-D', join(this.dir, 'data'), '-m', mode, '-w', 'stop']);
  }

  async restart(mode: 'immediate' | 'fast' = 'immediate'): Promise<void> {
    await this.stop(mode);
    await this.start();
  }

  async dispose(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async pg(command: string, args: string[]): Promise<void> {
    const file = join(this.bin, command);
    const [exe, argv] = this.asPostgres
      ? ['runuser', ['-u', 'postgres', '--', file, ...args]]
      : [file, args];
    await run(exe, argv, { timeout: 60_000 });
  }
}
