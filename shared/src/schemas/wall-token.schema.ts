import { z } from 'zod';

/**
 * A wall screen's credential (`/api/wall-tokens`, admin): a long-lived token of role
 * `viewer` that can read everything and change nothing, until an admin revokes it.
 */
export const WallTokenSchema = z.object({
  id: z.string(),
  label: z.string(),
  /** The read-only account the token stands for (`wall-<id>`). */
  username: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type WallToken = z.infer<typeof WallTokenSchema>;

export const IssueWallTokenRequestSchema = z.strictObject({
  label: z.string().trim().min(1).max(100),
});
export type IssueWallTokenRequest = z.infer<typeof IssueWallTokenRequestSchema>;

/** The answer to issuing: the only time the token itself is shown. */
export const IssuedWallTokenSchema = WallTokenSchema.extend({ token: z.string() });
export type IssuedWallToken = z.infer<typeof IssuedWallTokenSchema>;
