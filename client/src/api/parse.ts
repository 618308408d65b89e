import type { z } from 'zod';

/**
 * Parses each element on its own so one malformed record costs only itself, not the
 * whole list; the dropped ones are reported on the console for whoever debugs the hub.
 */
export function parseEach<T>(schema: z.ZodType<T>, items: unknown, what: string): T[] {
  if (!Array.isArray(items)) {
    console.warn(`expected a list of ${what}, got`, typeof items);
    return [];
  }
  const parsed: T[] = [];
  for (const item of items) {
    const result = schema.safeParse(item);
    if (result.success) parsed.push(result.data);
    else console.warn(`dropped an invalid ${what}`, result.error.issues);
  }
  return parsed;
}
