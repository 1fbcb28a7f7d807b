// The contact form's draft, kept in sessionStorage on every change so a reload, an error or a slip of the
// keyboard loses nothing typed. sessionStorage, not localStorage: resident details must not stay on disk
// outside the desk's own (encrypted) store once the window is closed.
export interface ContactDraft {
  personMode: 'new' | 'existing';
  personId: string;
  personLabel: string;
  givenName: string;
  familyName: string;
  phone: string;
  email: string;
  addressLine1: string;
  town: string;
  postcode: string;
  madeBy: 'resident' | 'representative' | 'anonymous';
  repGivenName: string;
  repFamilyName: string;
  relationship: string;
  authorisationKind: string;
  channel: string;
  kind: 'enquiry' | 'service-request';
  categoryKey: string;
  whatHappened: string;
  outcomeWanted: string;
  dissatisfaction: boolean;
  resolution: string;
  conversionReason: string;
  offeredChoice: boolean;
  /** Set once the contact is logged, so a retry after a failed resolve or convert does not log it twice. */
  loggedContactId: string;
  loggedReference: string;
}

export const EMPTY_DRAFT: ContactDraft = {
  personMode: 'new',
  personId: '',
  personLabel: '',
  givenName: '',
  familyName: '',
  phone: '',
  email: '',
  addressLine1: '',
  town: '',
  postcode: '',
  madeBy: 'resident',
  repGivenName: '',
  repFamilyName: '',
  relationship: 'family',
  authorisationKind: 'signed-form',
  channel: 'phone',
  kind: 'enquiry',
  categoryKey: '',
  whatHappened: '',
  outcomeWanted: '',
  dissatisfaction: false,
  resolution: '',
  conversionReason: 'resident-asked',
  offeredChoice: false,
  loggedContactId: '',
  loggedReference: '',
};

const key = (userId: string) => `desk:draft:log-contact:${userId}`;

export function loadDraft(userId: string): ContactDraft {
  try {
    const raw = window.sessionStorage.getItem(key(userId));
    if (raw) return { ...EMPTY_DRAFT, ...(JSON.parse(raw) as Partial<ContactDraft>) };
  } catch {
    // A damaged draft is dropped rather than blocking the form.
  }
  return EMPTY_DRAFT;
}

export function saveDraft(userId: string, d: ContactDraft): void {
  try {
    window.sessionStorage.setItem(key(userId), JSON.stringify(d));
  } catch {
    // Storage full or unavailable: the form still works, only the draft is not kept.
  }
}

export function clearDraft(userId: string): void {
  try {
    window.sessionStorage.removeItem(key(userId));
  } catch {
    // Nothing to clear.
  }
}
