// Sync merge against the real server and PostgreSQL: last-writer-wins fields by HLC (an edit made earlier
// and pushed weeks later does not overwrite a newer one; a field only it changed still takes its value), and
// decision conflicts (two desks deciding differently) recorded on the server, pulled by every desk and
// resolved by a person through a synced mutation the server re-checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listConflicts } from '../../db/sqlite/merge-store.js';
import type { TestPostgres } from '../server/postgres.js';
import { World, deskDump, escalatableComplaint, startWorldPostgres, type TestDesk } from './harness.js';

let pg: TestPostgres;
beforeAll(async () => {
  pg = await startWorldPostgres();
}, 60_000);
afterAll(async () => {
  await pg?.stop();
});

async function converged(w: World, desks: TestDesk[]) {
  for (let round = 0; round < 2; round++) for (const d of desks) await d.sync();
  const server = await w.serverDump();
  for (const d of desks) {
    expect(d.agent.status().pending, d.name).toBe(0);
    expect(deskDump(d, server), d.name).toEqual(server);
  }
  return server;
}

function complaintRow(d: TestDesk, id: string): Record<string, unknown> {
  return d.store.db.prepare('SELECT * FROM complaints WHERE id = ?').get(id) as Record<string, unknown>;
}

describe('field-level last writer wins', () => {
  it('keeps the newer edit when an older one arrives weeks later, and every desk converges', async () => {
    const w = await World.create(pg, [
      { key: 'ada', roles: ['agent'] },
      { key: 'ben', roles: ['agent'] },
      { key: 'lee', roles: ['team-leader'] },
    ]);
    try {
      const a = await w.addDesk('ada');
      const b = await w.addDesk('ben');
      const l = await w.addDesk('lee');
      const { contactId } = a.must<{ contactId: string }>('log-contact', {
        channel: 'phone',
        madeBy: 'resident',
        person: { givenName: 'Priya', familyName: 'Shah', phone: '0161 496 0000' },
        whatHappened: 'Boiler broken.',
        dissatisfaction: true,
      });
      const { complaintId } = a.must<{ complaintId: string }>('convert-to-complaint', {
        contactId,
        reason: 'resident-asked',
        residentOfferedChoice: true,
      });
      await converged(w, [a, b, l]);
      const personId = String(complaintRow(a, complaintId).person_id);

      // Ben goes offline and edits first (earlier HLC); Ada edits the same fields later and syncs at once.
      b.link.up = false;
      w.advance(60_000);
      b.must('update-complaint-details', { complaintId, summary: 'Ben: boiler and radiators', outcomeWanted: 'Ben' });
      b.must('update-person', { personId, complaintId, phone: '0161 496 1111', email: 'ben@example.org' });
      l.link.up = false;
      l.must('assign', { complaintId, assigneeId: w.user('ben').id }); // the leader, offline too
      w.advance(60_000);
      a.must('assign', { complaintId, assigneeId: w.user('ada').id }); // later, to herself
      a.must('update-complaint-details', { complaintId, summary: 'Ada: boiler only' });
      a.must('update-person', { personId, complaintId, phone: '0161 496 2222' });
      await a.sync();
      w.advance(21 * 24 * 3600_000); // three weeks offline
      b.link.up = true;
      l.link.up = true;
      const server = await converged(w, [a, b, l]);

      const c = server.complaints.find((r) => r.id === complaintId);
      // The newer summary stands; the outcome wanted, which only Ben edited, takes his value.
      expect(c).toMatchObject({ summary: 'Ada: boiler only', outcome_wanted: 'Ben', assignee_id: w.user('ada').id });
      const p = server.people.find((r) => r.id === personId);
      expect(p).toMatchObject({ phone: '0161 496 2222', email: 'ben@example.org' });
      // Each edit is in the timeline exactly once, the superseded ones saying so.
      const edits = server.timeline_events.filter((e) => e.kind === 'details-edited' || e.kind === 'person-edited');
      expect(edits).toHaveLength(4);
      expect(edits.filter((e) => String(e.summary).includes('later edits stand'))).toHaveLength(2);
      const assigned = server.timeline_events.filter((e) => e.kind === 'assigned').map((e) => e.summary);
      expect(assigned.sort()).toEqual(['Assigned', 'Assignment recorded; a later assignment stands']);
    } finally {
      await w.close();
    }
  }, 120_000);

  it('a resident’s details edited from their own page (no case named) reach the server and every desk', async () => {
    const w = await World.create(pg, [
      { key: 'ada', roles: ['agent'] },
      { key: 'ben', roles: ['agent'] },
    ]);
    try {
      const a = await w.addDesk('ada');
      const b = await w.addDesk('ben');
      const { contactId } = a.must<{ contactId: string }>('log-contact', {
        channel: 'phone',
        madeBy: 'resident',
        person: { givenName: 'Tom', familyName: 'Reyes', phone: '0161 496 0000' },
        whatHappened: 'Asked about a repair.',
      });
      await converged(w, [a, b]);
      const personId = String(a.store.db.prepare('SELECT person_id FROM contacts WHERE id = ?').pluck().get(contactId));
      w.advance(60_000);
      a.must('update-person', { personId, phone: '0161 496 3333' });
      const server = await converged(w, [a, b]);
      expect(server.people.find((r) => r.id === personId)).toMatchObject({ phone: '0161 496 3333' });
      // The server re-ran it as the desk did: no case or enquiry named, so no timeline event on either.
      expect(server.timeline_events.filter((e) => e.kind === 'person-edited')).toEqual([]);
    } finally {
      await w.close();
    }
  }, 120_000);

  it('an edit made after seeing another desk’s wins even on a desk whose clock lags', async () => {
    const w = await World.create(pg, [
      { key: 'ada', roles: ['agent'] },
      { key: 'ben', roles: ['agent'] },
    ]);
    try {
      const a = await w.addDesk('ada', 4 * 60_000); // four minutes fast (within the allowed drift)
      const b = await w.addDesk('ben');
      const { contactId } = a.must<{ contactId: string }>('log-contact', {
        channel: 'phone',
        madeBy: 'anonymous',
        whatHappened: 'Noise.',
        dissatisfaction: true,
      });
      const { complaintId } = a.must<{ complaintId: string }>('convert-to-complaint', {
        contactId,
        reason: 'resident-asked',
        residentOfferedChoice: true,
      });
      a.must('update-complaint-details', { complaintId, summary: 'from the fast desk' });
      await a.sync();
      await b.sync();
      w.advance(1000);
      const r = b.must<{ applied: string[] }>('update-complaint-details', {
        complaintId,
        summary: 'seen, then edited',
      });
      expect(r.applied).toEqual(['summary']);
      const server = await converged(w, [a, b]);
      expect(server.complaints[0]?.summary).toBe('seen, then edited');
    } finally {
      await w.close();
    }
  }, 60_000);
});

