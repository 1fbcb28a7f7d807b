// The sync status in words: the title bar's label and accessible name, times as the desk shows them, and
// use-case names for the rejections list. Pure, so it is tested without a browser.
import type { SyncStatus as Status } from '../../../shared/contracts/desk-api.js';

const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });
const dayAndClock = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

const londonDay = new Intl.DateTimeFormat('en-CA', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  timeZone: 'Europe/London',
});

/** A time as the desk shows it (UK time): the clock alone today, with the date on other days. */
export function when(iso: string | null, now = new Date()): string {
  if (!iso) return 'never';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return 'unknown';
  return londonDay.format(d) === londonDay.format(now) ? clock.format(d) : dayAndClock.format(d);
}

export const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** The one-line label (visible) and the longer accessible name of the title-bar button. */
export function describeSync(s: Status | undefined): { label: string; name: string } {
  if (!s) return { label: 'Sync…', name: 'Sync status: loading' };
  const waiting = plural(s.waitingChanges, 'change');
  if (s.mode === 'local-only') {
    return {
      label: `Local only · ${waiting} waiting`,
      name: `Sync: local only, no central server configured, ${waiting} waiting`,
    };
  }
  // The first sync after an online sign-in: not known to be offline yet, so not called so.
  const connecting = s.mode === 'offline' && s.syncing && !s.lastError && !s.lastSyncAt && !s.needsOnlineSignIn;
  const state = connecting ? 'Connecting' : s.mode === 'online' ? 'Online' : 'Offline';
  const rejected = s.rejections > 0 ? `, ${plural(s.rejections, 'rejected change')}` : '';
  return {
    label: `${state} · ${waiting} waiting · last sync ${when(s.lastSyncAt)}`,
    name: `Sync: ${state.toLowerCase()}, ${waiting} waiting, last sync ${when(s.lastSyncAt)}${rejected}. Open sync details`,
  };
}

export function labelOfUseCase(useCase: string): string {
  const text = useCase.replace(/-/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
