// Screening a complaint against its profile: the time limit with its exceptions, and the profile's
// exclusions, each of which needs evidence (the Code, s.2: accept unless there is a valid, evidenced reason).
import { addCalendarMonths, compareDates, maxDate, type IsoDate } from '../dates.js';
import type { ExceptionCode, ExclusionCode, PolicyProfile } from './types.js';

export interface ScreeningReason {
  readonly code: ExclusionCode | 'time-limit-not-applied' | 'exception-applied';
  readonly text: string;
  readonly cite: string;
}

export interface ScreeningResult {
  readonly accepted: boolean;
  /** Why it is refused; or, when accepted, notes on how the time limit was applied. */
  readonly reasons: readonly ScreeningReason[];
  /** Set when the refusal letter must state the right to take the decision to the Ombudsman. */
  readonly ombudsmanRightToBeStated: boolean;
}

export interface TimeLimitInput {
  readonly received: IsoDate;
  readonly issueDate?: IsoDate | null;
  readonly awareDate?: IsoDate | null;
  readonly exceptions?: readonly ExceptionCode[];
}

/** "Older than N months": the received date is later than the start date plus N calendar months. */
export function isOlderThan(start: IsoDate, months: number, received: IsoDate): boolean {
  return compareDates(received, addCalendarMonths(start, months)) > 0;
}

export function screenTimeLimit(profile: PolicyProfile, input: TimeLimitInput): ScreeningResult {
  const rule = profile.timeLimit;
  if (!rule) return { accepted: true, reasons: [], ombudsmanRightToBeStated: false };
  if (!input.issueDate) {
    return {
      accepted: true,
      reasons: [
        {
          code: 'time-limit-not-applied',
          text: 'No issue date was given, so the time limit was not applied.',
          cite: rule.cite,
        },
      ],
      ombudsmanRightToBeStated: false,
    };
  }
  const start =
    rule.countsFrom === 'later-of-issue-and-awareness' && input.awareDate
      ? maxDate(input.issueDate, input.awareDate)
      : input.issueDate;
  const limitEnds = addCalendarMonths(start, rule.months);
  if (!isOlderThan(start, rule.months, input.received)) {
    return { accepted: true, reasons: [], ombudsmanRightToBeStated: false };
  }
  const applicable = (input.exceptions ?? []).filter((e) => rule.exceptions.includes(e));
  if (applicable.length > 0) {
    return {
      accepted: true,
      reasons: [
        {
          code: 'exception-applied',
          text: `Received ${input.received}, after the ${rule.months}-month limit that ended ${limitEnds}, but accepted: ${applicable.join(', ')}.`,
          cite: rule.cite,
        },
      ],
      ombudsmanRightToBeStated: false,
    };
  }
  const offered = (input.exceptions ?? []).filter((e) => !rule.exceptions.includes(e));
  const notApplicable = offered.length
    ? ` (${offered.join(', ')} ${offered.length === 1 ? 'is not an exception' : 'are not exceptions'} under ${profile.id}; it allows: ${rule.exceptions.join(', ') || 'none'})`
    : '';
  return {
    accepted: false,
    reasons: [
      {
        code: 'too-old',
        text: `The complaint was received ${input.received}, more than ${rule.months} months after ${start} (the limit ended ${limitEnds})${notApplicable}.`,
        cite: rule.cite,
      },
    ],
    ombudsmanRightToBeStated: true,
  };
}

export interface ExclusionClaim {
  readonly code: ExclusionCode;
  /** What shows the exclusion applies (a court claim number, the earlier complaint's reference…). */
  readonly evidence: string;
}

export type ScreeningError = { readonly field: string; readonly message: string };

/** Screens a complaint: refused when the time limit bites or any claimed exclusion is valid for the profile. */
export function screenComplaint(
  profile: PolicyProfile,
  input: TimeLimitInput & { readonly exclusions?: readonly ExclusionClaim[] },
): { ok: true; result: ScreeningResult } | { ok: false; errors: ScreeningError[] } {
  const errors: ScreeningError[] = [];
  const reasons: ScreeningReason[] = [];
  (input.exclusions ?? []).forEach((claim, i) => {
    const def = profile.exclusions.find((e) => e.code === claim.code);
    if (!def) {
      errors.push({
        field: `exclusions.${i}.code`,
        message: `'${claim.code}' is not an exclusion under ${profile.id}`,
      });
    } else if (claim.evidence.trim().length === 0) {
      errors.push({
        field: `exclusions.${i}.evidence`,
        message: `a refusal for '${claim.code}' needs its evidence recorded`,
      });
    } else if (claim.code === 'cyber-incident-delay' && !inCyberIncidentWindow(profile, input.received)) {
      errors.push({
        field: `exclusions.${i}.code`,
        message: `the cyber-incident rule of ${profile.id} does not cover ${input.received}`,
      });
    } else if (claim.code !== 'too-old') {
      reasons.push({ code: claim.code, text: `${def.text} Evidence: ${claim.evidence.trim()}`, cite: def.cite });
    }
  });
  if (errors.length) return { ok: false, errors };
  const time = screenTimeLimit(profile, input);
  const all = [...time.reasons, ...reasons];
  const accepted = time.accepted && reasons.length === 0;
  return { ok: true, result: { accepted, reasons: all, ombudsmanRightToBeStated: !accepted } };
}

export function inCyberIncidentWindow(profile: PolicyProfile, received: IsoDate): boolean {
  const rule = profile.cyberIncident;
  return (
    rule !== null &&
    compareDates(rule.from, received) <= 0 &&
    (rule.to === null || compareDates(received, rule.to) <= 0)
  );
}
