// How a case's next deadline is shown: breached, due today, due this week, or working days left.

export type Due = 'breached' | 'today' | 'week' | 'later' | 'none';

/**
 * The Friday ending today's week (at the weekend, the coming one). Whole-day arithmetic on UTC midnights, written
 * here rather than taken from shared/domain/dates.ts: that module brings zod and date-fns (~90 KB minified) into
 * the workspace's first chunk, which every list needs for this one date.
 */
export function endOfWeek(today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  const dow = d.getUTCDay();
  d.setUTCDate(d.getUTCDate() + (dow === 6 ? 6 : 5 - dow));
  return d.toISOString().slice(0, 10);
}

export function dueOf(item: { workingDaysLeft: number | null; nextDeadlineDate: string | null }, today: string): Due {
  if (item.workingDaysLeft === null || item.nextDeadlineDate === null) return 'none';
  if (item.workingDaysLeft < 0) return 'breached';
  if (item.workingDaysLeft === 0) return 'today';
  if (/^\d{4}-\d{2}-\d{2}$/.test(today) && item.nextDeadlineDate <= endOfWeek(today)) return 'week';
  return 'later';
}

export function dueText(workingDaysLeft: number | null): string {
  if (workingDaysLeft === null) return 'No deadline running';
  if (workingDaysLeft < 0) {
    const n = -workingDaysLeft;
    return `Breached ${n} working day${n === 1 ? '' : 's'} ago`;
  }
  if (workingDaysLeft === 0) return 'Due today';
  return `${workingDaysLeft} working day${workingDaysLeft === 1 ? '' : 's'} left`;
}

const KIND: Record<string, string> = {
  acknowledge: 'Acknowledge',
  respond: 'Respond',
  'escalation-request': 'Escalation window closes',
};
const STAGE: Record<string, string> = {
  stage1: 'Stage 1',
  stage2: 'Stage 2',
  'feedback-investigation': 'Feedback with investigation',
};

export function stageName(key: string | null): string {
  return key ? (STAGE[key] ?? key) : 'Screening';
}

/** `stage1:respond` → "Stage 1: respond". */
export function deadlineKindText(kind: string | null): string {
  if (!kind) return '';
  const [stage, what] = kind.split(':');
  return `${stageName(stage ?? null)}: ${(KIND[what ?? ''] ?? what ?? '').toLowerCase()}`;
}

export function deadlineLabel(kind: string): string {
  return KIND[kind] ?? kind;
}
