import { z } from 'zod';

/** The largest rules file the hub takes over HTTP (the body limit is 256 KB). */
export const RULES_TEXT_MAX = 200_000;

/** Body of `POST /api/rules/validate` and `PUT /api/rules` (docs/contract.md §7). */
export const RulesTextRequestSchema = z.strictObject({
  text: z.string().max(RULES_TEXT_MAX, `at most ${RULES_TEXT_MAX} characters`),
});
export type RulesTextRequest = z.infer<typeof RulesTextRequestSchema>;

/** Answer of `GET /api/rules` (and of a `PUT` that applied). */
export const RulesStatusSchema = z.object({
  /** The rules file, or `built-in defaults`. */
  source: z.string(),
  loadedAt: z.string(),
  /** The last change the hot reload refused (the previous rules stayed), or null. */
  lastError: z.string().nullable(),
  /** The rules in force, merged over the defaults, times in ms. */
  rules: z.record(z.string(), z.unknown()),
  /** The text of the rules file (extension); null with the built-in defaults. */
  text: z.string().nullable(),
  /** Whether `PUT /api/rules` can write: a rules file is configured (extension). */
  editable: z.boolean(),
});
export type RulesStatus = z.infer<typeof RulesStatusSchema>;

/** Answer of `POST /api/rules/validate`: the refusal the hot reload would give, or none. */
export const RulesValidationSchema = z.object({
  valid: z.boolean(),
  error: z.string().nullable(),
});
export type RulesValidation = z.infer<typeof RulesValidationSchema>;
