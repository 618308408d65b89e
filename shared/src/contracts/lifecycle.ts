import { z } from 'zod';
import {
  DismissRequestSchema,
  DispatchRequestSchema,
  ResolveRequestSchema,
  TransitionRequestSchema,
  type Role,
} from '../schemas/api.schema';
import type { IncidentStatus } from '../schemas/incident.schema';
import { hasRole } from './roles';

/**
 * The incident lifecycle of docs/contract.md §6, shared so that the hub's state machine and
 * the console's buttons read one table:
 *
 *   unverified ─confirm─► open ─acknowledge─► acknowledged ─dispatch─► dispatched ─resolve─► resolved ─close─► closed
 *       │                  └──────────resolve───────┴──────────resolve──────────┘             ▲
 *       └──────────────────────────────dismiss (false_alarm)────────────────────────────────────┘
 */
export const LIFECYCLE_ACTIONS = [
  'confirm',
  'dismiss',
  'acknowledge',
  'dispatch',
  'resolve',
  'close',
] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

export interface TransitionRule {
  from: readonly IncidentStatus[];
  to: IncidentStatus;
  /** The least role that may take it; higher roles may too (`hasRole`). */
  role: Role;
  /** The audit trail's `action`, past tense like correlation's `opened`. */
  audit: string;
}

export const TRANSITIONS: Readonly<Record<LifecycleAction, TransitionRule>> = {
  // Triage: the operator who looks at the snapshot decides; dispatchers and admins may too.
  confirm: { from: ['unverified'], to: 'open', role: 'operator', audit: 'confirmed' },
  dismiss: { from: ['unverified'], to: 'resolved', role: 'operator', audit: 'dismissed' },
  acknowledge: { from: ['open'], to: 'acknowledged', role: 'dispatcher', audit: 'acknowledged' },
  dispatch: { from: ['acknowledged'], to: 'dispatched', role: 'dispatcher', audit: 'dispatched' },
  resolve: {
    from: ['open', 'acknowledged', 'dispatched'],
    to: 'resolved',
    role: 'dispatcher',
    audit: 'resolved',
  },
  close: { from: ['resolved'], to: 'closed', role: 'dispatcher', audit: 'closed' },
};

/** The public answer to citizens who reported an incident (docs/contract.md §7). */
export const ANSWER_ROLE: Role = 'dispatcher';
/**
 * More units on an incident, or one released (`POST`/`DELETE /api/incidents/{id}/units…`):
 * only while it is dispatched, by a dispatcher. Reassigning is adding one and releasing another.
 */
export const UNIT_CHANGE_STATUSES: readonly IncidentStatus[] = ['dispatched'];
export const UNIT_CHANGE_ROLE: Role = 'dispatcher';

/** Notes are open to every role, in every status: the audit trail is append-only. */
export const NOTE_ROLE: Role = 'operator';

/** Where `action` takes an incident in `from`, or null when it is not allowed there. */
export function transitionTarget(
  from: IncidentStatus,
  action: LifecycleAction,
): IncidentStatus | null {
  const rule = TRANSITIONS[action];
  return rule.from.includes(from) ? rule.to : null;
}

/** The actions the lifecycle allows from `status`; with `role`, only those that role may take. */
export function allowedActions(status: IncidentStatus, role?: Role): LifecycleAction[] {
  return LIFECYCLE_ACTIONS.filter(
    (action) =>
      transitionTarget(status, action) !== null &&
      (role === undefined || hasRole(role, TRANSITIONS[action].role)),
  );
}

/** Triage's actions: worked in the console's triage queue, not with the panel's buttons. */
export const TRIAGE_ACTIONS: readonly LifecycleAction[] = ['confirm', 'dismiss'];

/**
 * Whether `role` may take any transition of the dispatch workflow (the console hides the
 * panel's buttons otherwise); triage is left out, see `canTriage`.
 */
export function canTransition(role: Role): boolean {
  return LIFECYCLE_ACTIONS.some(
    (action) => !TRIAGE_ACTIONS.includes(action) && hasRole(role, TRANSITIONS[action].role),
  );
}

/** Whether `role` may confirm or dismiss unverified incidents (the triage queue). */
export function canTriage(role: Role): boolean {
  return TRIAGE_ACTIONS.every((action) => hasRole(role, TRANSITIONS[action].role));
}

/**
 * A transition as one value: the action and its body (`POST /api/incidents/{id}/{action}`,
 * docs/contract.md §7). The body schemas are the same ones the hub parses requests with.
 */
export const LifecycleCommandSchema = z.discriminatedUnion('action', [
  TransitionRequestSchema.extend({ action: z.literal('confirm') }),
  DismissRequestSchema.extend({ action: z.literal('dismiss') }),
  TransitionRequestSchema.extend({ action: z.literal('acknowledge') }),
  DispatchRequestSchema.extend({ action: z.literal('dispatch') }),
  ResolveRequestSchema.extend({ action: z.literal('resolve') }),
  TransitionRequestSchema.extend({ action: z.literal('close') }),
]);
export type LifecycleCommand = z.infer<typeof LifecycleCommandSchema>;
