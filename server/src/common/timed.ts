/**
 * Runs the steps in order; resolves with "name 12 ms, …", for a log line. `each` hears of
 * every step as it ends, so a step that never ends shows in the log as the one missing.
 */
export async function timed(
  steps: [string, () => Promise<unknown>][],
  each?: (step: string) => void,
): Promise<string> {
  const parts: string[] = [];
  for (const [name, step] of steps) {
    const started = Date.now();
    await step();
    parts.push(`${name} ${Date.now() - started} ms`);
    each?.(parts.at(-1)!);
  }
  return parts.join(', ');
}
