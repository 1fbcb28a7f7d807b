// Who may edit a complaint's details (summary, outcome wanted, category, business area) and a resident's name
// and contact details: the use cases in shared/app/merge-use-cases.ts check it through shared/app/permissions.ts,
// and the renderer disables its "Edit details" command with the same words, so what it offers is what the desk
// (and the server, re-running the use case) accepts.
import type { ROLES } from './vocabulary.js';

type Role = (typeof ROLES)[number];

export const DETAIL_PERMISSIONS = {
  'edit-details': ['agent', 'team-leader', 'manager'],
} as const satisfies Record<string, readonly Role[]>;

/** The words of a refusal for want of a role: "your role (business-area-owner) may not edit details". */
export function roleRefusal(roles: readonly Role[], permission: string): string {
  return `your role (${roles.join(', ') || 'none'}) may not ${permission.replace(/-/g, ' ')}`;
}

/** Why these roles may not edit a complaint's or a resident's details, or null when they may. */
export function editDetailsRefusal(roles: readonly Role[]): string | null {
  const allowed: readonly Role[] = DETAIL_PERMISSIONS['edit-details'];
  return roles.some((r) => allowed.includes(r)) ? null : roleRefusal(roles, 'edit-details');
}
