// The Electron shell's pure parts, tested in Node: the tray's status text from the desk's SyncStatus, the
// application menu with the workspace's shortcuts, and which deadlines notify (once each). The thin Electron
// wiring over them (tray.ts, menu.ts, notifications.ts) needs Electron's binary, which cannot run here.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deadlineNotices, NoticeLedger } from '../../electron/deadline-notices.js';
import { menuTemplate, WORKSPACE_SHORTCUTS, type MenuSpec } from '../../electron/menu-template.js';
import { trayStatus } from '../../electron/shell-status.js';
import type { CaseListItem, SyncStatus } from '../../shared/contracts/desk-api.js';

const NOW = '2026-03-11T12:00:00.000Z';
const base: SyncStatus = {
  mode: 'online',
  serverConfigured: true,
  serverUrl: 'https://desk.example',
  waitingChanges: 0,
  waitingForOthers: 0,
  lastSyncAt: '2026-03-11T11:55:00.000Z',
  rejections: 0,
  lastError: null,
  syncing: false,
  updateRequired: false,
  needsOnlineSignIn: false,
};

describe('tray status', () => {
  it('says up to date, waiting, offline with the last sync, local only, or what needs attention', () => {
    expect(trayStatus(null, NOW)).toMatchObject({ state: 'starting' });
    expect(trayStatus(base, NOW)).toEqual({
      state: 'synced',
      label: 'up to date, synced 5 minutes ago',
      tooltip: 'Complaints Desk: up to date, synced 5 minutes ago',
    });
    expect(trayStatus({ ...base, waitingChanges: 1 }, NOW).label).toBe('online · 1 change waiting');
    expect(trayStatus({ ...base, mode: 'offline', waitingChanges: 1204 }, NOW)).toMatchObject({
      state: 'offline',
      label: 'offline, last synced 5 minutes ago · 1,204 changes waiting',
    });
    expect(trayStatus({ ...base, mode: 'offline', lastSyncAt: null }, NOW).label).toBe('offline, not synced yet');
    expect(trayStatus({ ...base, mode: 'local-only', serverConfigured: false }, NOW)).toMatchObject({
      state: 'local-only',
      label: 'working on this desk only',
    });
    expect(trayStatus({ ...base, rejections: 2 }, NOW)).toMatchObject({ state: 'attention' });
    expect(trayStatus({ ...base, updateRequired: true }, NOW).label).toMatch(/needs updating/);
    expect(trayStatus({ ...base, needsOnlineSignIn: true }, NOW).label).toBe('sign in online to sync');
  });

  it('keeps the tooltip within what Windows shows, and has an icon for every state', () => {
    const long = trayStatus({ ...base, mode: 'offline', waitingChanges: 10 ** 12, lastSyncAt: null }, NOW);
    expect(long.tooltip.length).toBeLessThanOrEqual(127);
    for (const state of ['starting', 'local-only', 'synced', 'waiting', 'offline', 'attention']) {
      expect(existsSync(path.resolve(import.meta.dirname, '../../build/icons', `tray-${state}.png`)), state).toBe(true);
    }
  });
});

function flatten(items: readonly MenuSpec[]): MenuSpec[] {
  return items.flatMap((i) => ('submenu' in i ? [i, ...flatten(i.submenu)] : [i]));
}

describe('application menu', () => {
  it('offers every workspace shortcut, shown but left to the renderer, with the key it sends', () => {
    const items = flatten(menuTemplate('win32', { devTools: false }));
    for (const s of WORKSPACE_SHORTCUTS) {
      expect(items).toContainEqual({
        label: s.label,
        accelerator: s.accelerator,
        registerAccelerator: false,
        sends: s.sends,
      });
    }
    expect(items).toContainEqual({ role: 'quit', label: 'E&xit' });
    expect(items).toContainEqual({ role: 'editMenu' });
    expect(items).toContainEqual({ label: 'Sync Now', command: 'sync-now' });
    expect(items.some((i) => 'role' in i && i.role === 'toggleDevTools')).toBe(false);
  });

  it('on macOS starts with the app menu, closes the window rather than quitting from File, sends Cmd+K', () => {
    const top = menuTemplate('darwin', { devTools: true });
    expect(top[0]).toEqual({ role: 'appMenu' });
    const items = flatten(top);
    expect(items).toContainEqual({ role: 'close' });
    expect(items).toContainEqual({ role: 'toggleDevTools' });
    const search = items.find((i) => 'sends' in i && i.label === 'Search');
    expect(search && 'sends' in search ? search.sends : null).toEqual({ keyCode: 'k', modifiers: ['meta'] });
  });
});

function item(id: string, over: Partial<CaseListItem>): CaseListItem {
  return {
    id,
    reference: `CMP-T-${id}`,
    status: 'open',
    stageKey: 'stage1',
    stageStatus: 'acknowledged',
    assigneeId: 'u',
    teamId: 't',
    region: 'england-and-wales',
    receivedDate: '2026-02-20',
    nextDeadlineDate: '2026-03-11',
    nextDeadlineKind: 'stage1:respond',
    workingDaysLeft: 0,
    personName: 'Grace Okafor',
    summary: 'Mould in the back bedroom',
    ...over,
  };
}

describe('deadline notifications', () => {
  it('notify what is due today or overdue, once, and again only on another day', () => {
    const ledger = new NoticeLedger();
    const cases = [
      item('a', {}),
      item('b', { nextDeadlineDate: '2026-03-09', workingDaysLeft: -2, nextDeadlineKind: 'stage1:acknowledge' }),
      item('c', { nextDeadlineDate: '2026-03-12', workingDaysLeft: 1 }),
    ];
    const first = deadlineNotices(cases, '2026-03-11', ledger);
    expect(first.map((n) => n.title)).toEqual(['CMP-T-a: response due today', 'CMP-T-b: acknowledgement overdue']);
    expect(first[0]?.body).toBe('Grace Okafor · Mould in the back bedroom');
    for (const n of first) for (const k of n.covers) ledger.add(k, '2026-03-11');
    expect(deadlineNotices(cases, '2026-03-11', ledger)).toEqual([]);
    // The next day the overdue one is still overdue: it is said once that day too.
    const next = deadlineNotices(cases.slice(1, 2), '2026-03-12', ledger);
    expect(next.map((n) => n.complaintId)).toEqual(['b']);
  });

  it('sums up beyond a handful, and the summary covers the cases it stands for', () => {
    const ledger = new NoticeLedger();
    const many = Array.from({ length: 7 }, (_, i) => item(String(i), {}));
    const notes = deadlineNotices(many, '2026-03-11', ledger);
    expect(notes).toHaveLength(3);
    expect(notes[2]?.title).toBe('5 more cases have deadlines due today or overdue');
    for (const n of notes) for (const k of n.covers) ledger.add(k, '2026-03-11');
    expect(deadlineNotices(many, '2026-03-11', ledger)).toEqual([]);
  });
});
