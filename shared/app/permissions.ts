// Who may do what. The desk checks this so its user sees a clear refusal at once; the server re-checks
// every mutation against the same table, whatever a desk claims.
import { DETAIL_PERMISSIONS } from '../domain/details.js';
import { REMEDY_PERMISSIONS } from '../domain/remedies/remedies.js';
import type { Actor, Role } from './ports.js';

export const PERMISSIONS = {
  'log-contact': ['agent', 'team-leader', 'manager'],
  'resolve-enquiry': ['agent', 'team-leader', 'manager'],
  'convert-to-complaint': ['agent', 'team-leader', 'manager'],
  accept: ['agent', 'team-leader', 'manager'],
  refuse: ['manager'],
  acknowledge: ['agent', 'team-leader', 'manager'],
  extend: ['team-leader', 'manager'],
  respond: ['agent', 'team-leader', 'manager'],
  'request-escalation': ['agent', 'team-leader', 'manager'],
  'refuse-escalation': ['manager'],
  close: ['agent', 'team-leader', 'manager'],
  withdraw: ['agent', 'team-leader', 'manager'],
  reopen: ['manager'],
  'add-note': ['agent', 'team-leader', 'manager', 'business-area-owner'],
  assign: ['team-leader', 'manager'],
  'assign-to-self': ['agent', 'team-leader', 'manager'],
  // sync merge (merge-use-cases.ts): editing a case's details or a person's (the table is shared/domain/details'
  // for the renderer too); deciding a decision conflict
  ...DETAIL_PERMISSIONS,
  'resolve-conflict': ['team-leader', 'manager'],
  // putting things right (remedy-use-cases.ts; the table is shared/domain/remedies' for the renderer too)
  ...REMEDY_PERMISSIONS,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(actor: Actor, permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return actor.roles.some((r) => allowed.includes(r));
}
