import { z } from 'zod';
import { forestFireScenario } from './forest-fire.scenario';
import { ScenarioSchema, type Scenario, type ScenarioInput } from './scenario.schema';

/** Scenarios built into the CLI; scenario files (a later issue) parse the same way. */
const BUILT_IN: readonly ScenarioInput[] = [forestFireScenario];

export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

/** Validates a scenario, with a message naming every bad field. */
export function parseScenario(input: unknown, origin = 'scenario'): Scenario {
  const parsed = ScenarioSchema.safeParse(input);
  if (!parsed.success)
    throw new ScenarioError(`${origin} is invalid:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function builtInScenarios(): Scenario[] {
  return BUILT_IN.map((s) => parseScenario(s, `built-in scenario ${s.name}`));
}

export function findScenario(name: string): Scenario {
  const found = builtInScenarios().find((s) => s.name === name);
  if (!found) {
    const names = builtInScenarios()
      .map((s) => s.name)
      .join(', ');
    throw new ScenarioError(`unknown scenario "${name}"; built-in scenarios: ${names}`);
  }
  return found;
}
