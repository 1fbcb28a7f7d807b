import type { Region } from '../calendar/bank-holidays.js';
import type { IsoDate } from '../dates.js';
import type { ExceptionCode, StageKey } from '../profiles/types.js';
import type { ScreeningReason } from '../profiles/screening.js';

export type CaseStatus =
  | 'enquiry' // a contact being handled as an enquiry or service request
  | 'enquiry-resolved'
  | 'screening' // converted to a complaint, not yet accepted or refused
  | 'refused' // not accepted into the procedure, with reasons
  | 'open' // in one of the profile's stages
  | 'closed'
  | 'withdrawn';

export type Decision = 'upheld' | 'partly-upheld' | 'not-upheld';
export const DECISIONS: readonly Decision[] = ['upheld', 'partly-upheld', 'not-upheld'];

export type ConversionReason = 'resolution-failed' | 'further-enquiries-needed' | 'resident-asked';

export type LetterKind =
  | 'acknowledgement'
  | 'extension'
  | 'stage-response'
  | 'final-response'
  | 'refusal'
  | 'escalation-acknowledgement'
  | 'escalation-refusal'
  | 'cyber-incident-apology'
  | 'unacceptable-behaviour-decision';

export type StageStatus = 'entered' | 'acknowledged' | 'responded';

export interface Extension {
  readonly on: IsoDate;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly reason: string;
  readonly residentAgreed: boolean;
}

export interface StageRecord {
  readonly key: StageKey;
  readonly status: StageStatus;
  readonly enteredOn: IsoDate;
  readonly acknowledgedOn: IsoDate | null;
  /** Our understanding of the complaint and the outcome the resident seeks (acknowledge and define). */
  readonly definition: { readonly understanding: string; readonly outcomeSought: string } | null;
  readonly extensions: readonly Extension[];
  readonly respondedOn: IsoDate | null;
  readonly decision: Decision | null;
  readonly decidedBy: string | null;
}

export type ClosureKind =
  | 'final-response'
  | 'resolved-at-stage' // the resident was satisfied, or the escalation window lapsed
  | 'escalation-refused'
  | 'cyber-incident-closed-at-stage-one';

export interface CaseRecord {
  readonly profileId: string;
  readonly region: Region;
  readonly status: CaseStatus;
  /** When the contact was first received; conversion keeps it. */
  readonly receivedOn: IsoDate;
  readonly enquiry: {
    readonly resolvedOn: IsoDate | null;
    readonly resolution: string | null;
  } | null;
  readonly conversion: {
    readonly on: IsoDate;
    readonly reason: ConversionReason;
    /** Code 1.3: whenever a resident expresses dissatisfaction they must be given the choice to complain. */
    readonly residentOfferedChoice: true;
  } | null;
  readonly screening: {
    readonly on: IsoDate;
    readonly accepted: boolean;
    readonly reasons: readonly ScreeningReason[];
  } | null;
  readonly stages: readonly StageRecord[];
  readonly closure: { readonly on: IsoDate; readonly kind: ClosureKind; readonly note: string | null } | null;
  readonly withdrawal: { readonly on: IsoDate; readonly reason: string } | null;
  readonly reopenings: readonly {
    readonly on: IsoDate;
    readonly newInformation: string;
    readonly exceptions: readonly ExceptionCode[];
  }[];
}

export interface RunningDeadline {
  readonly kind: 'acknowledge' | 'respond' | 'escalation-request';
  readonly stage: StageKey;
  readonly due: IsoDate;
  /** For a response: the furthest it may be extended to (null = no cap or no extension allowed beyond due). */
  readonly latestWithExtension: IsoDate | null;
}

export interface TransitionError {
  readonly code: 'illegal-transition' | 'guard-failed' | 'invalid-input';
  readonly message: string;
  readonly field?: string;
}

export type TransitionResult =
  | {
      readonly ok: true;
      readonly state: CaseRecord;
      readonly deadlines: readonly RunningDeadline[];
      readonly lettersOwed: readonly LetterKind[];
    }
  | { readonly ok: false; readonly error: TransitionError };
