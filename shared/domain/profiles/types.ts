// Policy profiles are data: each is one version of one landlord's policy (or of the Code), valid from a
// date, with its stages, deadline rules, exclusions and the text it comes from.
import type { IsoDate } from '../dates.js';

export type StageKey = 'feedback-investigation' | 'stage1' | 'stage2';

/** What a deadline counts from. An event that has not happened yet counts from its own deadline. */
export type Anchor = 'entered' | 'acknowledged' | 'responded';

export interface DayRule {
  readonly days: number;
  readonly unit: 'working' | 'calendar';
  readonly from: Anchor;
  /** Where the rule comes from, e.g. "Code 5.4" or "policy 004 §3.2". */
  readonly cite: string;
}

export type ExtensionRule =
  | {
      readonly kind: 'capped';
      readonly maxWorkingDays: number;
      readonly needsResidentAgreement: boolean;
      readonly cite: string;
    }
  | { readonly kind: 'uncapped'; readonly cite: string }
  | { readonly kind: 'none'; readonly cite: string };

export interface StageDef {
  readonly key: StageKey;
  readonly name: string;
  /** Counts from `entered`: receipt for the first stage, the escalation request for later ones. */
  readonly acknowledge: DayRule | null;
  readonly respond: DayRule | null;
  readonly extension: ExtensionRule;
  /** Window to ask for the next stage, counted from this stage's response; null = no limit set. */
  readonly escalationWindow: DayRule | null;
  /** The person who decides this stage must not be the one who decided the previous stage. */
  readonly decisionMakerMustDiffer: boolean;
}

export const EXCEPTION_CODES = [
  'safeguarding',
  'health-and-safety',
  'good-reason',
  'damp-mould',
  'asb-ongoing',
  'mp-or-ombudsman-request',
] as const;
export type ExceptionCode = (typeof EXCEPTION_CODES)[number];

export const EXCLUSION_CODES = [
  'first-time-enquiry',
  'ombudsman-determination',
  'liability-or-injury-claim',
  'legal-proceedings',
  'insurance-claim',
  'resident-v-resident',
  'asb-report',
  'policy-feedback',
  'own-appeal-route',
  'anonymous',
  'too-old',
  'already-considered',
  'unreasonable-pursuit',
  'survey-feedback',
  'third-party-without-authorisation',
  'cyber-incident-delay',
] as const;
export type ExclusionCode = (typeof EXCLUSION_CODES)[number];

export interface ExclusionDef {
  readonly code: ExclusionCode;
  readonly text: string;
  readonly cite: string;
}

export interface TimeLimitRule {
  readonly months: number;
  /** Whether the resident's awareness date can move the start later (the Code) or only the issue date counts. */
  readonly countsFrom: 'issue' | 'later-of-issue-and-awareness';
  readonly exceptions: readonly ExceptionCode[];
  readonly cite: string;
}

export interface ReopenRule {
  readonly requiresNewInformation: boolean;
  /** A complaint closed longer ago than this may not be re-opened, unless an exception applies. */
  readonly closedWithinMonths: number | null;
  readonly exceptions: readonly ExceptionCode[];
  readonly cite: string;
}

export interface ThirdPartyRule {
  readonly requiresSignedAuthorisation: boolean;
  readonly acceptedAlternatives: readonly string[];
  readonly cite: string;
}

export interface CyberIncidentRule {
  /** Complaints received from this date about delays caused by the incident are answered as enquiries. */
  readonly from: IsoDate;
  readonly to: IsoDate | null;
  readonly cite: string;
}

export interface PolicyProfile {
  readonly id: string;
  readonly family: string;
  readonly name: string;
  readonly validFrom: IsoDate;
  readonly source: { readonly document: string; readonly title: string };
  readonly stages: readonly StageDef[];
  readonly exclusions: readonly ExclusionDef[];
  readonly timeLimit: TimeLimitRule | null;
  readonly reopen: ReopenRule;
  readonly thirdParty: ThirdPartyRule;
  /** Group complaints and petitions: one complaint, a nominated signatory, every named member answered. */
  readonly groups: { readonly oneComplaint: boolean; readonly answerEveryNamedMember: boolean; readonly cite: string };
  /** What the resident can do after the last stage. */
  readonly afterLastStage: 'ombudsman' | 'councillor-mp-or-ombudsman';
  readonly cyberIncident: CyberIncidentRule | null;
}
