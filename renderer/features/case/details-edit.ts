// The Details tab's edit form, without the DOM: what the form starts from (the case's and the resident's
// details as they are), and what a save sends (only the fields that changed, so an edit merged field by field,
// last writer wins, never overwrites another desk's later edit of a field this one did not touch).
import { personChanges, type PersonChanges, type PersonEditDraft } from '../contact/person-edit.js';

/** The form's values (kept as a desk draft while editing, so a crash or a navigation loses nothing). */
export interface DetailsDraft extends PersonEditDraft {
  summary: string;
  outcomeWanted: string;
  categoryKey: string;
  businessAreaKey: string;
}

/** The draft's key in the desk core: one edit per case and user. */
export const detailsDraftKey = (complaintId: string) => `details:${complaintId}`;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The form's starting values, from the case detail's complaint and person rows. */
export function detailsDraftOf(
  complaint: Readonly<Record<string, unknown>>,
  person: Readonly<Record<string, unknown>> | null,
): DetailsDraft {
  return {
    summary: str(complaint.summary),
    outcomeWanted: str(complaint.outcome_wanted),
    categoryKey: str(complaint.category_key),
    businessAreaKey: str(complaint.business_area_key),
    givenName: str(person?.given_name),
    familyName: str(person?.family_name),
    phone: str(person?.phone),
    email: str(person?.email),
    addressLine1: str(person?.address_line1),
    town: str(person?.town),
    postcode: str(person?.postcode),
  };
}

const COMPLAINT_FIELDS = ['summary', 'outcomeWanted', 'categoryKey', 'businessAreaKey'] as const;

export interface DetailsChanges {
  /** For updateComplaintDetails (without complaintId), or null when none of its fields changed. */
  readonly complaint: Partial<Record<(typeof COMPLAINT_FIELDS)[number], string | null>> | null;
  /** For updatePerson (without personId and complaintId), or null when none of its fields changed. */
  readonly person: PersonChanges | null;
}

/**
 * What to send: each field whose value differs from the case's (ignoring surrounding spaces, which the use
 * cases trim). Text goes as typed, blank included, so the use case answers with its own words ("required",
 * "must be a UK postcode"); a cleared category or business area goes as null. The person's fields only when
 * the case has a person, and a group's name never.
 */
export function detailsChanges(
  draft: DetailsDraft,
  current: DetailsDraft,
  person: { readonly exists: boolean; readonly group: boolean },
): DetailsChanges {
  const complaint: Record<string, string | null> = {};
  for (const k of COMPLAINT_FIELDS) {
    if (draft[k].trim() === current[k].trim()) continue;
    complaint[k] = (k === 'categoryKey' || k === 'businessAreaKey') && !draft[k] ? null : draft[k];
  }
  return {
    complaint: Object.keys(complaint).length ? complaint : null,
    person: person.exists ? personChanges(draft, current, person.group) : null,
  };
}
