// Which deadlines raise a desktop notification, and when: cases of the signed-in user whose next deadline
// falls today (or has passed without being met), each notified once per deadline and day, never repeated
// when the check runs again. Pure, so it is tested in Node; electron/notifications.ts shows them.
import type { CaseListItem } from '../shared/contracts/desk-api.js';

/** How often the shell asks the desk core for deadlines breaching today. */
export const DEADLINE_CHECK_MS = 15 * 60_000;

export interface DeadlineNotice {
  /** Identifies what was notified: the case, the deadline and the day. */
  readonly key: string;
  readonly complaintId: string;
  /** The keys this notice stands for (several when it sums up the rest). */
  readonly covers: readonly string[];
  readonly title: string;
  readonly body: string;
}

const KIND_WORDS: Record<string, string> = {
  acknowledge: 'acknowledgement',
  respond: 'response',
  'escalation-request': 'escalation request window',
};

function kindWords(kind: string | null): string {
  const k = kind?.split(':').pop() ?? '';
  return KIND_WORDS[k] ?? (k ? k.replace(/-/g, ' ') : 'deadline');
}

/** Remembers what was notified; forgets other days' keys so it does not grow for ever. */
export class NoticeLedger {
  private readonly seen = new Set<string>();
  private day: string | null = null;

  has(key: string): boolean {
    return this.seen.has(key);
  }

  add(key: string, today: string): void {
    if (this.day !== today) {
      this.seen.clear();
      this.day = today;
    }
    this.seen.add(key);
  }
}

export function deadlineNotices(items: readonly CaseListItem[], today: string, ledger: NoticeLedger): DeadlineNotice[] {
  const out: DeadlineNotice[] = [];
  const due = items.filter((c) => c.nextDeadlineDate !== null && c.nextDeadlineDate <= today);
  for (const c of due) {
    const key = `${c.id}:${c.nextDeadlineKind ?? ''}:${c.nextDeadlineDate}:${today}`;
    if (ledger.has(key)) continue;
    const breached = (c.workingDaysLeft ?? 0) < 0;
    out.push({
      key,
      complaintId: c.id,
      covers: [key],
      title: breached
        ? `${c.reference}: ${kindWords(c.nextDeadlineKind)} overdue`
        : `${c.reference}: ${kindWords(c.nextDeadlineKind)} due today`,
      body: [c.personName, c.summary].filter(Boolean).join(' · ').slice(0, 200),
    });
  }
  // More than a handful at once is noise: one summary stands for the rest.
  if (out.length > 3) {
    const rest = out.slice(2);
    return [
      ...out.slice(0, 2),
      {
        key: `summary:${today}:${rest.length}`,
        complaintId: '',
        covers: rest.map((n) => n.key),
        title: `${rest.length} more cases have deadlines due today or overdue`,
        body: 'Open My work to see them.',
      },
    ];
  }
  return out;
}
