import { z } from 'zod';

/** A zone id as devices report it in their birth and events (docs/contract.md §3). */
const ZoneIdSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1–64 of A-Za-z0-9_.-');
const DisplayNameSchema = z.string().trim().min(1).max(120);

/** One zone's display names; the console shows the one of its language, the id when none. */
export const ZoneSchema = z.strictObject({
  id: ZoneIdSchema,
  name: z.strictObject({ vi: DisplayNameSchema, en: DisplayNameSchema }),
});
export type Zone = z.infer<typeof ZoneSchema>;

/** The zones file (`ZONES_FILE`, YAML or JSON): ids unique, unknown keys refused. */
export const ZonesFileSchema = z
  .strictObject({ zones: z.array(ZoneSchema).max(10_000) })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.zones.forEach((zone, index) => {
      if (seen.has(zone.id))
        ctx.addIssue({
          code: 'custom',
          path: ['zones', index, 'id'],
          message: `zone ${zone.id} is listed twice`,
        });
      seen.add(zone.id);
    });
  });
export type ZonesFile = z.infer<typeof ZonesFileSchema>;

/** `GET /api/zones`: the zones in force. */
export const ZonesResponseSchema = z.object({ zones: z.array(ZoneSchema) });
export type ZonesResponse = z.infer<typeof ZonesResponseSchema>;
