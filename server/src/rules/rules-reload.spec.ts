import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RULES } from '../correlation/correlation-rules';
import { parseRulesText } from './rules-file.parser';

describe('rules file', () => {
  it('ships a default file that says exactly what the built-in defaults are', () => {
    const parsed = parseRulesText(
      readFileSync(join(__dirname, '../../rules.default.yaml'), 'utf8'),
      'rules.default.yaml',
    );
    expect(parsed).toEqual({ ok: true, rules: DEFAULT_RULES });
  });

  it('reads triage bars per category and the learning limit, and refuses a bar over 1', () => {
    const parsed = parseRulesText(
      'categories:\n  fire: { triage: { minConfidence: 0.6 } }\nlearning: { share: 0.4 }\n',
      'test',
    );
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.rules.triageMinConfidence).toEqual({ fire: 0.6 });
    expect(parsed.rules.learning).toEqual({ ...DEFAULT_RULES.learning, share: 0.4 });
    expect(parsed.rules.categories.fire).toEqual(DEFAULT_RULES.categories.fire);
    expect(
      parseRulesText('categories:\n  fire: { triage: { minConfidence: 1.5 } }\n', 'test').ok,
    ).toBe(false);
  });

  it('overrides only what it names', () => {
    const parsed = parseRulesText(
      'categories:\n  fire: { radiusM: 250 }\nslaSeconds: { critical: 5 }\n',
      'test',
    );
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.rules.categories.fire).toEqual({ radiusM: 250, windowMs: 15 * 60_000 });
    expect(parsed.rules.categories.forest).toEqual(DEFAULT_RULES.categories.forest);
    expect(parsed.rules.slaMs).toMatchObject({ critical: 5000, high: 300_000 });
  });

  it('switches expiry per category and the cleared hold off', () => {
    const parsed = parseRulesText(
      'categories:\n  urban: { expireWhenQuiet: false }\nclearedHoldMinutes: null\n',
      'test',
    );
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.rules.expireWhenQuiet).toEqual({
      ...DEFAULT_RULES.expireWhenQuiet,
      urban: false,
    });
    expect(parsed.rules.clearedHoldMs).toBeNull();
  });

  it.each([
    ['broken YAML', 'categories: [', /not valid YAML/],
    ['a typo in a key', 'categorie:\n  fire: { radiusM: 250 }', /Unrecognized key/],
    ['a negative radius', 'categories:\n  fire: { radiusM: -5 }', /categories\.fire\.radiusM/],
    ['an unknown category', 'categories:\n  volcano: { radiusM: 5 }', /categories/],
    [
      'an unknown metric',
      'thresholds:\n  - { metric: radiation, threshold: 1, derivedType: air.pollution }',
      /thresholds\.0\.metric/,
    ],
    [
      'expiry for fire',
      'categories:\n  fire: { expireWhenQuiet: true }',
      /categories\.fire\.expireWhenQuiet: fire incidents never expire/,
    ],
  ])('refuses %s with a message naming it', (_name, text, message) => {
    const parsed = parseRulesText(text, 'rules.yaml');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });
});