describe('contacts merge field by field', () => {
  it('two desks editing different parts of the same enquiry offline both keep their edit, everywhere', async () => {
    const w = await World.create(pg, [
      { key: 'ada', roles: ['agent'] },
      { key: 'ben', roles: ['agent'] },
      { key: 'lee', roles: ['team-leader'] },
    ]);
    try {
      const a = await w.addDesk('ada');
      const b = await w.addDesk('ben');
      const l = await w.addDesk('lee');
      const { contactId } = a.must<{ contactId: string }>('log-contact', {
        channel: 'phone',
        madeBy: 'resident',
        person: { givenName: 'Priya', familyName: 'Shah' },
        whatHappened: 'Boiler broken.',
        outcomeWanted: 'A working boiler.',
        adjustments: { supports: ['large-print'], preferredChannel: 'phone' },
      });
      await converged(w, [a, b, l]);

      // Both offline. Ada (earlier) asks for a translation into Polish and changes the outcome wanted; Ben
      // (later) changes the preferred channel and adds detail, and also sets the outcome wanted: his stands.
      a.link.up = false;
      b.link.up = false;
      w.advance(60_000);
      a.must('update-contact', {
        contactId,
        outcomeWanted: 'Ada: boiler fixed',
        adjustments: { supports: ['large-print', 'translation'], language: 'Polish' },
      });
      w.advance(60_000);
      b.must('update-contact', {
        contactId,
        outcomeWanted: 'Ben: boiler fixed this week',
        adjustments: { preferredChannel: 'letter', detail: 'Calls after 4pm.' },
      });
      // Ben's desk pushes first; Ada's older edit arrives a day later.
      b.link.up = true;
      await b.sync();
      w.advance(24 * 3600_000);
      a.link.up = true;
      const server = await converged(w, [a, b, l]);

      const row = server.contacts.find((r) => r.id === contactId);
      expect(row).toMatchObject({ outcome_wanted: 'Ben: boiler fixed this week' });
      expect(JSON.parse(String(row?.adjustments_json))).toEqual({
        supports: ['large-print', 'translation'],
        language: 'Polish',
        preferredChannel: 'letter',
        detail: 'Calls after 4pm.',
      });
      // Each desk's copy is the server's (converged() compared every canonical column, field_hlcs included).
      for (const d of [a, b, l]) {
        const mine = d.store.db.prepare('SELECT adjustments_json FROM contacts WHERE id = ?').get(contactId) as {
          adjustments_json: string;
        };
        expect(mine.adjustments_json, d.name).toBe(row?.adjustments_json);
      }
      // Ada's edit is in the timeline saying her outcome wanted was superseded.
      const edits = server.timeline_events.filter((e) => e.contact_id === contactId && e.kind === 'contact-edited');
      expect(edits.map((e) => e.summary).sort()).toEqual([
        'Enquiry details edited: outcome wanted, preferred channel, adjustment detail',
        'Enquiry details edited: support needed, language; later edits stand for outcome wanted',
      ]);
    } finally {
      await w.close();
    }
  });
});

