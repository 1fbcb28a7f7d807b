// The letter's workflow: draft → submitted → returned | authorised → sent. A returned letter is edited and
// submitted again. Only a Team Leader authorises or returns, and never a letter they drafted themselves
// (policy 001: "Letters are checked by a Team Leader"). A sent letter never changes again.
import type { LetterStatus } from './types.js';

export type LetterAction = 'edit' | 'submit' | 'return' | 'authorise' | 'send';

export interface WorkflowActor {
  readonly userId: string;
  readonly roles: readonly string[];
}

export type WorkflowDecision =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: 'forbidden' | 'illegal-transition'; readonly reason: string };

const DRAFTING_ROLES = ['agent', 'team-leader', 'manager'];

const FROM: Readonly<Record<LetterAction, readonly LetterStatus[]>> = {
  edit: ['draft', 'returned'],
  submit: ['draft', 'returned'],
  return: ['submitted'],
  authorise: ['submitted'],
  send: ['authorised'],
};

export const NEXT_STATUS: Readonly<Record<Exclude<LetterAction, 'edit'>, LetterStatus>> = {
  submit: 'submitted',
  return: 'returned',
  authorise: 'authorised',
  send: 'sent',
};

export function letterAction(
  action: LetterAction,
  letter: { readonly status: LetterStatus; readonly draftedBy: string },
  actor: WorkflowActor,
): WorkflowDecision {
  const reviewing = action === 'return' || action === 'authorise';
  if (reviewing) {
    if (!actor.roles.includes('team-leader')) {
      return { ok: false, code: 'forbidden', reason: 'only a Team Leader may authorise or return a letter' };
    }
    if (letter.draftedBy === actor.userId) {
      return {
        ok: false,
        code: 'forbidden',
        reason: 'nobody authorises or returns their own letter: another Team Leader must check it',
      };
    }
  } else if (!actor.roles.some((r) => DRAFTING_ROLES.includes(r))) {
    return { ok: false, code: 'forbidden', reason: `your role may not ${action} letters` };
  }
  if (!FROM[action].includes(letter.status)) {
    const why =
      letter.status === 'sent'
        ? 'this letter has been sent and can no longer change'
        : `a ${letter.status} letter cannot be ${action === 'edit' ? 'edited' : action === 'submit' ? 'submitted' : action === 'return' ? 'returned' : action === 'authorise' ? 'authorised' : 'sent'}`;
    return { ok: false, code: 'illegal-transition', reason: why };
  }
  return { ok: true };
}
