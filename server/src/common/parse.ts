import type { z } from 'zod';
import { DomainError } from './domain-error';

/** Validates an inbound HTTP body or query with a shared schema, or throws a 400 naming the fields. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what = 'body',
): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new DomainError(
    'VALIDATION',
    `invalid ${what}: ${issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; ')}`,
    issues,
  );
}
