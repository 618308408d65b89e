import { ZonesFileSchema, type Zone } from '@ioc/shared';
import { parse as parseYaml } from 'yaml';

type ParsedZones = { ok: true; zones: Zone[] } | { ok: false; error: string };

/** Parses a zones file (YAML, which includes JSON), or a message naming what is wrong. */
export function parseZonesText(text: string, source: string): ParsedZones {
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? { zones: [] };
  } catch (error) {
    return { ok: false, error: `${source}: not valid YAML/JSON: ${(error as Error).message}` };
  }
  const parsed = ZonesFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join('.') || '(root)'}: ${i.message}`,
    );
    return { ok: false, error: `${source}: ${problems.join('; ')}` };
  }
  return { ok: true, zones: parsed.data.zones };
}
