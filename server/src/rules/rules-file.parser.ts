import { parse as parseYaml } from 'yaml';
import type { CorrelationRules } from '../correlation/correlation-rules';
import { RulesFileSchema, toCorrelationRules } from './rules-file.schema';

type ParsedRules = { ok: true; rules: CorrelationRules } | { ok: false; error: string };

/** Parses rules text (YAML, which includes JSON) into rules, or a message naming what is wrong. */
export function parseRulesText(text: string, source: string): ParsedRules {
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (error) {
    return { ok: false, error: `${source}: not valid YAML/JSON: ${(error as Error).message}` };
  }
  const parsed = RulesFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join('.') || '(root)'}: ${i.message}`,
    );
    return { ok: false, error: `${source}: ${problems.join('; ')}` };
  }
  return { ok: true, rules: toCorrelationRules(parsed.data) };
}
