import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { ScenarioSchema, type Scenario } from './scenario.schema';

/** A scenario file or value that does not validate; the message names every bad field. */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

/** Where the library of scenario files lives: `simulators/scenarios/` (beside src/ and dist/). */
export const LIBRARY_DIR = resolve(__dirname, '..', '..', 'scenarios');

const EXTENSIONS = ['.yaml', '.yml', '.json'];

/** A field path as a tester reads it: `steps[3].event.type`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}

/**
 * One line per issue: the field, the file line when known, and zod's message, e.g.
 * `steps[3].event.type (line 42): Invalid option: expected one of "fire.smoke"|…`.
 */
export function formatIssues(
  error: z.ZodError,
  lineOf: (path: readonly PropertyKey[]) => number | null = () => null,
): string[] {
  return error.issues.map((issue) => {
    const line = lineOf(issue.path);
    const where = `${formatPath(issue.path)}${line === null ? '' : ` (line ${line})`}`;
    return `  - ${where}: ${issue.message}`;
  });
}

/** Validates a scenario value, with a message naming every bad field. */
export function parseScenario(
  input: unknown,
  origin = 'scenario',
  lineOf?: (path: readonly PropertyKey[]) => number | null,
): Scenario {
  const parsed = ScenarioSchema.safeParse(input);
  if (!parsed.success) {
    throw new ScenarioError(
      `${origin} is invalid:\n${formatIssues(parsed.error, lineOf).join('\n')}`,
    );
  }
  return parsed.data;
}

/**
 * Parses scenario text. YAML 1.2 is a superset of JSON, so one parser reads both and
 * gives line numbers for either; duplicate keys are an error, not a silent override.
 */
export function parseScenarioText(text: string, origin: string): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => {
      const pos = e.linePos?.[0];
      return `  - ${pos ? `line ${pos.line}, column ${pos.col}: ` : ''}${(e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`;
    });
    throw new ScenarioError(`${origin} is not valid YAML/JSON:\n${lines.join('\n')}`);
  }
  const value: unknown = doc.toJS();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ScenarioError(`${origin} must hold one scenario object (name, title, steps, expect)`);
  }
  return parseScenario(value, origin, (path) => lineOfPath(doc, lineCounter, path));
}

/** The line of the deepest node on `path` that exists (a missing field points at its parent). */
function lineOfPath(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
): number | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const node: unknown = doc.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return null;
}

export function loadScenarioFile(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ScenarioError(`cannot read scenario file ${file}: ${(error as Error).message}`);
  }
  return parseScenarioText(text, file);
}

/** Scenario files of a folder, sorted by name. */
export function scenarioFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => EXTENSIONS.includes(extname(f)))
    .sort()
    .map((f) => join(dir, f));
}

/** Every scenario of the library (a folder of files), each validated. */
export function libraryScenarios(dir = LIBRARY_DIR): { file: string; scenario: Scenario }[] {
  return scenarioFiles(dir).map((file) => ({ file, scenario: loadScenarioFile(file) }));
}

/** True when the argument names a file rather than a library scenario. */
export function looksLikePath(ref: string): boolean {
  return ref.includes('/') || ref.includes('\\') || EXTENSIONS.includes(extname(ref));
}

/**
 * A scenario by library name (`forest-fire`) or by path (`./my-scenario.yaml`). An
 * unknown name lists the library's names.
 */
export function resolveScenario(
  ref: string,
  dir = LIBRARY_DIR,
): { file: string; scenario: Scenario } {
  if (looksLikePath(ref) || existsSync(ref)) {
    if (!existsSync(ref)) throw new ScenarioError(`no scenario file ${ref}`);
    return { file: ref, scenario: loadScenarioFile(ref) };
  }
  const files = scenarioFiles(dir);
  const byStem = files.find((f) => basename(f, extname(f)) === ref);
  if (byStem) return { file: byStem, scenario: loadScenarioFile(byStem) };
  const found = libraryScenarios(dir).find((s) => s.scenario.name === ref);
  if (found) return found;
  const names = files.map((f) => basename(f, extname(f))).join(', ');
  throw new ScenarioError(`unknown scenario "${ref}"; library scenarios: ${names || '(none)'}`);
}
