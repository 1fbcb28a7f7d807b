// The words and shapes of letters and of the weekly calibration: one vocabulary for every layer (the desk's
// SQLite, the server's PostgreSQL, the use cases, the contracts and the renderer).
import type { LetterKind } from '../lifecycle/types.js';

export type { LetterKind };

/** Every kind of letter the product writes. The lifecycle's "letters owed" use the same words. */
export const LETTER_KINDS = [
  'acknowledgement',
  'extension',
  'stage-response',
  'final-response',
  'refusal',
  'escalation-acknowledgement',
  'escalation-refusal',
  'cyber-incident-apology',
  'unacceptable-behaviour-decision',
] as const satisfies readonly LetterKind[];

// Compile-time proof that the list above is the whole of the lifecycle's LetterKind (no kind left out).
type Missing = Exclude<LetterKind, (typeof LETTER_KINDS)[number]>;
const _everyKindListed: Missing extends never ? true : never = true;
void _everyKindListed;

export const LETTER_KIND_NAMES: Readonly<Record<LetterKind, string>> = {
  acknowledgement: 'Acknowledgement',
  extension: 'Extension',
  'stage-response': 'Stage response',
  'final-response': 'Final response',
  refusal: 'Not accepted (refusal)',
  'escalation-acknowledgement': 'Escalation acknowledgement',
  'escalation-refusal': 'Escalation refused',
  'cyber-incident-apology': 'Cyber-incident delay apology',
  'unacceptable-behaviour-decision': 'Unacceptable-behaviour decision',
};

/** draft → submitted → returned | authorised → sent; a returned letter is edited and submitted again. */
export const LETTER_STATUSES = ['draft', 'submitted', 'returned', 'authorised', 'sent'] as const;
export type LetterStatus = (typeof LETTER_STATUSES)[number];

/** How a letter went out. */
export const LETTER_SEND_CHANNELS = ['post', 'email', 'my-account', 'hand-delivered'] as const;
export type LetterSendChannel = (typeof LETTER_SEND_CHANNELS)[number];

/**
 * What a letter must say, item by item. Which items a letter needs depends on its kind and on the profile
 * (see content.ts); a template section declares which items it provides.
 */
export const CONTENT_ITEMS = [
  'complaint-stage',
  'complaint-definition',
  'outcome-sought',
  'decision',
  'reasons',
  'remedy',
  'outstanding-actions',
  'escalation-route',
  'ombudsman-route',
  'extension-reason',
  'new-date',
  'refusal-reasons',
  'apology',
  'action-plan',
  'restriction',
  'review-date',
  'right-to-appeal',
  'next-steps',
] as const;
export type ContentItem = (typeof CONTENT_ITEMS)[number];

/**
 * One section of a template. `fixed` sections are template text with merge fields (`{{case.reference}}`);
 * `free` sections are written by the agent for each letter (their template text is the guidance shown in
 * the editor, never printed). `provides` names the content items the section carries once it is filled.
 */
export interface TemplateSection {
  readonly key: string;
  readonly heading: string | null;
  readonly mode: 'fixed' | 'free';
  readonly text: string;
  readonly provides: readonly ContentItem[];
}

export interface LetterTemplate {
  readonly id: string;
  readonly kind: LetterKind;
  readonly name: string;
  /** Null: any profile family; otherwise the family (profiles/types.ts PolicyProfile.family) it is for. */
  readonly profileFamily: string | null;
  readonly version: number;
  readonly sections: readonly TemplateSection[];
  /** True for the templates the product ships with (not yet edited by an administrator). */
  readonly builtIn: boolean;
  readonly createdAt: string | null;
  readonly createdBy: string | null;
}

/** Where a flag sits: in which section, at which character offsets of that section's plain text. */
export interface TextPosition {
  readonly section: string;
  readonly start: number;
  readonly end: number;
}

export interface PlainEnglishFlag {
  readonly kind: 'jargon' | 'long-sentence';
  readonly text: string;
  readonly position: TextPosition;
  /** For jargon: the plain alternative; for a long sentence: how many words it has. */
  readonly suggestion: string;
}

export interface PlainEnglishReport {
  /** Flesch reading ease, 0 (very hard) to 100 (very easy); 60 or more is plain English. */
  readonly score: number;
  readonly band: 'very-easy' | 'easy' | 'plain' | 'fairly-difficult' | 'difficult' | 'very-difficult';
  readonly words: number;
  readonly sentences: number;
  readonly averageSentenceWords: number;
  readonly flags: readonly PlainEnglishFlag[];
}

export interface MissingContent {
  readonly item: ContentItem;
  readonly label: string;
  /** Why it is required (the Code or the profile's policy) and what to add. */
  readonly hint: string;
  readonly cite: string;
}

/** The resident's adjustments as a letter honours them. */
export interface LetterAdjustments {
  readonly largePrint: boolean;
  /** The body text size used in the rendered letter (at least 16 pt for large print). */
  readonly fontSizePt: number;
  readonly preferredFormat: string | null;
  /** e.g. "Resident's preferred language: Polish — offer a translation". */
  readonly languageNote: string | null;
  readonly notes: readonly string[];
}

export interface LetterChecks {
  readonly missing: readonly MissingContent[];
  readonly plainEnglish: PlainEnglishReport;
  /** Merge fields the template uses that have no value for this case. */
  readonly unresolvedFields: readonly string[];
  /** True when nothing required is missing: the letter may be submitted. */
  readonly complete: boolean;
}

// ---- weekly calibration (self-assessment, policy 001: 3 letters per Team Leader each week) ----

export const CALIBRATION_CRITERIA = [
  'accuracy',
  'all-points-answered',
  'required-content',
  'plain-english',
  'tone-and-empathy',
  'remedy-proportionate',
  'escalation-information',
] as const;
export type CalibrationCriterion = (typeof CALIBRATION_CRITERIA)[number];

export const CALIBRATION_CRITERION_NAMES: Readonly<Record<CalibrationCriterion, string>> = {
  accuracy: 'Accuracy',
  'all-points-answered': 'All points answered',
  'required-content': 'Required content present',
  'plain-english': 'Plain English',
  'tone-and-empathy': 'Tone and empathy',
  'remedy-proportionate': 'Remedy proportionate',
  'escalation-information': 'Escalation / Ombudsman information right',
};

/** Each criterion is scored 0 (not met at all) to 5 (excellent). */
export const CALIBRATION_SCORE_MAX = 5;

export const CALIBRATION_AGREEMENTS = ['agree', 'disagree'] as const;
export type CalibrationAgreement = (typeof CALIBRATION_AGREEMENTS)[number];

/** How many letters per Team Leader a weekly draw takes. */
export const CALIBRATION_SAMPLE_SIZE = 3;

/** The draw's algorithm name, recorded with every draw so it can be re-run later. */
export const CALIBRATION_ALGORITHM = 'fnv1a-xorshift32-fisher-yates-v1';
