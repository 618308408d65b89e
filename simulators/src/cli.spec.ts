import { createServer } from 'node:net';
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
      ['list-scenarios', '--help'],
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
    ]) {
      expect(ctx.lines.join('\n')).toContain(option);
    }
  });

  it('lists the built-in scenarios', async () => {
    const ctx = testContext();
    expect(await cli(ctx, 'list-scenarios')).toBe(0);
    expect(ctx.lines.join('\n')).toMatch(/^forest-fire\s+Forest fire on Langbiang/m);
  });

  it.each([
    [['fleet', '--cameras', '-1']],
    [['fleet', '--speed', '0']],
    [['fleet', '--url', 'http://example.org']],
    [['fleet', '--topic-root', 'ioc/#']],
    [['scenario']],
    [['nonsense']],
  ])('refuses bad usage %j with exit code 1', async (args) => {
    const ctx = testContext();
    expect(await cli(ctx, ...args)).toBe(1);
    expect(ctx.errors.join('\n')).toMatch(/error/);
  });

  it('names the scenarios when asked for an unknown one', async () => {
    const ctx = testContext();
    expect(await cli(ctx, 'scenario', 'volcano', '--url', TEST_BROKER_URL)).toBe(1);
    expect(ctx.errors.join('\n')).toContain(
      'unknown scenario "volcano"; built-in scenarios: forest-fire',
    );
  });

  it('exits with code 2 and names the URL when the broker is unreachable', async () => {
    const url = `mqtt://127.0.0.1:${await closedPort()}`;
    for (const command of [['scenario', 'forest-fire'], ['fleet']]) {
      const ctx = testContext();
      const started = Date.now();
      expect(await cli(ctx, ...command, '--url', url, '--connect-timeout', '0.5')).toBe(2);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(ctx.errors.join('\n')).toContain(`cannot connect to the MQTT broker at ${url} within`);
    }
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
        '1 fire incident, in zone langbiang, severity at least high, sources include cam-langbiang-ridge-1, cam-langbiang-ridge-2',
      );
      await expectEventually(() => expect(recorder.on('events')).toHaveLength(4));
    } finally {
      await recorder.stop();
    }
  }, 20_000);
});