describe('decision conflicts', () => {
  it('records two desks’ different decisions as a conflict every desk sees, resolved once by a person', async () => {
    const w = await World.create(pg, [
      { key: 'ada', roles: ['agent'] },
      { key: 'ben', roles: ['agent'] },
      { key: 'lee', roles: ['team-leader'] },
      { key: 'lou', roles: ['team-leader'] },
    ]);
    try {
      const a = await w.addDesk('ada');
      const b = await w.addDesk('ben');
      const l = await w.addDesk('lee');
      const m = await w.addDesk('lou');
      // Two cases at "acknowledged": on one the desks disagree, on the other they agree.
      const cases = [0, 1].map(() => {
        const { contactId } = a.must<{ contactId: string }>('log-contact', {
          channel: 'phone',
          madeBy: 'anonymous',
          whatHappened: 'Damp.',
          dissatisfaction: true,
        });
        const { complaintId: id } = a.must<{ complaintId: string }>('convert-to-complaint', {
          contactId,
          reason: 'resident-asked',
          residentOfferedChoice: true,
        });
        a.must('complaint-command', { complaintId: id, command: { type: 'accept' } });
        a.must('complaint-command', {
          complaintId: id,
          command: { type: 'acknowledge', understanding: 'Damp.', outcomeSought: 'Dry.' },
        });
        return id;
      });
      const [differ, agree] = cases as [string, string];
      await converged(w, [a, b, l, m]);
      w.advance(3600_000);
      a.must('complaint-command', { complaintId: differ, command: { type: 'respond', decision: 'upheld' } });
      b.must('complaint-command', { complaintId: differ, command: { type: 'respond', decision: 'not-upheld' } });
      a.must('complaint-command', { complaintId: agree, command: { type: 'respond', decision: 'partly-upheld' } });
      b.must('complaint-command', { complaintId: agree, command: { type: 'respond', decision: 'partly-upheld' } });
      await a.sync();
      await b.sync();
      expect(b.agent.status().rejections).toHaveLength(2);
      const server = await converged(w, [a, b, l, m]);

      // One conflict, on the case where they disagreed, identical everywhere; Ben's decision is in it.
      expect(server.sync_conflicts).toHaveLength(1);
      const conflict = server.sync_conflicts[0];
      expect(conflict).toMatchObject({ entity_id: differ, field: 'stage:stage1:decision', resolution: null });
      expect(JSON.parse(String(conflict?.local_json))).toMatchObject({
        deskId: b.deskId,
        command: { type: 'respond', decision: 'not-upheld' },
      });
      expect(JSON.parse(String(conflict?.remote_json))).toMatchObject({ stageDecision: 'upheld' });
      const ledger = await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sync_conflicts');
      expect(ledger.rows[0]?.n).toBe(1);
      for (const d of [a, b, l, m]) {
        expect(listConflicts(d.store.db).map((c) => c.id)).toEqual([String(conflict?.id)]);
      }
      // The case holds Ada's decision until someone decides.
      expect(JSON.parse(String(complaintRow(b, differ).state_json)).stages[0].decision).toBe('upheld');

      // Agents may not resolve; two team leaders resolve at once: the server takes the first, refuses the other.
      const conflictId = String(conflict?.id);
      expect(b.run('resolve-conflict', { conflictId, complaintId: differ, resolution: 'remote' }).ok).toBe(false);
      l.must('resolve-conflict', { conflictId, complaintId: differ, resolution: 'local', note: 'Ben was right.' });
      m.must('resolve-conflict', { conflictId, complaintId: differ, resolution: 'remote' });
      await l.sync();
      await m.sync();
      expect(m.agent.status().rejections.map((r) => r.useCase)).toEqual(['resolve-conflict']);
      const after = await converged(w, [a, b, l, m]);
      expect(after.sync_conflicts[0]).toMatchObject({
        resolution: 'local',
        resolved_by: w.user('lee').id,
        resolution_note: 'Ben was right.',
      });
      const decided = after.complaints.find((c) => c.id === differ);
      expect(JSON.parse(String(decided?.state_json)).stages[0]).toMatchObject({
        decision: 'not-upheld',
        decidedBy: w.user('lee').id,
      });
      for (const d of [a, b, l, m]) expect(listConflicts(d.store.db)).toEqual([]);
      expect(listConflicts(a.store.db, { includeResolved: true })).toHaveLength(1);
    } finally {
      await w.close();
    }
  }, 120_000);

  it('an escalation refusal that lost to the escalation is a conflict too, which cannot be replayed', async () => {
    const w = await World.create(pg, [
      { key: 'max', roles: ['manager'] },
      { key: 'mo', roles: ['manager'] },
    ]);
    try {
      const a = await w.addDesk('max');
      const b = await w.addDesk('mo');
      const { complaintId } = escalatableComplaint(a);
      await converged(w, [a, b]);
      a.must('complaint-command', { complaintId, command: { type: 'request-escalation' } });
      b.must('complaint-command', { complaintId, command: { type: 'refuse-escalation', reasons: 'Out of time.' } });
      await a.sync();
      await b.sync();
      const server = await converged(w, [a, b]);
      expect(server.sync_conflicts.map((c) => c.field)).toEqual(['escalation']);
      // The refusal cannot be replayed onto a case that moved on: 'local' is refused with the reason.
      const r = a.run('resolve-conflict', {
        conflictId: String(server.sync_conflicts[0]?.id),
        complaintId,
        resolution: 'local',
      });
      expect(r.ok ? null : r.error.code).toBe('guard-failed');
    } finally {
      await w.close();
    }
  }, 60_000);
});
