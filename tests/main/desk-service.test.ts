// The desk service end to end on a real SQLite file seeded with the demo organisation: offline sign-in with
// cached verifiers and lockout, every query, and the lifecycle through the real use cases.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, seedDemoOrganisation } from '../../electron/desk/demo.js';
import { DeskService, endOfWeek } from '../../electron/desk/service.js';
import { checkVerifier, Lockout, makeVerifier } from '../../electron/desk/credentials.js';
import type { DeskApiOutputs, DeskApiResult } from '../../shared/contracts/desk-api.js';
import type { IsoDate } from '../../shared/domain/dates.js';
import { verifyAuditChain } from '../../db/sqlite/index.js';

const TODAY = '2026-03-11' as IsoDate; // a Wednesday
const clock = { nowIso: () => `${TODAY}T12:00:00.000Z`, today: () => TODAY };
let dir: string;
let service: DeskService;
let demo: Awaited<ReturnType<typeof seedDemoOrganisation>>;

function value<T>(r: DeskApiResult<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}
function demoUser(key: string) {
  const u = DEMO_USERS.find((x) => x.key === key);
  if (!u) throw new Error(`no demo user ${key}`);
  return u;
}
const agent = demoUser('agent');
const uid = (key: string): string => {
  const id = demo.users[key];
  if (!id) throw new Error(`no demo user ${key}`);
  return id;
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'desk-service-'));
  service = DeskService.open({ dataDir: dir, clock, lockout: { maxFailures: 3, lockMs: 60_000 } });
  demo = await seedDemoOrganisation(service.desk, { today: TODAY, cases: 200 });
}, 60_000);

afterAll(() => {
  service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo organisation', () => {
  it('drives every case through the real use cases without a refusal, leaving open cases with real deadlines', () => {
    expect(demo.refusals).toEqual([]);
    expect(demo.contacts).toBe(200);
    expect(demo.complaints).toBeGreaterThan(100);
    expect(demo.open).toBeGreaterThan(20);
    expect(verifyAuditChain(service.desk.db).ok).toBe(true);
    const breached = service.desk.db.prepare("SELECT count(*) AS n FROM deadlines WHERE status = 'breached'").get() as {
      n: number;
    };
    expect(breached.n).toBeGreaterThan(0);
  });
});

