import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from './clock';
import { start } from './cli';
import type { CliContext } from './cli.context';
import { TEST_BROKER_URL, TopicRecorder, uniqueTopicRoot } from './testing/broker';
import { expectEventually } from './testing/eventually';

function testContext(): CliContext & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    lines,
    errors,
    out: (line) => lines.push(line),
    err: (line) => errors.push(line),
    clock: systemClock,
    env: {},
    shutdownSignal: () => ({ signal: new AbortController().signal, dispose: () => undefined }),
  };
}

const cli = (ctx: CliContext, ...args: string[]): Promise<number> =>
  start(['node', 'ioc-sim', ...args], ctx);

/** A local port nobody listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('ioc-sim CLI', () => {
  it('prints help for the program and every command, with exit code 0', async () => {
    for (const args of [
      ['--help'],
      ['fleet', '--help'],
      ['scenario', '--help'],
      ['verify', '--help'],
      ['validate', '--help'],
      ['list-scenarios', '--help'],
      ['faults', '--help'],
      ['load', '--help'],
      ['replay', '--help'],
    ]) {
      const ctx = testContext();
      expect(await cli(ctx, ...args)).toBe(0);
      expect(ctx.lines.join('\n')).toMatch(/^Usage: ioc-sim/);
    }
    const ctx = testContext();
    await cli(ctx, 'fleet', '--help');
    for (const option of [
      '--url',
      '--cameras',
      '--sensors',
      '--seed',
      '--speed',
      '--duration',
      '--event-rate',
      '--topic-root',
      '--connections',
      '--interval',
      '--record',
    ]) {
      expect(ctx.lines.join('\n')).toContain(option);
    }
    const help = async (...args: string[]): Promise<string> => {
      const c = testContext();
      await cli(c, ...args, '--help');
      return c.lines.join('\n');
    };
    const verifyHelp = await help('verify');
    for (const option of ['--hub', '--username', '--password', '--cleanup', '--timeout', '--all'])
      expect(verifyHelp).toContain(option);
    const faultsHelp = await help('faults');
    for (const option of [
      '--malformed-json',
      '--missing-fields',
      '--wrong-types',
      '--oversized',
      '--out-of-range',
      '--future-ts',
      '--duplicates',
      '--out-of-order',
      '--clock-skew',
      '--clock-skew-events',
      '--flapping',
      '--hub',
    ])
      expect(faultsHelp).toContain(option);
    const loadHelp = await help('load');
    for (const option of ['--rate', '--duration', '--batch-size', '--window', '--hub'])
      expect(loadHelp).toContain(option);
    expect(await help('replay')).toContain('--speed');
  });

  it('composes every command once, in the order of the docs, with the shared broker options', async () => {
    const ctx = testContext();
    expect(await cli(ctx, '--help')).toBe(0);
    const commands = [...ctx.lines.join('\n').matchAll(/^ {2}([a-z][a-z-]*) /gm)].map((m) => m[1]);
    expect(commands).toEqual([
      'fleet',
      'scenario',
      'verify',
      'validate',
      'list-scenarios',
      'faults',
      'load',
      'replay',
      'provision',
      'mosquitto-passwords',
      'help',
    ]);
    for (const command of ['fleet', 'scenario', 'verify', 'faults', 'load', 'replay']) {
      const c = testContext();
      await cli(c, command, '--help');
      const help = c.lines.join('\n');
      for (const option of ['--url <url>', '--topic-root <root>', '--connect-timeout <s>'])
        expect(help).toContain(option);
      expect(help).toContain('"mqtt://127.0.0.1:1884")');
    }
    // Every command that connects devices can connect each as itself.
    for (const command of ['fleet', 'scenario', 'verify', 'load']) {
      const c = testContext();
      await cli(c, command, '--help');
      for (const option of ['--credentials <file>', '--provision'])
        expect(c.lines.join('\n')).toContain(option);
    }
  });

  it('provisions a fleet through the hub, then writes its Mosquitto password file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ioc-sim-provision-'));
    const bodies: { id: string }[][] = [];
    const hub = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.writeHead(req.url === '/api/auth/login' ? 200 : 201, {
          'content-type': 'application/json',
        });
        if (req.url === '/api/auth/login')
          return res.end(
            JSON.stringify({ accessToken: 't', user: { username: 'admin', role: 'admin' } }),
          );
        const devices = JSON.parse(body) as { id: string }[];
        bodies.push(devices);
        res.end(
          JSON.stringify({
            created: devices.map((d) => ({
              id: d.id,
              credentials: { username: d.id, password: `pw-${d.id}` },
            })),
            errors: [],
          }),
        );
      });
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    const { port } = hub.address() as { port: number };
    try {
      const csv = join(dir, 'devices.csv');
      writeFileSync(csv, 'id,kind,name,lat,lon,zone\ncam-x-1,camera,X one,11.9,108.4,center\n');
      const creds = join(dir, 'creds.json');
      const ctx = testContext();
      const code = await cli(
        ctx,
        'provision',
        '--hub',
        `http://127.0.0.1:${port}`,
        '--user',
        'admin',
        '--password',
        'pw',
        '--fleet',
        csv,
        '--fleet',
        'forest-fire',
        '--out',
        creds,
      );
      expect({ code, errors: ctx.errors }).toEqual({ code: 0, errors: [] });
      expect(bodies.flat().map((d) => d.id)).toEqual([
        'cam-x-1',
        'cam-langbiang-ridge-1',
        'cam-langbiang-ridge-2',
        'temp-langbiang-01',
      ]);
      expect(statSync(creds).mode & 0o777).toBe(0o600);
      const passwd = join(dir, 'passwd');
      expect(
        await cli(
          ctx,
          'mosquitto-passwords',
          '--credentials',
          creds,
          '--account',
          'ioc-hub:h',
          '--out',
          passwd,
        ),
      ).toBe(0);
      const users = readFileSync(passwd, 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => l.split(':')[0]);
      expect(users).toEqual([
        'ioc-hub',
        'cam-langbiang-ridge-1',
        'cam-langbiang-ridge-2',
        'cam-x-1',
        'temp-langbiang-01',
      ]);
    } finally {
      await new Promise<void>((resolve) => hub.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists the scenario library', async () => {
    const ctx = testContext();
    expect(await cli(ctx, 'list-scenarios')).toBe(0);
    const output = ctx.lines.join('\n');
    expect(output).toMatch(/^forest-fire\s+Forest fire on Langbiang/m);
    expect(ctx.lines.length).toBeGreaterThanOrEqual(8);
  });

  it.each([
    [['fleet', '--cameras', '-1']],
    [['fleet', '--speed', '0']],
    [['fleet', '--url', 'http://example.org']],
    [['fleet', '--topic-root', 'ioc/#']],
    [['scenario']],
    [['nonsense']],
    [['fleet', '--cameras', '6000', '--sensors', '5000']],
    [['verify', 'forest-fire']],
    [['verify', 'forest-fire', '--hub', 'http://127.0.0.1:9']],
    [['verify', '--hub', 'http://127.0.0.1:9', '--password', 'x']],
    [['load', '--rate', '10']],
    [['load', '--rate', '10', '--duration', '1', '--batch-size', '501']],
    [['faults']],
  ])('refuses bad usage %j with exit code 1', async (args) => {
    const ctx = testContext();
    expect(await cli(ctx, ...args)).toBe(1);
    expect(ctx.errors.join('\n')).toMatch(/error/);
  });

  it('names the scenarios when asked for an unknown one', async () => {
    const ctx = testContext();
    expect(await cli(ctx, 'scenario', 'volcano', '--url', TEST_BROKER_URL)).toBe(1);
    expect(ctx.errors.join('\n')).toMatch(
      /unknown scenario "volcano"; library scenarios: .*forest-fire/,
    );
  });

  it('exits with code 2 and names the URL when the broker is unreachable', async () => {
    const url = `mqtt://127.0.0.1:${await closedPort()}`;
    for (const command of [
      ['scenario', 'forest-fire'],
      ['fleet'],
      ['faults', '--all', '1'],
      ['load', '--rate', '10', '--duration', '1'],
    ]) {
      const ctx = testContext();
      const started = Date.now();
      expect(await cli(ctx, ...command, '--url', url, '--connect-timeout', '0.5')).toBe(2);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(ctx.errors.join('\n')).toContain(`cannot connect to the MQTT broker at ${url} within`);
    }
  });

  it('validates scenario files: exit 0 for the library, 1 naming the bad field', async () => {
    const ctx = testContext();
    expect(await cli(ctx, 'validate', 'forest-fire', 'power-cut-ward-8')).toBe(0);
    expect(ctx.lines.join('\n')).toMatch(
      /^ok {4}.*forest-fire\.yaml: forest-fire, 15 steps; expects 1 fire incident/m,
    );
    const dir = mkdtempSync(join(tmpdir(), 'ioc-sim-cli-'));
    try {
      const file = join(dir, 'typo.yaml');
      writeFileSync(
        file,
        'name: typo\ntitle: Typo\nsteps:\n  - { at: 0, action: status, device: d-1, status: up }\nexpect: { incidents: [] }\n',
      );
      const bad = testContext();
      expect(await cli(bad, 'validate', file)).toBe(1);
      expect(bad.errors.join('\n')).toContain(
        'steps[0].status (line 4): Invalid option: expected one of "online"|"offline"',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits with code 2 when the hub cannot be reached', async () => {
    const ctx = testContext();
    const hub = `http://127.0.0.1:${await closedPort()}`;
    expect(await cli(ctx, 'verify', 'forest-fire', '--hub', hub, '--password', 'x')).toBe(2);
    expect(ctx.errors.join('\n')).toContain(`cannot reach the hub at ${hub}`);
  });

  it('plays the forest-fire scenario and prints the expected outcome', async () => {
    const root = uniqueTopicRoot();
    const recorder = await TopicRecorder.start(root);
    try {
      const ctx = testContext();
      const code = await cli(
        ctx,
        'scenario',
        'forest-fire',
        '--url',
        TEST_BROKER_URL,
        '--speed',
        '0',
        '--topic-root',
        root,
      );
      expect(ctx.errors).toEqual([]);
      expect(code).toBe(0);
      const output = ctx.lines.join('\n');
      expect(output).toContain('expected outcome:');
      expect(output).toContain(
        '1 fire incident, in zone langbiang, severity at least critical, sources include cam-langbiang-ridge-1, cam-langbiang-ridge-2, temp-langbiang-01',
      );
      await expectEventually(() => expect(recorder.on('events')).toHaveLength(4));
    } finally {
      await recorder.stop();
    }
  }, 20_000);
});
