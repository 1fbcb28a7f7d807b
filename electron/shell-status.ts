// What the tray shows for the desk's sync status: pure, so it is tested in Node (tests/main/shell.test.ts).
import type { SyncStatus } from '../shared/contracts/desk-api.js';

export type TrayState = 'starting' | 'local-only' | 'synced' | 'waiting' | 'offline' | 'attention';

export interface TrayStatus {
  readonly state: TrayState;
  /** The tray icon's tooltip (one line; Windows cuts tooltips at 127 characters). */
  readonly tooltip: string;
  /** The status line at the top of the tray menu. */
  readonly label: string;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

function ago(fromIso: string, nowIso: string): string {
  const mins = Math.floor((Date.parse(nowIso) - Date.parse(fromIso)) / 60_000);
  if (!Number.isFinite(mins) || mins < 1) return 'just now';
  if (mins < 60) return `${plural(mins, 'minute', 'minutes')} ago`;
  const hours = Math.floor(mins / 60);
  if (hours < 48) return `${plural(hours, 'hour', 'hours')} ago`;
  return `${plural(Math.floor(hours / 24), 'day', 'days')} ago`;
}

export function trayStatus(s: SyncStatus | null, nowIso: string): TrayStatus {
  const make = (state: TrayState, label: string): TrayStatus => ({
    state,
    label,
    tooltip: `Complaints Desk: ${label}`.slice(0, 127),
  });
  if (!s) return make('starting', 'starting…');
  const waiting = s.waitingChanges > 0 ? plural(s.waitingChanges, 'change', 'changes') + ' waiting' : null;
  if (s.updateRequired) return make('attention', 'sync stopped: this desk needs updating');
  if (s.rejections > 0) {
    return make('attention', `${plural(s.rejections, 'change', 'changes')} refused by the server; open the app`);
  }
  if (s.mode === 'local-only') return make('local-only', `working on this desk only${waiting ? ` · ${waiting}` : ''}`);
  if (s.needsOnlineSignIn) return make('offline', `sign in online to sync${waiting ? ` · ${waiting}` : ''}`);
  if (s.mode === 'offline') {
    const last = s.lastSyncAt ? `last synced ${ago(s.lastSyncAt, nowIso)}` : 'not synced yet';
    return make('offline', `offline, ${last}${waiting ? ` · ${waiting}` : ''}`);
  }
  if (s.syncing) return make('waiting', `syncing${waiting ? ` · ${waiting}` : ''}`);
  if (waiting) return make('waiting', `online · ${waiting}`);
  return make('synced', `up to date${s.lastSyncAt ? `, synced ${ago(s.lastSyncAt, nowIso)}` : ''}`);
}