describe('offline sign-in', () => {
  it('refuses every method but the public ones before sign-in', async () => {
    const r = await service.call('myWork', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect((await service.call('session', {})).ok).toBe(true);
  });

  it('says clearly when the password is wrong, then locks the account after repeated failures', async () => {
    const wrong = await service.call('signIn', { email: 'ben@demo.example', password: 'nope' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    if (!wrong.ok) expect(wrong.error.message).toMatch(/don't match.*2 attempt/);
    await service.call('signIn', { email: 'ben@demo.example', password: 'nope' });
    await service.call('signIn', { email: 'ben@demo.example', password: 'nope' });
    const right = await service.call('signIn', { email: 'ben@demo.example', password: 'demo-agent-2' });
    expect(right).toMatchObject({ ok: false, error: { code: 'locked-out' } });
  });

  it('treats an unknown user like a wrong password', async () => {
    const r = await service.call('signIn', { email: 'nobody@demo.example', password: 'x' });
    expect(r).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('signs in with the cached verifier (email case-insensitive) and returns the session', async () => {
    const s = value<DeskApiOutputs['signIn']>(
      await service.call('signIn', { email: agent.email.toUpperCase(), password: agent.password }),
    );
    expect(s).toMatchObject({ displayName: 'Ada Agent', roles: ['agent'], deskCode: 'DEMO', method: 'offline-cached' });
    expect(value<DeskApiOutputs['session']>(await service.call('session', {}))?.userId).toBe(s.userId);
  });

  it('verifiers are salted, and a malformed verifier never matches', async () => {
    const a = await makeVerifier('pw');
    const b = await makeVerifier('pw');
    expect(a).not.toBe(b);
    expect(await checkVerifier('pw', a)).toBe(true);
    expect(await checkVerifier('pw2', a)).toBe(false);
    expect(await checkVerifier('pw', 'scrypt$1$1$1$AA$AA')).toBe(false);
    expect(await checkVerifier('pw', null)).toBe(false);
  });

  it('a lock expires', () => {
    let now = 0;
    const l = new Lockout({ maxFailures: 2, lockMs: 1000 }, () => now);
    l.fail('a');
    expect(l.lockedFor('a')).toBe(0);
    l.fail('a');
    expect(l.lockedFor('a')).toBe(1000);
    now = 1001;
    expect(l.lockedFor('a')).toBe(0);
  });
});

describe('the workspace methods for a signed-in agent', () => {
  beforeAll(async () => {
    value(await service.call('signIn', { email: agent.email, password: agent.password }));
  });

  it('My work: my open cases soonest deadline first, with working days left and counts', async () => {
    const page = value<DeskApiOutputs['myWork']>(await service.call('myWork', { limit: 500 }));
    expect(page.items.length).toBeGreaterThan(5);
    const dates = page.items.map((i) => i.nextDeadlineDate ?? '9999');
    expect([...dates].sort()).toEqual(dates);
    const counts = value<DeskApiOutputs['workCounts']>(await service.call('workCounts', {}));
    expect(counts.open).toBe(page.items.length);
    expect(counts.breached).toBe(page.items.filter((i) => (i.workingDaysLeft ?? 1) < 0).length);
    expect(counts.byState.reduce((n, s) => n + s.count, 0)).toBe(counts.open);
  });

  it('logs a contact, converts it, accepts and acknowledges it, and shows deadlines and timeline', async () => {
    const logged = value<DeskApiOutputs['logContact']>(
      await service.call('logContact', {
        channel: 'phone',
        madeBy: 'resident',
        person: { givenName: 'Test', familyName: 'Resident', postcode: 'M1 1AA' },
        categoryKey: 'damp-mould',
        whatHappened: 'Mould in the bedroom',
        dissatisfaction: true,
      }),
    );
    const converted = value<DeskApiOutputs['convertToComplaint']>(
      await service.call('convertToComplaint', {
        contactId: logged.contactId,
        reason: 'resident-asked',
        residentOfferedChoice: true,
      }),
    );
    const before = value<DeskApiOutputs['availableCommands']>(
      await service.call('availableCommands', { complaintId: converted.complaintId }),
    );
    expect(before.find((c) => c.type === 'accept')?.allowed).toBe(true);
    expect(before.find((c) => c.type === 'refuse')).toMatchObject({ allowed: false, reason: /role/ });
    value(await service.call('complaintCommand', { complaintId: converted.complaintId, command: { type: 'accept' } }));
    const refused = await service.call('complaintCommand', {
      complaintId: converted.complaintId,
      command: { type: 'acknowledge', understanding: '', outcomeSought: 'x' },
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', fields: [{ path: 'command.understanding' }] },
    });
    value(
      await service.call('complaintCommand', {
        complaintId: converted.complaintId,
        command: { type: 'acknowledge', understanding: 'Mould', outcomeSought: 'Fix it' },
      }),
    );
    const detail = value<DeskApiOutputs['caseDetail']>(
      await service.call('caseDetail', { complaintId: converted.complaintId }),
    );
    expect(detail.complaint.reference).toBe(converted.reference);
    expect(detail.running).toEqual([
      expect.objectContaining({ kind: 'respond', stage: 'stage1', workingDaysLeft: 10 }),
    ]);
    expect(detail.timeline.map((t) => t.kind)).toEqual([
      'contact-logged',
      'converted-to-complaint',
      'accept',
      'acknowledge',
    ]);
    expect(detail.timeline[0]?.actorName).toBe('Ada Agent');
    const found = value<DeskApiOutputs['search']>(await service.call('search', { query: converted.reference }));
    expect(found.hits[0]).toMatchObject({ kind: 'complaint', id: converted.complaintId });
    expect(found.indexing).toBeNull(); // a desk that never took a snapshot indexes as it writes
    const sync = value<DeskApiOutputs['syncStatus']>(await service.call('syncStatus', {}));
    expect(sync).toMatchObject({ mode: 'local-only', serverConfigured: false });
    expect(sync.waitingChanges).toBeGreaterThan(500);
  });

  it('refuses a bulk re-assign to an agent (Team Leaders only) and a foreign team queue', async () => {
    const r = await service.call('assignMany', { complaintIds: [uid('agent')], assigneeId: uid('agent2') });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const q = await service.call('teamQueue', { teamId: demo.teams.south });
    expect(q).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('rejects malformed payloads and unknown methods as values', async () => {
    expect(await service.call('caseDetail', { complaintId: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', fields: [{ path: 'complaintId' }] },
    });
    expect(await service.call('dropTables', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(await service.call('myWork', { limit: 10_000 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
  });

  it('signs out', async () => {
    value(await service.call('signOut', {}));
    expect(await service.call('myWork', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });
});

describe('a Team Leader', () => {
  it("sees the team's queue with filters and a total, and re-assigns in bulk", async () => {
    const leader = demoUser('leader');
    value(await service.call('signIn', { email: leader.email, password: leader.password }));
    const first = value<DeskApiOutputs['teamQueue']>(await service.call('teamQueue', { limit: 10 }));
    expect(first.total).toBeGreaterThan(10);
    expect(first.items).toHaveLength(10);
    const second = value<DeskApiOutputs['teamQueue']>(
      await service.call('teamQueue', { limit: 10, after: first.next }),
    );
    expect(second.items[0]?.reference).not.toBe(first.items[0]?.reference);
    const breached = value<DeskApiOutputs['teamQueue']>(
      await service.call('teamQueue', { filter: { due: 'breached' }, limit: 500 }),
    );
    expect(breached.items.every((i) => (i.workingDaysLeft ?? 0) < 0)).toBe(true);
    const ids = first.items.slice(0, 3).map((i) => i.id);
    const r = value<DeskApiOutputs['assignMany']>(
      await service.call('assignMany', { complaintIds: ids, assigneeId: uid('agent2') }),
    );
    expect(r).toEqual({ assigned: 3, failed: [] });
    value(await service.call('signOut', {}));
  });

  it('end of week is the Friday', () => {
    expect(endOfWeek('2026-03-11' as IsoDate)).toBe('2026-03-13');
    expect(endOfWeek('2026-03-13' as IsoDate)).toBe('2026-03-13');
    expect(endOfWeek('2026-03-14' as IsoDate)).toBe('2026-03-20');
    expect(endOfWeek('2026-03-15' as IsoDate)).toBe('2026-03-20');
  });
});
