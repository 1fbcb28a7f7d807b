import { compareDates, type IsoDate } from '../dates.js';
import { DEFAULT_PROFILE_ID, PROFILES } from './catalogue.js';
import type { PolicyProfile } from './types.js';

export function findProfile(id: string, catalogue: readonly PolicyProfile[] = PROFILES): PolicyProfile | undefined {
  return catalogue.find((p) => p.id === id);
}

/**
 * Which profile version governs a complaint received on a date. An organisation assigns profile versions to
 * date windows (for example Clarion's interim policy for complaints received during its cyber incident);
 * the latest-starting assignment whose window contains the date wins, then the latest version of the
 * default family in force on that date, and before any version started, the earliest one.
 */
export interface ProfileAssignment {
  readonly profileId: string;
  readonly from: IsoDate;
  /** Inclusive; null = open-ended. */
  readonly to: IsoDate | null;
}

export function profileInForce(
  received: IsoDate,
  assignments: readonly ProfileAssignment[] = [],
  catalogue: readonly PolicyProfile[] = PROFILES,
): PolicyProfile {
  const matching = assignments
    .filter((a) => compareDates(a.from, received) <= 0 && (a.to === null || compareDates(received, a.to) <= 0))
    .sort((a, b) => compareDates(b.from, a.from));
  for (const a of matching) {
    const p = findProfile(a.profileId, catalogue);
    if (p) return p;
  }
  const defaultFamily = findProfile(DEFAULT_PROFILE_ID, catalogue)?.family ?? 'hos-code';
  const versions = catalogue
    .filter((p) => p.family === defaultFamily)
    .sort((a, b) => compareDates(a.validFrom, b.validFrom));
  const inForce = versions.filter((p) => compareDates(p.validFrom, received) <= 0);
  const chosen = inForce[inForce.length - 1] ?? versions[0];
  if (!chosen) throw new Error(`no profile of the default family '${defaultFamily}' in the catalogue`);
  return chosen;
}
