import { ROLES, type Role } from '../schemas/api.schema';

/**
 * Roles are ordered: each one can do everything the ones before it can (docs/contract.md §6).
 * The server's guard and the console's buttons both ask this, so they cannot disagree.
 */
export function hasRole(actual: Role, required: Role): boolean {
  return ROLES.indexOf(actual) >= ROLES.indexOf(required);
}

/** A wall screen's role: reads everything, changes nothing (docs/security.md "Wall screens"). */
export const READ_ONLY_ROLE: Role = 'viewer';

/** Whether `role` may change anything at all: notes, reports, transitions. */
export function canWrite(role: Role): boolean {
  return role !== READ_ONLY_ROLE;
}
