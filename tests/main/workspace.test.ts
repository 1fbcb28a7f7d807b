// The agent workspace's DeskApi methods on a real desk file: drafts kept per user across a restart of the
// desk service, and correspondence recorded on a case through the real use case, shown on its timeline.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, seedDemoOrganisation } from '../../electron/desk/demo.js';
import { DeskService } from '../../electron/desk/service.js';
import type { DeskApiOutputs, DeskApiResult } from '../../shared/contracts/desk-api.js';
import type { IsoDate } from '../../shared/domain/dates.js';

const TODAY = '2026-03-11' as IsoDate;
let now = `${TODAY}T12:00:00.000Z`;
const clock = { nowIso: () => now, today: () => TODAY };
let dir: string;
let service: DeskService;

function value<T>(r: DeskApiResult<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}
const login = (key: string) => {
  const u = DEMO_USERS.find((x) => x.key === key);
  if (!u) throw new Error(`no demo user ${key}`);
  return { email: u.email, password: u.password };
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'desk-workspace-'));
  service = DeskService.open({ dataDir: dir, clock });
  await seedDemoOrganisation(service.desk, { today: TODAY, cases: 40 });
}, 60_000);

afterAll(() => {
  service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('drafts', () => {
  it('are kept per user in the desk database and come back after the service restarts', async () => {
    value(await service.call('signIn', login('agent')));
    const body = JSON.stringify({ whatHappened: 'The boiler has failed again — third time this month.' });
    expect(value<DeskApiOutputs['loadDraft']>(await service.call('loadDraft', { key: 'log-contact' }))).toBeNull();
    value(await service.call('saveDraft', { key: 'log-contact', body }));
    now = `${TODAY}T12:00:05.000Z`;
    const later = body.replace('third', 'fourth');
    expect(value(await service.call('saveDraft', { key: 'log-contact', body: later }))).toEqual({
      savedAt: now,
    });

    service.close();
    service = DeskService.open({ dataDir: dir, clock });
    expect((await service.call('loadDraft', { key: 'log-contact' })).ok).toBe(false); // signed out by the restart
    value(await service.call('signIn', login('agent')));
    expect(value(await service.call('loadDraft', { key: 'log-contact' }))).toEqual({ body: later, savedAt: now });

    // Another user on the same desk does not see it.
    value(await service.call('signIn', login('agent2')));
    expect(value(await service.call('loadDraft', { key: 'log-contact' }))).toBeNull();

    value(await service.call('signIn', login('agent')));
    expect(value(await service.call('discardDraft', { key: 'log-contact' }))).toEqual({ discarded: true });
    expect(value(await service.call('loadDraft', { key: 'log-contact' }))).toBeNull();
  });

  it('refuses a malformed key or an oversized draft with a clear error', async () => {
    value(await service.call('signIn', login('agent')));
    const bad = await service.call('saveDraft', { key: '../etc/passwd', body: 'x' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input', fields: [{ path: 'key' }] } });
    const big = await service.call('saveDraft', { key: 'log-contact', body: 'x'.repeat(100_001) });
    expect(big).toMatchObject({ ok: false, error: { code: 'invalid-input', fields: [{ path: 'body' }] } });
  });
});

describe('correspondence', () => {
  it('records an inbound letter on a case, in its correspondence and on its timeline', async () => {
    value(await service.call('signIn', login('agent')));
    const work = value<DeskApiOutputs['myWork']>(await service.call('myWork', {}));
    const first = work.items[0];
    if (!first) throw new Error('the demo agent has no cases');
    const r = value<DeskApiOutputs['addCorrespondence']>(
      await service.call('addCorrespondence', {
        complaintId: first.id,
        direction: 'inbound',
        channel: 'letter',
        counterparty: 'Grace Okafor',
        subject: 'Photos of the mould',
        body: 'Letter enclosing photographs of the back bedroom.',
        occurredAt: `${TODAY}T09:15:00.000Z`,
      }),
    );
    const d = value<DeskApiOutputs['caseDetail']>(await service.call('caseDetail', { complaintId: first.id }));
    expect(d.correspondence.map((c) => c.id)).toContain(r.correspondenceId);
    expect(d.timeline.some((t) => t.kind === 'correspondence' && t.summary.includes('Photos of the mould'))).toBe(true);
  });

  it('refuses correspondence dated in the future or with no content, writing nothing', async () => {
    value(await service.call('signIn', login('agent')));
    const work = value<DeskApiOutputs['myWork']>(await service.call('myWork', {}));
    const id = work.items[0]?.id ?? '';
    const before = value<DeskApiOutputs['caseDetail']>(await service.call('caseDetail', { complaintId: id }));
    const future = await service.call('addCorrespondence', {
      complaintId: id,
      direction: 'outbound',
      channel: 'email',
      counterparty: 'Grace',
      body: 'x',
      occurredAt: '2099-01-01T00:00:00.000Z',
    });
    expect(future).toMatchObject({ ok: false, error: { code: 'invalid-input', fields: [{ path: 'occurredAt' }] } });
    const empty = await service.call('addCorrespondence', {
      complaintId: id,
      direction: 'outbound',
      channel: 'email',
      counterparty: 'Grace',
      occurredAt: `${TODAY}T09:00:00.000Z`,
    });
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const after = value<DeskApiOutputs['caseDetail']>(await service.call('caseDetail', { complaintId: id }));
    expect(after.correspondence.length).toBe(before.correspondence.length);
  });
});
