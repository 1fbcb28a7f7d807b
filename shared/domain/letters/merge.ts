// Merge fields: the values a letter takes from the case, the person, the profile, the deadlines and the
// Ombudsman. Values are plain text here; render.ts escapes every one of them where it places them.
import type { IsoDate } from '../dates.js';
import type { CaseRecord, Decision, RunningDeadline, StageRecord } from '../lifecycle/types.js';
import type { PolicyProfile } from '../profiles/types.js';
import { HOUSING_OMBUDSMAN, ombudsmanContactLine } from './ombudsman.js';

export interface LetterPerson {
  readonly displayName: string;
  readonly addressLine1: string | null;
  readonly addressLine2?: string | null;
  readonly town: string | null;
  readonly postcode: string | null;
}

export interface LetterMergeContext {
  /** The letter's date: today while drafting, the send date once sent. */
  readonly letterDate: IsoDate;
  readonly landlordName: string | null;
  readonly reference: string;
  readonly state: CaseRecord;
  readonly profile: PolicyProfile;
  readonly summary: string;
  readonly outcomeWanted: string | null;
  readonly person: LetterPerson | null;
  /** The deadlines running now (computed with the case's working-day calendar). */
  readonly running: readonly RunningDeadline[];
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** 2025-05-05 → "5 May 2025" (the way UK letters write dates). */
export function ukDate(d: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  if (!m) return d;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? ''} ${m[1]}`;
}

export const DECISION_WORDS: Readonly<Record<Decision, string>> = {
  upheld: 'Upheld',
  'partly-upheld': 'Partly upheld',
  'not-upheld': 'Not upheld',
};

/**
 * The decision a response letter states: its decision section must begin with "Upheld", "Partly upheld" or
 * "Not upheld" (so the letter and the recorded decision cannot disagree). Null when it does not.
 */
export function parseDecision(text: string): Decision | null {
  const t = text.trim().toLowerCase();
  if (/^(partly|partially) upheld\b/.test(t)) return 'partly-upheld';
  if (/^not upheld\b/.test(t)) return 'not-upheld';
  if (/^upheld\b/.test(t)) return 'upheld';
  return null;
}

/** A date the agent typed: 2025-05-05, 5/5/2025 or 5 May 2025. Null when it is not a real date. */
export function parseLetterDate(text: string): IsoDate | null {
  const t = text.trim();
  let y: number, mo: number, d: number;
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t))) [y, mo, d] = [Number(m[3]), Number(m[2]), Number(m[1])];
  else if ((m = /^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\s+(\d{4})$/.exec(t))) {
    const name = (m[2] ?? '').toLowerCase();
    const i = MONTHS.findIndex((x) => x.toLowerCase() === name || x.slice(0, 3).toLowerCase() === name);
    if (i < 0) return null;
    [y, mo, d] = [Number(m[3]), i + 1, Number(m[1])];
  } else return null;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  if (!days || d < 1 || d > days) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` as IsoDate;
}

function currentStage(state: CaseRecord): StageRecord | undefined {
  return state.stages[state.stages.length - 1];
}

export function isFinalStage(profile: PolicyProfile, stageKey: string | null): boolean {
  const last = profile.stages[profile.stages.length - 1];
  return stageKey !== null && last !== undefined && last.key === stageKey;
}

/** Every merge field and its plain-text value ('' when the case has no value for it yet). */
export function mergeFields(ctx: LetterMergeContext): Record<string, string> {
  const stage = currentStage(ctx.state);
  const def = stage ? ctx.profile.stages.find((s) => s.key === stage.key) : undefined;
  const idx = def ? ctx.profile.stages.indexOf(def) : -1;
  const next = idx >= 0 ? ctx.profile.stages[idx + 1] : undefined;
  const respond = stage ? ctx.running.find((r) => r.kind === 'respond' && r.stage === stage.key) : undefined;
  const extension = stage?.extensions[stage.extensions.length - 1];
  const window = def?.escalationWindow;
  const p = ctx.person;
  const address = p ? [p.addressLine1, p.addressLine2 ?? null, p.town, p.postcode].filter(Boolean).join('\n') : '';
  const o = HOUSING_OMBUDSMAN;
  return {
    'letter.date': ukDate(ctx.letterDate),
    'landlord.name': ctx.landlordName ?? '',
    'case.reference': ctx.reference,
    'case.received': ukDate(ctx.state.receivedOn),
    'case.summary': ctx.summary,
    'case.outcomeWanted': ctx.outcomeWanted ?? '',
    'case.stage': def?.name ?? '',
    'case.understanding': stage?.definition?.understanding ?? '',
    'case.outcomeSought': stage?.definition?.outcomeSought ?? '',
    'case.decision': stage?.decision ? DECISION_WORDS[stage.decision] : '',
    'case.respondBy': respond ? ukDate(respond.due) : '',
    'case.extendedTo': extension ? ukDate(extension.to) : '',
    'case.extensionReason': extension?.reason ?? '',
    'case.nextStage': next?.name ?? '',
    // Written so the sentence reads right either way: the profile may set no window at all.
    'case.escalationWindow': window
      ? `within ${window.days} ${window.unit === 'working' ? 'working ' : ''}days of this letter`
      : 'at any time (our policy sets no time limit)',
    'person.name': p?.displayName ?? '',
    'person.address': address,
    'profile.name': ctx.profile.name,
    'ombudsman.name': o.name,
    'ombudsman.address': o.address,
    'ombudsman.telephone': o.telephone,
    'ombudsman.email': o.email,
    'ombudsman.website': o.website,
    'ombudsman.contact': ombudsmanContactLine(),
  };
}

/** The merge fields a template may use, with what each one is (for the template editor). */
export const MERGE_FIELD_NAMES: Readonly<Record<string, string>> = {
  'letter.date': "The letter's date (the send date once sent)",
  'landlord.name': "The landlord's name",
  'case.reference': 'Complaint reference',
  'case.received': 'Date the complaint was received',
  'case.summary': 'What happened, as logged',
  'case.outcomeWanted': 'Outcome the resident wanted, as logged',
  'case.stage': 'Current stage name',
  'case.understanding': 'Our understanding of the complaint (recorded at acknowledgement)',
  'case.outcomeSought': 'Outcome sought (recorded at acknowledgement)',
  'case.decision': 'Decision recorded for the stage',
  'case.respondBy': 'Date the response is due (working days)',
  'case.extendedTo': 'Date the response is extended to',
  'case.extensionReason': 'Reason for the extension',
  'case.nextStage': 'Name of the next stage',
  'case.escalationWindow': 'Time allowed to ask for the next stage ("within 10 working days of this letter")',
  'person.name': "The resident's name",
  'person.address': "The resident's address",
  'profile.name': 'The complaints policy',
  'ombudsman.name': 'Housing Ombudsman Service',
  'ombudsman.address': "The Ombudsman's postal address",
  'ombudsman.telephone': "The Ombudsman's telephone number",
  'ombudsman.email': "The Ombudsman's email",
  'ombudsman.website': "The Ombudsman's website",
  'ombudsman.contact': 'All of the Ombudsman contact details on one line',
};
