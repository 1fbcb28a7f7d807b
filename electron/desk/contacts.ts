// A contact's own view in the desk service: the contact (an enquiry left open, or any past contact) with what the
// signed-in user may do with it now, and the contacts and cases of a person or a property (what a search hit on
// a person or an address opens). Readable by anyone signed in, as a case is (caseDetail); the commands it
// offers are checked again by their use cases.
import type { z } from 'zod';
import { contactDetail, recordsOf, type DeskDatabase } from '../../db/sqlite/index.js';
import { can, type Permission } from '../../shared/app/permissions.js';
import type { Actor } from '../../shared/app/ports.js';
import { roleRefusal } from '../../shared/domain/details.js';
import type {
  ContactCommandState,
  ContactDetail,
  DESK_API,
  DeskApiMethod,
  DeskApiOutputs,
  DeskApiResult,
} from '../../shared/contracts/desk-api.js';

export const CONTACT_METHODS = ['contactDetail', 'recordsOf'] as const satisfies readonly DeskApiMethod[];
export type ContactMethod = (typeof CONTACT_METHODS)[number];

type Input<M extends DeskApiMethod> = z.output<(typeof DESK_API)[M]>;
export type ContactHandlers = {
  [M in ContactMethod]: (input: Input<M>) => DeskApiResult<DeskApiOutputs[M]>;
};

export interface ContactHost {
  // Functions, not values: the service builds its handler table before its constructor body runs.
  desk(): DeskDatabase;
  me(): Actor;
}

const allowed: ContactCommandState = { allowed: true, reason: null };
const refused = (reason: string): ContactCommandState => ({ allowed: false, reason });

function byRole(me: Actor, permission: Permission, state: ContactCommandState): ContactCommandState {
  if (!state.allowed) return state;
  return can(me, permission) ? state : refused(roleRefusal(me.roles, permission));
}

/** What the user may do with the contact now; each refusal in the words the view shows beside the command. */
export function contactCommands(me: Actor, c: Omit<ContactDetail, 'commands'>['contact']): ContactDetail['commands'] {
  const complaint = c.complaint?.reference ?? 'a complaint';
  const resolve =
    c.status === 'open'
      ? allowed
      : c.status === 'resolved'
        ? refused(`already resolved${c.resolvedAt ? ` on ${c.resolvedAt.slice(0, 10)}` : ''}`)
        : refused(`converted to complaint ${complaint}: it is handled there`);
  // A resolved enquiry can still become a complaint (the resident is not satisfied with the answer, Code 1.3).
  const convert = c.status === 'converted' ? refused(`already converted to complaint ${complaint}`) : allowed;
  return {
    resolve: byRole(me, 'resolve-enquiry', resolve),
    convert: byRole(me, 'convert-to-complaint', convert),
    edit: byRole(me, 'edit-details', allowed),
  };
}

export function contactHandlers(host: ContactHost): ContactHandlers {
  return {
    contactDetail: (i) => {
      const d = contactDetail(host.desk().db, i.contactId);
      if (!d) return { ok: false, error: { code: 'not-found', message: 'no such contact on this desk' } };
      return { ok: true, value: { ...d, commands: contactCommands(host.me(), d.contact) } };
    },
    recordsOf: (i) => {
      const r = recordsOf(host.desk().db, i.kind, i.id);
      if (!r) return { ok: false, error: { code: 'not-found', message: `no such ${i.kind} on this desk` } };
      return { ok: true, value: r };
    },
  };
}
