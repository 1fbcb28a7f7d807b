// The contact view's "Edit details", without the DOM: what the form starts from (the contact's outcome wanted,
// category, business area, communication preferences and adjustments as they are), and what a save sends to
// updateContact (only the fields, and the adjustments' parts, that changed: the use case merges field by field,
// last writer wins, so an untouched field never overwrites another desk's later edit of it).
import type { ContactDetail, DeskApiInput } from '../../../shared/contracts/desk-api.js';

/** The form's values (kept as a desk draft while editing, so an error, a crash or a navigation loses nothing). */
export interface ContactEditDraft {
  outcomeWanted: string;
  categoryKey: string;
  businessAreaKey: string;
  /** ADJUSTMENT_SUPPORTS keys. */
  supports: string[];
  language: string;
  preferredChannel: string;
  adjustmentDetail: string;
}

/** The draft's key in the desk core: one edit per contact and user. */
export const contactEditDraftKey = (contactId: string) => `contact-details:${contactId}`;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The form's starting values, from the contact (its adjustments as the contact row keeps them, JSON). */
export function contactEditDraftOf(c: ContactDetail['contact']): ContactEditDraft {
  let a: Record<string, unknown> = {};
  try {
    const parsed: unknown = c.adjustmentsJson ? JSON.parse(c.adjustmentsJson) : null;
    if (parsed && typeof parsed === 'object') a = parsed as Record<string, unknown>;
  } catch {
    // A row this desk cannot read starts the form with no adjustments; saving sends only what is changed.
  }
  return {
    outcomeWanted: str(c.outcomeWanted),
    categoryKey: str(c.categoryKey),
    businessAreaKey: str(c.businessAreaKey),
    supports: Array.isArray(a.supports) ? a.supports.filter((s): s is string => typeof s === 'string') : [],
    language: str(a.language),
    preferredChannel: str(a.preferredChannel),
    adjustmentDetail: str(a.detail),
  };
}

export type ContactChanges = Omit<DeskApiInput<'updateContact'>, 'contactId'>;

const same = (a: string, b: string) => a.trim() === b.trim();
const orNull = (s: string) => (s.trim() ? s : null);

/**
 * What to send: each field that differs from the contact's (ignoring surrounding spaces, which the use case
 * trims), a blank sent as null (cleared); the adjustments only in the parts that changed. Null when nothing did.
 */
export function contactChanges(draft: ContactEditDraft, current: ContactEditDraft): ContactChanges | null {
  const out: Record<string, unknown> = {};
  if (!same(draft.outcomeWanted, current.outcomeWanted)) out.outcomeWanted = orNull(draft.outcomeWanted);
  if (draft.categoryKey !== current.categoryKey) out.categoryKey = orNull(draft.categoryKey);
  if (draft.businessAreaKey !== current.businessAreaKey) out.businessAreaKey = orNull(draft.businessAreaKey);
  const adjustments: Record<string, unknown> = {};
  const sorted = (x: readonly string[]) => [...x].sort().join(',');
  if (sorted(draft.supports) !== sorted(current.supports)) adjustments.supports = [...draft.supports];
  if (!same(draft.language, current.language)) adjustments.language = orNull(draft.language);
  if (draft.preferredChannel !== current.preferredChannel) {
    adjustments.preferredChannel = orNull(draft.preferredChannel);
  }
  if (!same(draft.adjustmentDetail, current.adjustmentDetail)) adjustments.detail = orNull(draft.adjustmentDetail);
  // Translation needs a language: sent (blank as null) with the supports, so the use case checks the pair and names
  // the field, rather than storing a translation into no language.
  if (adjustments.supports && draft.supports.includes('translation') && !('language' in adjustments)) {
    adjustments.language = orNull(draft.language);
  }
  if (Object.keys(adjustments).length) out.adjustments = adjustments;
  return Object.keys(out).length ? (out as ContactChanges) : null;
}
