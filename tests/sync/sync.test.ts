// Desks and the server converging through push and pull, on a real PostgreSQL and real SQLite files.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pendingOutbox, upsertTeam } from '../../db/sqlite/index.js';
import { SYNC_PROTOCOL_VERSION } from '../../shared/contracts/sync.js';
import { call, json } from '../server/helpers.js';
import type { TestPostgres } from '../server/postgres.js';
import { World, deskDump, escalatableComplaint, startWorldPostgres } from './harness.js';

let pg: TestPostgres;
let w: World;
beforeAll(async () => {
  pg = await startWorldPostgres();
}, 60_000);
afterAll(async () => {
  await pg?.stop();
});
beforeEach(async () => {
  w = await World.create(pg, [
    { key: 'ada', roles: ['agent'] },
    { key: 'ben', roles: ['agent'] },
    { key: 'lee', roles: ['team-leader'] },
    { key: 'bea', roles: ['agent'], team: 'B' },
    { key: 'max', roles: ['manager'] },
  ]);
});
afterEach(async () => {
  await w.close();
});

async function expectConverged(...desks: ReturnType<World['addDesk']> extends Promise<infer D> ? D[] : never) {
  const server = await w.serverDump();
  for (const d of desks) expect(deskDump(d, server), d.name).toEqual(server);
}

