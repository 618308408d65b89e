import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/app.config';
import type { MetricsService } from '../metrics/metrics.service';
import { RulesService } from './rules.service';

function service(rulesFile: string | null) {
  const outcomes: string[] = [];
  const metrics = {
    rulesReloads: { labels: (outcome: string) => ({ inc: () => outcomes.push(outcome) }) },
  } as unknown as MetricsService;
  return { rules: new RulesService({ rulesFile } as AppConfig, metrics), outcomes };
}

describe('rules applied over HTTP', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rules-apply-'));
  const file = join(dir, 'rules.yaml');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to edit the built-in rules', async () => {
    const { rules } = service(null);
    expect(rules.current.editable).toBe(false);
    await expect(rules.apply('corroboratingSources: 3\n', 'admin')).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('refuses a bad text as the hot reload would, writing nothing and counting it', async () => {
    writeFileSync(file, 'corroboratingSources: 2\n');
    const { rules, outcomes } = service(file);
    expect(rules.load(file)).toBe(true);
    expect(rules.validate('corroboratingSources: 0\n')).toEqual({
      valid: false,
      error: expect.stringMatching(/corroboratingSources/) as unknown,
    });
    await expect(rules.apply('corroboratingSources: 0\n', 'admin')).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/corroboratingSources/) as unknown,
    });
    expect(readFileSync(file, 'utf8')).toBe('corroboratingSources: 2\n');
    expect(rules.current.rules.corroboratingSources).toBe(2);
    expect(outcomes).toEqual(['ok', 'refused']);
  });

  it('writes a good text for its owner only and loads it once', async () => {
    const { rules, outcomes } = service(file);
    rules.load(file);
    const status = await rules.apply('corroboratingSources: 4\n', 'admin');
    expect(status).toMatchObject({ text: 'corroboratingSources: 4\n', lastError: null });
    expect(status.rules.corroboratingSources).toBe(4);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The poller sees our own write again: nothing new, no second reload.
    expect(rules.load(file)).toBe(true);
    expect(outcomes).toEqual(['ok', 'ok']);
  });
});
