// A resident's name and contact details in an edit form, without the DOM: what the form starts from (the person
// as this desk holds them) and what a save sends to updatePerson (only the fields that changed, so an edit merged
// field by field, last writer wins, never overwrites another desk's later edit of a field this one did not
// touch). Used by a person's records page ("Edit resident details") and by a case's Edit details.
import type { RecordsPerson } from '../../../shared/contracts/desk-api.js';

/** The form's values (kept as a desk draft while editing, so an error, a crash or a navigation loses nothing). */
export interface PersonEditDraft {
  givenName: string;
  familyName: string;
  phone: string;
  email: string;
  addressLine1: string;
  town: string;
  postcode: string;
}

export const PERSON_FIELDS = ['givenName', 'familyName', 'phone', 'email', 'addressLine1', 'town', 'postcode'] as const;
/** A group's or petition's name is not a person's: the use case refuses to change it. */
const NAME_FIELDS: readonly string[] = ['givenName', 'familyName'];

/** The draft's key in the desk core: one edit per person and user. */
export const personEditDraftKey = (personId: string) => `person-details:${personId}`;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The form's starting values from a person's records (blanks for what is not recorded). */
export function personEditDraftOf(p: RecordsPerson | null): PersonEditDraft {
  return {
    givenName: str(p?.givenName),
    familyName: str(p?.familyName),
    phone: str(p?.phone),
    email: str(p?.email),
    addressLine1: str(p?.addressLine1),
    town: str(p?.town),
    postcode: str(p?.postcode),
  };
}

export type PersonChanges = Partial<Record<(typeof PERSON_FIELDS)[number], string>>;

/**
 * What to send to updatePerson (without personId): each field whose value differs from the person's, ignoring
 * surrounding spaces (the use case trims); text goes as typed, blank included, so the use case answers in its own
 * words ("must be a UK postcode") or clears it. A group's name never. Null when nothing changed.
 */
export function personChanges(draft: PersonEditDraft, current: PersonEditDraft, group: boolean): PersonChanges | null {
  const out: Record<string, string> = {};
  for (const k of PERSON_FIELDS) {
    if (group && NAME_FIELDS.includes(k)) continue;
    if (draft[k].trim() !== current[k].trim()) out[k] = draft[k];
  }
  return Object.keys(out).length ? out : null;
}
