import { spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { expectEventually } from './eventually';
import { ARTIFACTS, REPO_ROOT } from './hub-process';
import { freePort } from './ports';
import { systemUser } from './system-user';

/** The configuration an operator runs in front of a hub (deploy/mosquitto/README.md). */
export const SHIPPED_MOSQUITTO_CONF = join(REPO_ROOT, 'deploy/mosquitto/mosquitto.conf');
/** Its ACL: devices speak only for themselves, the hub alone announces incidents. */
export const SHIPPED_MOSQUITTO_ACL = join(REPO_ROOT, 'deploy/mosquitto/ioc.acl');

/**
 * Who may connect: the shipped rules with this password file and ACL, or `anonymous` — the
 * shipped file with its authentication lines relaxed, for the tests of persistence, queues
 * and durability written before device identity (their hub and simulators connect without
 * credentials; test/e2e/mosquitto-identity.e2e.ts runs the rules themselves).
 */
export type MosquittoAuth = 'anonymous' | { passwordFile: string; aclFile: string };

/**
 * The shipped configuration with its listener on `port` and its persistence in `folder`:
 * every other line as shipped, so the tests run what an operator runs.
 */
export function privateMosquittoConf(
  shipped: string,
  port: number,
  folder: string,
  auth: MosquittoAuth = 'anonymous',
): string {
  const replace = (text: string, pattern: RegExp, line: string): string => {
    const matches = text.match(new RegExp(pattern.source, 'gm'))?.length ?? 0;
    if (matches !== 1)
      throw new Error(
        `${SHIPPED_MOSQUITTO_CONF}: expected one ${pattern.source}, found ${matches}`,
      );
    return text.replace(new RegExp(pattern.source, 'm'), line);
  };
  let conf = replace(shipped, /^listener .*$/, `listener ${port} 127.0.0.1`);
  conf = replace(conf, /^persistence_location .*$/, `persistence_location ${folder}/`);
  const anonymous = auth === 'anonymous';
  // With a password file, every authentication line stays as shipped.
  if (anonymous) conf = replace(conf, /^allow_anonymous .*$/, 'allow_anonymous true');
  conf = replace(
    conf,
    /^password_file .*$/,
    anonymous ? '# password_file: relaxed for this test' : `password_file ${auth.passwordFile}`,
  );
  return replace(
    conf,
    /^acl_file .*$/,
    anonymous ? '# acl_file: relaxed for this test' : `acl_file ${auth.aclFile}`,
  );
}

/**
 * A private Mosquitto started from the shipped configuration on an ephemeral port, with its
 * own persistence folder: it can be killed (-9) and restarted on the same folder and port
 * without touching the machine's broker.
 */
export class MosquittoProcess {
  private child: ChildProcess | null = null;
  private output = '';

  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly dir: string,
    /** The TLS listener's port, when started with `tls`. */
    readonly tlsPort: number | null = null,
  ) {}

  /**
   * `passwords`: the text of a Mosquitto password file; then the shipped rules apply
   * whole (allow_anonymous false, the password file, deploy/mosquitto/ioc.acl). Without it,
   * anonymous clients may connect (see MosquittoAuth).
   */
  static async start(
    name: string,
    options: {
      passwords?: string;
      /** A second listener, TLS with this certificate (PEM files), as deploy/mosquitto/README.md adds. */
      tls?: { certfile: string; keyfile: string };
    } = {},
  ): Promise<MosquittoProcess> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'ioc-e2e-mosquitto-'));
    const data = join(dir, 'data');
    mkdirSync(data);
    let auth: MosquittoAuth = 'anonymous';
    if (options.passwords !== undefined) {
      auth = { passwordFile: join(dir, 'ioc.passwd'), aclFile: join(dir, 'ioc.acl') };
      writeFileSync(auth.passwordFile, options.passwords, { mode: 0o600 });
      writeFileSync(auth.aclFile, readFileSync(SHIPPED_MOSQUITTO_ACL), { mode: 0o600 });
    }
    // Started as root, Mosquitto drops to its own user, which must own what it reads later.
    if (userInfo().uid === 0) {
      chmodSync(dir, 0o755);
      const user = systemUser('mosquitto');
      chownSync(data, user.uid, user.gid);
      if (auth !== 'anonymous')
        for (const file of [auth.passwordFile, auth.aclFile]) chownSync(file, user.uid, user.gid);
    }
    let conf = privateMosquittoConf(readFileSync(SHIPPED_MOSQUITTO_CONF, 'utf8'), port, data, auth);
    const tlsPort = options.tls ? await freePort() : null;
    if (options.tls) {
      const files = { certfile: join(dir, 'server.pem'), keyfile: join(dir, 'server.key') };
      writeFileSync(files.certfile, readFileSync(options.tls.certfile));
      writeFileSync(files.keyfile, readFileSync(options.tls.keyfile), { mode: 0o600 });
      if (userInfo().uid === 0) {
        const user = systemUser('mosquitto');
        for (const file of Object.values(files)) chownSync(file, user.uid, user.gid);
      }
      conf += `\nlistener ${tlsPort} 127.0.0.1\ncertfile ${files.certfile}\nkeyfile ${files.keyfile}\n`;
    }
    writeFileSync(join(dir, 'mosquitto.conf'), conf);
    const broker = new MosquittoProcess(name, port, dir, tlsPort);
    await broker.launch();
    return broker;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  get tlsUrl(): string {
    if (this.tlsPort === null) throw new Error(`${this.name} was started without tls`);
    return `mqtts://127.0.0.1:${this.tlsPort}`;
  }

  get logs(): string {
    return this.output;
  }

  /** Resident memory of the broker process, in bytes (Linux /proc). */
  rssBytes(): number {
    const pid = this.child?.pid;
    if (pid === undefined) throw new Error(`${this.name} is not running`);
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
    if (!line) throw new Error(`no VmRSS for ${this.name}`);
    return Number(line[1]) * 1024;
  }

  /** Mosquitto's notices that a client's queue overflowed (max_queued_messages/bytes). */
  get dropNotices(): number {
    return this.output.split('messages are being dropped').length - 1;
  }

  private get snapshotFile(): string {
    return join(this.dir, 'data', 'mosquitto.db');
  }

  private async launch(): Promise<void> {
    const child = spawn('mosquitto', ['-c', join(this.dir, 'mosquitto.conf')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const collect = (chunk: Buffer): void => {
      this.output += chunk.toString();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    await expectEventually(
      async () => {
        if (exited) throw new Error(`mosquitto exited during start-up:\n${this.output}`);
        await new Promise<void>((resolve, reject) => {
          const socket = connect(this.port, '127.0.0.1', () => {
            socket.end();
            resolve();
          });
          socket.once('error', reject);
        });
      },
      10_000,
      50,
    );
  }

  /** A hard crash: nothing is saved beyond the last snapshot. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** Writes the persistence snapshot now (SIGUSR1) and resolves once the file is renewed. */
  async snapshot(): Promise<void> {
    const before = this.snapshotStamp();
    const saves = this.savesLogged();
    await expectEventually(() => {
      // A signal that arrives before Mosquitto has installed its handlers is lost: repeat it.
      if (this.savesLogged() === saves) {
        this.child?.kill('SIGUSR1');
        throw new Error('mosquitto has not started saving');
      }
      if (this.snapshotStamp() === before) throw new Error('mosquitto has not saved yet');
    }, 10_000);
  }

  private savesLogged(): number {
    return this.output.split('Saving in-memory database').length - 1;
  }

  private snapshotStamp(): string {
    try {
      const s = statSync(this.snapshotFile);
      return `${s.mtimeMs}:${s.ino}:${s.size}`;
    } catch {
      return 'none';
    }
  }

  /**
   * Replaces the password file (Mosquitto's format) and has Mosquitto read it again
   * (SIGHUP), as an operator does after provisioning: deploy/mosquitto/README.md.
   */
  reloadPasswords(passwords: string): void {
    const file = join(this.dir, 'ioc.passwd');
    writeFileSync(file, passwords, { mode: 0o600 });
    if (userInfo().uid === 0) {
      const user = systemUser('mosquitto');
      chownSync(file, user.uid, user.gid);
    }
    this.child?.kill('SIGHUP');
  }

  /** Starts it again on the same port and persistence folder. */
  async restart(): Promise<void> {
    await this.signal('SIGTERM');
    await this.launch();
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** Stops it, keeps its log as a test artifact and removes its folder. */
  async dispose(): Promise<void> {
    await this.signal('SIGTERM');
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, `${this.name}.mosquitto.log`), this.output);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