describe('push and pull', () => {
  it('brings two desks, one offline for a while, to identical rows on both desks and the server', async () => {
    const a = await w.addDesk('ada');
    const b = await w.addDesk('ben');
    b.link.up = false;
    const { complaintId } = escalatableComplaint(a);
    a.must('add-note', { complaintId, body: 'Engineer booked.' });
    expect((await a.sync()).pending).toBe(0);
    // b works offline for a week, then reconnects
    const { contactId } = b.must<{ contactId: string }>('log-contact', {
      channel: 'email',
      madeBy: 'representative',
      person: { givenName: 'Sam', familyName: 'Jones' },
      representative: {
        givenName: 'Ian',
        familyName: 'Jones',
        relationship: 'family',
        authorisationKind: 'signed-form',
      },
      whatHappened: 'Damp in the bedroom.',
    });
    w.advance(7 * 24 * 3600 * 1000);
    b.must('resolve-enquiry', { contactId, resolution: 'Damp survey booked.' });
    // A petition too: the group, its members and its signatory travel with the contact.
    b.must('log-contact', {
      channel: 'letter',
      madeBy: 'group',
      group: {
        name: 'Marlowe House residents',
        members: [{ familyName: 'Okoro' }, { familyName: 'Nash' }],
        signatory: 0,
      },
      whatHappened: 'The lift has been broken for six weeks.',
    });
    const offline = await b.sync();
    expect(offline).toMatchObject({ online: false, pending: 3 });
    b.link.up = true;
    expect(await b.sync()).toMatchObject({ online: true, pending: 0, rejections: [] });
    await a.sync();
    await expectConverged(a, b);
    const server = await w.serverDump();
    expect(server.complaints).toHaveLength(1);
    expect(server.contacts).toHaveLength(3);
    expect(server.people).toHaveLength(6);
    expect(server.group_members).toHaveLength(2);
    expect(server.representations).toHaveLength(1);
    expect(server.notes).toHaveLength(1);
    // The pulled complaint has its stage and deadline rows re-derived on the other desk.
    const stages = (d: typeof a) =>
      d.store.db.prepare('SELECT stage_key, status FROM complaint_stages ORDER BY stage_number').all();
    expect(stages(b)).toEqual(stages(a));
  });

  it('answers a replayed push with the same answers and stores nothing twice', async () => {
    const a = await w.addDesk('ada');
    escalatableComplaint(a);
    const entries = pendingOutbox(a.store.db, 100);
    const body = {
      protocolVersion: SYNC_PROTOCOL_VERSION,
      deskId: a.deskId,
      mutations: entries.map((m) => ({
        mutationId: m.mutationId,
        useCase: m.useCase,
        actorId: m.actorId,
        hlc: m.hlc,
        payload: m.payload,
      })),
    };
    const first = await call(w.server.app, a.session, 'POST', '/sync/push', body);
    expect(first.statusCode).toBe(200);
    const again = await call(w.server.app, a.session, 'POST', '/sync/push', body);
    expect(json(again)).toEqual(json(first));
    const doubled = await call(w.server.app, a.session, 'POST', '/sync/push', {
      ...body,
      mutations: [...body.mutations, ...body.mutations],
    });
    expect(json<{ results: unknown[] }>(doubled).results).toEqual([
      ...json<{ results: unknown[] }>(first).results,
      ...json<{ results: unknown[] }>(first).results,
    ]);
    const counts = await w.db.query<{ m: string; c: string }>(
      'SELECT (SELECT count(*) FROM mutations)::text AS m, (SELECT count(*) FROM changes)::text AS c',
    );
    expect(counts.rows[0]?.m).toBe(String(entries.length));
    const before = counts.rows[0]?.c;
    await a.sync(); // the agent's own push of the same ids changes nothing either
    const after = await w.db.query<{ c: string }>('SELECT count(*)::text AS c FROM changes');
    expect(after.rows[0]?.c).toBe(before);
    await expectConverged(a);
  });

  it('serialises concurrent escalations: one escalation, the loser rejected and rolled back to server truth', async () => {
    const a = await w.addDesk('ada');
    const b = await w.addDesk('ben');
    const { complaintId } = escalatableComplaint(a);
    await a.sync();
    await b.sync();
    w.advance(3600_000);
    a.must('complaint-command', { complaintId, command: { type: 'request-escalation' } });
    b.must('complaint-command', { complaintId, command: { type: 'request-escalation' } });
    const [sa, sb] = await Promise.all([a.sync(), b.sync()]);
    const statuses = [sa, sb].map((s) => s.rejections.length).sort();
    expect(statuses).toEqual([0, 1]);
    const loser = sa.rejections.length ? sa : sb;
    expect(loser.rejections[0]?.reason).toMatch(/^illegal-transition/);
    await a.sync();
    await b.sync();
    await expectConverged(a, b);
    const server = await w.serverDump();
    const escalations = server.timeline_events.filter((e) => e.kind === 'request-escalation');
    expect(escalations).toHaveLength(1);
    const stage = JSON.parse(String(server.complaints[0]?.state_json)) as { stages: unknown[] };
    expect(stage.stages).toHaveLength(2);
  });

  it('rejects a forged actor, a foreign desk’s references and a wall time from the future, and stores nothing of them', async () => {
    const a = await w.addDesk('ada');
    const ben = w.user('ben');
    a.must('log-contact', { channel: 'phone', madeBy: 'anonymous', whatHappened: 'Noise at night.' });
    const entry = pendingOutbox(a.store.db, 1)[0];
    if (!entry) throw new Error('nothing queued');
    const push = (m: Record<string, unknown>) =>
      call(w.server.app, a.session, 'POST', '/sync/push', {
        protocolVersion: SYNC_PROTOCOL_VERSION,
        deskId: a.deskId,
        mutations: [
          {
            mutationId: entry.mutationId,
            useCase: entry.useCase,
            actorId: entry.actorId,
            hlc: entry.hlc,
            payload: entry.payload,
            ...m,
          },
        ],
      });
    const forged = await push({ actorId: ben.id, mutationId: '01950000-0000-7000-8000-00000000f001' });
    expect(json(forged)).toMatchObject({ results: [{ status: 'rejected', reason: 'forged-actor' }] });
    const payload = entry.payload as { context: { references: string[] } };
    const foreign = await push({
      mutationId: '01950000-0000-7000-8000-00000000f002',
      payload: { ...payload, context: { ...payload.context, references: ['ENQ-ZZZ9-000001'] } },
    });
    expect(json(foreign)).toMatchObject({ results: [{ status: 'rejected', reason: 'foreign-reference' }] });
    const future = await push({
      mutationId: '01950000-0000-7000-8000-00000000f003',
      payload: { ...payload, context: { ...payload.context, now: '2026-03-03T09:00:00.000Z' } },
    });
    expect(json(future)).toMatchObject({ results: [{ status: 'rejected', reason: 'clock-skew' }] });
    expect((await w.serverDump()).contacts).toEqual([]);
    await a.sync();
    expect((await w.serverDump()).contacts).toHaveLength(1);
  });

  it('rejects a desk clock a day ahead with clock-skew without dragging any clock, and accepts one a day behind', async () => {
    const ahead = await w.addDesk('ada', 24 * 3600_000);
    const behind = await w.addDesk('ben', -24 * 3600_000);
    const other = await w.addDesk('lee');
    ahead.must('log-contact', { channel: 'phone', madeBy: 'anonymous', whatHappened: 'From the future.' });
    behind.must('log-contact', { channel: 'phone', madeBy: 'anonymous', whatHappened: 'From yesterday.' });
    const sAhead = await ahead.sync();
    expect(sAhead.rejections.map((r) => r.reason.split(':')[0])).toEqual(['clock-skew']);
    expect(sAhead.pending).toBe(0);
    // rolled back on its own desk
    expect(ahead.store.db.prepare('SELECT count(*) AS n FROM contacts').get()).toEqual({ n: 0 });
    const sBehind = await behind.sync();
    expect(sBehind.rejections).toEqual([]);
    await other.sync();
    const server = await w.serverDump();
    expect(server.contacts).toHaveLength(1);
    expect(server.contacts[0]?.received_date).toBe(behind.clock.today()); // the desk's own date
    // nothing on the server or another desk carries a clock beyond the server's now
    const maxHlc = await w.db.query<{ h: string | null }>('SELECT max(hlc) AS h FROM changes');
    expect(Number(maxHlc.rows[0]?.h?.slice(0, 15))).toBeLessThanOrEqual(Date.parse(w.server.clock.nowIso()));
    await expectConverged(behind, other);
    other.must('log-contact', { channel: 'phone', madeBy: 'anonymous', whatHappened: 'Now.' });
    const own = pendingOutbox(other.store.db, 1)[0];
    expect(Number(own?.hlc.slice(0, 15))).toBeLessThanOrEqual(Date.parse(w.server.clock.nowIso()));
  });

  it('rejects a mutation naming a team the server lacks alone, and accepts the ones around it in the batch', async () => {
    const lee = await w.addDesk('lee');
    const unknownTeam = '01950000-0000-7000-8000-0000000000ff';
    upsertTeam(lee.store.db, { id: unknownTeam, name: 'Only on this desk', updatedHlc: '0' });
    const { contactId } = lee.must<{ contactId: string }>('log-contact', {
      channel: 'phone',
      madeBy: 'anonymous',
      whatHappened: 'Lift broken.',
    });
    const { complaintId } = lee.must<{ complaintId: string }>('convert-to-complaint', {
      contactId,
      reason: 'resident-asked',
      residentOfferedChoice: true,
    });
    lee.must('assign', { complaintId, assigneeId: w.user('ada').id, teamId: unknownTeam });
    lee.must('add-note', { complaintId, body: 'Engineer called.' });
    const status = await lee.sync();
    expect(status.pending).toBe(0);
    // The server's re-run of the use case checks the team against its reference data (before, the database's
    // foreign key refused it: 'unknown-reference').
    expect(status.rejections.map((r) => r.reason)).toEqual([
      `invalid-input: teamId: no team "${unknownTeam}" in the reference data; choose one from the list`,
    ]);
    const server = await w.serverDump();
    expect(server.notes).toHaveLength(1);
    expect(server.complaints[0]?.team_id).toBe(w.teams.A);
    await expectConverged(lee);
  });

  it('limits pull to the user’s team, and shows managers everything', async () => {
    const a = await w.addDesk('ada');
    const bea = await w.addDesk('bea');
    const max = await w.addDesk('max');
    a.must('log-contact', { channel: 'phone', madeBy: 'anonymous', whatHappened: 'Team A case.' });
    bea.must('log-contact', { channel: 'phone', madeBy: 'anonymous', whatHappened: 'Team B case.' });
    await a.sync();
    await bea.sync();
    await a.sync();
    await max.sync();
    const texts = (d: typeof a) =>
      (d.store.db.prepare('SELECT what_happened AS t FROM contacts ORDER BY t').all() as { t: string }[]).map(
        (r) => r.t,
      );
    expect(texts(a)).toEqual(['Team A case.']);
    expect(texts(bea)).toEqual(['Team B case.']);
    expect(texts(max)).toEqual(['Team A case.', 'Team B case.']);
  });
});
