// The title bar's sync status in words: what it says in each mode, its accessible name, and times in UK time.
import { describe, expect, it } from 'vitest';
import { describeSync, labelOfUseCase, when } from '../../renderer/features/sync/sync-labels.js';
import type { SyncStatus } from '../../shared/contracts/desk-api.js';

const base: SyncStatus = {
  mode: 'online',
  serverConfigured: true,
  serverUrl: 'http://127.0.0.1:8787',
  waitingChanges: 0,
  waitingForOthers: 0,
  lastSyncAt: '2026-07-01T13:05:00.000Z',
  rejections: 0,
  lastError: null,
  syncing: false,
  updateRequired: false,
  needsOnlineSignIn: false,
};
const NOW = new Date('2026-07-01T15:00:00.000Z');

describe('sync status in words', () => {
  it('times are UK time: the clock alone today, with the date on another day', () => {
    expect(when('2026-07-01T13:05:00.000Z', NOW)).toBe('14:05'); // BST
    expect(when('2026-06-30T22:30:00.000Z', NOW)).toBe('30 Jun, 23:30');
    expect(when('2026-01-15T09:00:00.000Z', NOW)).toBe('15 Jan, 09:00'); // GMT
    expect(when(null, NOW)).toBe('never');
  });

  it('says local only, online or offline with the changes waiting, and names rejections for screen readers', () => {
    expect(describeSync({ ...base, mode: 'local-only', serverConfigured: false, waitingChanges: 1 }).label).toBe(
      'Local only · 1 change waiting',
    );
    const online = describeSync(base);
    expect(online.label).toMatch(/^Online · 0 changes waiting · last sync /);
    const offline = describeSync({ ...base, mode: 'offline', waitingChanges: 1234, rejections: 2 });
    expect(offline.label).toMatch(/^Offline · 1,234 changes waiting · last sync /);
    expect(offline.name).toMatch(
      /^Sync: offline, 1,234 changes waiting, last sync .*, 2 rejected changes\. Open sync details$/,
    );
    expect(describeSync(undefined).name).toBe('Sync status: loading');
    // The first sync after an online sign-in is under way: connecting, not offline; once it fails, offline.
    const first = { ...base, mode: 'offline' as const, lastSyncAt: null, syncing: true, waitingChanges: 3 };
    expect(describeSync(first).label).toBe('Connecting · 3 changes waiting · last sync never');
    expect(describeSync({ ...first, lastError: 'the central server could not be reached' }).label).toMatch(
      /^Offline · /,
    );
    expect(describeSync({ ...first, syncing: false }).label).toMatch(/^Offline · /);
  });

  it('names a use case in plain words', () => {
    expect(labelOfUseCase('complaint-command')).toBe('Complaint command');
    expect(labelOfUseCase('log-contact')).toBe('Log contact');
  });
});
