// Native notifications for the signed-in user's deadlines falling due today: every DEADLINE_CHECK_MS the
// shell asks the desk core (DeskApi `breaching`), electron/deadline-notices.ts picks what is new, and each
// notice is shown once. Clicking one opens the case. Thin wiring; the choice is tested in tests/main.
import { Notification } from 'electron';
import type { CaseListItem, DeskApiMethod, DeskApiResult } from '../shared/contracts/desk-api.js';
import { DEADLINE_CHECK_MS, deadlineNotices, NoticeLedger } from './deadline-notices.js';

export interface DeadlineNotifier {
  checkNow(): Promise<void>;
  stop(): void;
}

export function startDeadlineNotifications(
  call: (m: DeskApiMethod, i: unknown) => Promise<DeskApiResult<unknown>>,
  today: () => string,
  openCase: (complaintId: string) => void,
): DeadlineNotifier {
  const ledger = new NoticeLedger();
  const checkNow = async () => {
    if (!Notification.isSupported()) return;
    // Nobody signed in (or another error): nothing to say, and nothing is marked as said.
    const r = await call('breaching', { scope: 'me', within: 'today' });
    if (!r.ok) return;
    const day = today();
    for (const n of deadlineNotices(r.value as CaseListItem[], day, ledger)) {
      const note = new Notification({ title: n.title, body: n.body });
      if (n.complaintId) note.on('click', () => openCase(n.complaintId));
      note.show();
      for (const k of n.covers) ledger.add(k, day);
    }
  };
  const timer = setInterval(() => void checkNow(), DEADLINE_CHECK_MS);
  return { checkNow, stop: () => clearInterval(timer) };
}
