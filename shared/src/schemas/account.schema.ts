import { z } from 'zod';
import { ROLES } from './api.schema';

/** User accounts as an admin manages them (`/api/users`). Passwords never leave the hub. */
export const UsernameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'must be 1–64 of A-Za-z0-9_.@-');

export const AccountSchema = z.object({
  username: UsernameSchema,
  role: z.enum(ROLES),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type Account = z.infer<typeof AccountSchema>;

const PasswordSchema = z.string().min(8, 'must be at least 8 characters').max(256);

export const CreateAccountRequestSchema = z.strictObject({
  username: UsernameSchema,
  password: PasswordSchema,
  role: z.enum(ROLES),
});
export type CreateAccountRequest = z.infer<typeof CreateAccountRequestSchema>;

export const UpdateAccountRequestSchema = z
  .strictObject({
    password: PasswordSchema.optional(),
    role: z.enum(ROLES).optional(),
    disabled: z.boolean().optional(),
  })
  .refine((u) => Object.keys(u).length > 0, 'name at least one field to change');
export type UpdateAccountRequest = z.infer<typeof UpdateAccountRequestSchema>;
