import { ROLES, type Role } from '@ioc/shared';

/** Roles are ordered: each one can do everything the ones before it can (docs/contract.md §6). */
export function hasRole(actual: Role, required: Role): boolean {
  return ROLES.indexOf(actual) >= ROLES.indexOf(required);
}
