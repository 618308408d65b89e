/** Runs the steps in order; resolves with "name 12 ms, …", for a log line. */
export async function timed(steps: [string, () => Promise<unknown>][]): Promise<string> {
  const parts: string[] = [];
  for (const [name, step] of steps) {
    const started = Date.now();
    await step();
    parts.push(`${name} ${Date.now() - started} ms`);
  }
  return parts.join(', ');
}
