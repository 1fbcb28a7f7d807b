// The contact form's draft. It is kept in the desk core (features/drafts/use-desk-draft.ts), never in browser
// storage: resident details stay in the desk's own store, and survive a reload, a crash or a restart.
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
  madeBy: 'resident' | 'representative' | 'group' | 'anonymous';
  /** A group or petition: its name, its named members and which of them is the nominated signatory. */
  groupName: string;
  members: { givenName: string; familyName: string }[];
  signatory: number;
  /** Communication preferences and reasonable adjustments (ADJUSTMENT_SUPPORTS keys). */
  supports: string[];
  language: string;
  preferredChannel: string;
  adjustmentDetail: string;
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
  groupName: '',
  members: [{ givenName: '', familyName: '' }],
  signatory: 0,
  supports: [],
  language: '',
  preferredChannel: '',
  adjustmentDetail: '',
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

/** The draft's key in the desk core (one contact form per user). */
export const CONTACT_DRAFT_KEY = 'log-contact';
