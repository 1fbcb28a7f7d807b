// A desk's first sync by snapshot (db/sqlite/sync/snapshot.ts) against the change-log pull from 0 that every
// desk took before it: the same rows in every synced table, the same derived stage and deadline rows, the same
// search documents; resumable after an interruption (the network, a page the desk refuses) at the same head,
// with nothing of a refused page stored.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SearchIndexBuilder } from '../../db/sqlite/search-builder.js';
import { searchIndexProgress } from '../../db/sqlite/search-index.js';
import { loadSnapshotPosition } from '../../db/sqlite/sync/snapshot.js';
import { SyncAgent } from '../../db/sqlite/sync/agent.js';
import { SYNC_TABLES } from '../../shared/app/sync-rows.js';
import { writeTemplate } from '../bench/sync-seed.js';
import type { TestPostgres } from '../server/postgres.js';
import { deskState } from './desk-state.js';
import { World, deskDump, escalatableComplaint, injectFetch, startWorldPostgres, type TestDesk } from './harness.js';

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
    { key: 'cal', roles: ['agent'] },
    { key: 'max', roles: ['manager'] },
    { key: 'bea', roles: ['agent'], team: 'B' },
    { key: 'root', roles: ['administrator'] },
  ]);
});
afterEach(async () => {
  await w.close();
});

type Rows = Record<string, unknown>[];

/** A desk's indexes as the schema holds them (name and CREATE statement). */
function indexesOf(desk: TestDesk): { name: string; sql: string }[] {
  return desk.store.db
    .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
    .all() as { name: string; sql: string }[];
}

/** An agent on `desk` with its own options (the harness's agent takes the snapshot with its default page). */
function agentOn(desk: TestDesk, options: { snapshot?: boolean; snapshotPage?: number; fetch?: typeof fetch }) {
  return new SyncAgent({
    desk: desk.store,
    baseUrl: 'http://127.0.0.1',
    accessToken: () => desk.token(),
    fetch: options.fetch ?? injectFetch(w.server.app, desk.link),
    nowIso: () => desk.clock.nowIso(),
    today: () => desk.clock.today(),
    random: () => 0.5,
    ...(options.snapshot === undefined ? {} : { snapshot: options.snapshot }),
    ...(options.snapshotPage === undefined ? {} : { snapshotPage: options.snapshotPage }),
  });
}

/**
 * The desk's state once its search index is complete: a bootstrap registers the search documents and leaves
 * their text to the background build (search-builder.ts), which a desk service runs; here, a builder of its own.
 */
async function indexedState(desk: TestDesk): Promise<ReturnType<typeof deskState>> {
  const builder = new SearchIndexBuilder(desk.store.db);
  builder.start();
  await builder.whenComplete();
  expect(searchIndexProgress(desk.store.db)).toBeNull();
  return deskState(desk.store.db);
}

/** Cases at every point of the procedure, notes, a petition, an escalated case, edits after creation. */
async function caseload(writer: TestDesk): Promise<void> {
  await writeTemplate(writer, 24);
  const { complaintId } = escalatableComplaint(writer);
  writer.must('complaint-command', { complaintId, command: { type: 'request-escalation' } });
  writer.must('add-note', { complaintId, body: 'Escalated: Priya Shah called again.' });
  writer.must('log-contact', {
    channel: 'letter',
    madeBy: 'group',
    group: {
      name: 'Marlowe House residents',
      members: [{ familyName: 'Okoro' }, { familyName: 'Nash' }],
      signatory: 0,
    },
    whatHappened: 'Lift out of order for a month.',
    dissatisfaction: true,
  });
  w.advance(3 * 24 * 3600 * 1000);
  escalatableComplaint(writer);
  expect((await writer.sync()).pending).toBe(0);
}

describe('first sync by snapshot', () => {
  it('leaves a desk exactly as the change-log pull from 0 does, and the normal pull carries on from it', async () => {
    const writer = await w.addDesk('ada');
    const bySnapshot = await w.addDesk('ben');
    const byLog = await w.addDesk('cal');
    await caseload(writer);
    let snapshotRequests = 0;
    const counting = injectFetch(w.server.app, bySnapshot.link);
    const snapshotAgent = agentOn(bySnapshot, {
      snapshotPage: 9,
      fetch: (async (input: string | URL | Request, init?: RequestInit) => {
        if (String(input).endsWith('/sync/snapshot')) snapshotRequests++;
        return counting(input, init);
      }) as typeof fetch,
    });
    const logAgent = agentOn(byLog, { snapshot: false });
    expect((await snapshotAgent.syncNow()).lastError).toBeNull();
    expect((await logAgent.syncNow()).lastError).toBeNull();
    expect(snapshotRequests).toBeGreaterThan(10); // many pages, not one
    expect(loadSnapshotPosition(bySnapshot.store.db)).toBeNull();
    // The sync ended with every document registered and none indexed yet: the build comes after.
    const registered = (bySnapshot.store.db.prepare('SELECT count(*) AS n FROM search_docs').get() as { n: number }).n;
    expect(registered).toBeGreaterThan(50);
    expect(searchIndexProgress(bySnapshot.store.db)).toEqual({ done: 0, total: registered });

    const want = deskState(byLog.store.db);
    expect((want.complaints as Rows).length).toBe(26);
    const stages = want.complaint_stages as Rows;
    expect(stages.length).toBeGreaterThan(10);
    expect(stages.some((s) => s.stage_number === 2)).toBe(true); // the escalated case
    expect((want.deadlines as Rows).length).toBeGreaterThan(0);
    expect((want.searchShah as Rows).length).toBeGreaterThan(0);
    expect(await indexedState(bySnapshot)).toEqual(want);
    const server = await w.serverDump();
    expect(deskDump(bySnapshot, server)).toEqual(server);

    // Later changes come by the normal pull, from the snapshot's head.
    const { complaintId } = escalatableComplaint(writer);
    writer.must('add-note', { complaintId, body: 'Second case for Priya Shah.' });
    expect((await writer.sync()).pending).toBe(0);
    expect((await snapshotAgent.syncNow()).lastError).toBeNull();
    expect((await logAgent.syncNow()).lastError).toBeNull();
    const after = deskState(byLog.store.db);
    expect((after.complaints as Rows).length).toBe(27);
    expect(await indexedState(bySnapshot)).toEqual(after);
  });

  it("takes only what the user may see, as the pull does: another team's agent gets the templates alone", async () => {
    const writer = await w.addDesk('ada');
    const admin = await w.addDesk('root');
    const desks = [];
    for (const key of ['bea', 'max']) desks.push({ key, snap: await w.addDesk(key), log: await w.addDesk(key) });
    await caseload(writer);
    admin.must('save-letter-template', {
      kind: 'cyber-incident-apology',
      profileFamily: null,
      name: 'Cyber apology (2026)',
      sections: [{ key: 'apology', heading: 'Sorry', mode: 'free', text: 'g', provides: ['apology'] }],
    });
    expect(await admin.sync()).toMatchObject({ pending: 0, rejections: [] });
    for (const { key, snap, log } of desks) {
      expect((await agentOn(snap, { snapshotPage: 4 }).syncNow()).lastError).toBeNull();
      expect((await agentOn(log, { snapshot: false }).syncNow()).lastError).toBeNull();
      const want = deskState(log.store.db);
      expect((want.complaints as Rows).length, key).toBe(key === 'bea' ? 0 : 26);
      expect((want.letter_templates as Rows).length, key).toBe(1);
      expect(await indexedState(snap), key).toEqual(want);
    }
  });

  it('resumes an interrupted snapshot at its head, with changes made meanwhile brought by the pull', async () => {
    const writer = await w.addDesk('ada');
    const desk = await w.addDesk('ben');
    const log = await w.addDesk('cal');
    await caseload(writer);
    let pages = 0;
    const inject = injectFetch(w.server.app, desk.link);
    const cutAfterThree = (async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input).endsWith('/sync/snapshot') && ++pages > 3) throw new TypeError('fetch failed: network is down');
      return inject(input, init);
    }) as typeof fetch;
    const first = await agentOn(desk, { snapshotPage: 10, fetch: cutAfterThree }).syncNow();
    expect(first.lastError).toMatch(/network is down/);
    const position = loadSnapshotPosition(desk.store.db);
    expect(position).not.toBeNull();
    const head = position?.head;
    // Three pages of 10 records in (the fourth request was sent while the third was applied, and failed).
    const synced = SYNC_TABLES.reduce(
      (n, t) => n + (desk.store.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n,
      0,
    );
    expect(synced).toBe(30);
    // The big tables' secondary indexes are off until the end, and the position (committed with the pages)
    // says which, so the resumed bootstrap builds them again.
    const all = indexesOf(log);
    const dropped = position?.indexes ?? [];
    expect(dropped.map((i) => i.name)).toEqual(expect.arrayContaining(['complaints_my_work', 'contacts_open']));
    expect(indexesOf(desk)).toEqual(all.filter((i) => !dropped.some((d) => d.name === i.name)));
    expect(dropped).toEqual(all.filter((i) => dropped.some((d) => d.name === i.name)));

    // Meanwhile: a case the desk already has changes, and new ones arrive.
    const [applied] = desk.store.db.prepare('SELECT id FROM complaints ORDER BY id LIMIT 1').pluck().all() as string[];
    expect(applied).toBeDefined();
    const before = await w.db.query<{ s: string }>('SELECT max(seq)::text AS s FROM changes');
    writer.must('add-note', { complaintId: applied, body: 'A note made while ben was away.' });
    writer.must('update-complaint-details', { complaintId: applied, summary: 'Boiler and radiators, per Priya Shah' });
    escalatableComplaint(writer);
    expect((await writer.sync()).pending).toBe(0);
    expect(before.rows[0]?.s).toBe(head);

    // The snapshot goes on at its own head; the pull from it brings the rest.
    const heads: unknown[] = [];
    const watching = (async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input).endsWith('/sync/snapshot'))
        heads.push((JSON.parse(String(init?.body)) as { head?: string }).head);
      return inject(input, init);
    }) as typeof fetch;
    expect((await agentOn(desk, { snapshotPage: 10, fetch: watching }).syncNow()).lastError).toBeNull();
    expect(heads.length).toBeGreaterThan(1);
    expect(new Set(heads)).toEqual(new Set([head]));
    expect((await agentOn(log, { snapshot: false }).syncNow()).lastError).toBeNull();
    const want = deskState(log.store.db);
    expect((want.complaints as Rows).length).toBe(27);
    expect(await indexedState(desk)).toEqual(want);
    expect(indexesOf(desk)).toEqual(all);
  });

  it('builds the indexes an unfinished bootstrap dropped again when the desk takes the change log instead', async () => {
    const writer = await w.addDesk('ada');
    const desk = await w.addDesk('ben');
    const log = await w.addDesk('cal');
    await caseload(writer);
    const all = indexesOf(log);
    let pages = 0;
    const inject = injectFetch(w.server.app, desk.link);
    const cutAfterOne = (async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input).endsWith('/sync/snapshot') && ++pages > 1) throw new TypeError('fetch failed: network is down');
      return inject(input, init);
    }) as typeof fetch;
    expect((await agentOn(desk, { snapshotPage: 10, fetch: cutAfterOne }).syncNow()).lastError).toMatch(/network/);
    expect(indexesOf(desk).length).toBeLessThan(all.length);
    expect((await agentOn(desk, { snapshot: false }).syncNow()).lastError).toBeNull();
    expect((await agentOn(log, { snapshot: false }).syncNow()).lastError).toBeNull();
    expect(indexesOf(desk)).toEqual(all);
    expect(loadSnapshotPosition(desk.store.db)).toBeNull();
    expect(await indexedState(desk)).toEqual(deskState(log.store.db));
  });

  it('sends pages as ASCII bytes, text outside ASCII escaped, which the desk stores as written', async () => {
    const writer = await w.addDesk('ada');
    const desk = await w.addDesk('ben');
    const { complaintId } = escalatableComplaint(writer);
    const summary = 'Zoë Brontë — £250 offered; “boiler” ☕ 😀';
    writer.must('update-complaint-details', { complaintId, summary });
    expect((await writer.sync()).pending).toBe(0);
    const inject = injectFetch(w.server.app, desk.link);
    const bodies: Uint8Array[] = [];
    const keeping = (async (input: string | URL | Request, init?: RequestInit) => {
      const res = await inject(input, init);
      if (String(input).endsWith('/sync/snapshot')) bodies.push(new Uint8Array(await res.clone().arrayBuffer()));
      return res;
    }) as typeof fetch;
    expect((await agentOn(desk, { fetch: keeping }).syncNow()).lastError).toBeNull();
    expect(bodies.length).toBeGreaterThan(0);
    for (const b of bodies) expect(b.every((byte) => byte < 0x80)).toBe(true);
    expect(bodies.some((b) => new TextDecoder().decode(b).includes('Zo\\u00eb Bront\\u00eb \\u2014 \\u00a3250'))).toBe(
      true,
    );
    expect(desk.store.db.prepare('SELECT summary FROM complaints WHERE id = ?').pluck().get(complaintId)).toBe(summary);
  });

  it('takes a page the server read ahead before one of its cases changed, the pull bringing the change', async () => {
    const writer = await w.addDesk('ada');
    const desk = await w.addDesk('ben');
    const log = await w.addDesk('cal');
    await caseload(writer);
    const inject = injectFetch(w.server.app, desk.link);
    let pages = 0;
    let changed: string | undefined;
    // Once the first page is answered (the server then reads the second ahead), a case of the second page
    // changes before the desk asks for it.
    const changing = (async (input: string | URL | Request, init?: RequestInit) => {
      const res = await inject(input, init);
      if (String(input).endsWith('/sync/snapshot') && ++pages === 1) {
        const { last } = (await res.clone().json()) as { last: string };
        await new Promise((resolve) => setTimeout(resolve, 50));
        const next = await w.db.query<{ id: string }>(
          "SELECT entity_id::text AS id FROM entities WHERE entity_type = 'complaints' AND entity_id > $1::uuid ORDER BY entity_id LIMIT 1",
          [last],
        );
        changed = next.rows[0]?.id;
        if (changed === undefined) throw new Error('no case after the first page');
        writer.must('update-complaint-details', { complaintId: changed, summary: 'Changed after the read-ahead' });
        expect((await writer.sync()).pending).toBe(0);
      }
      return res;
    }) as typeof fetch;
    expect((await agentOn(desk, { snapshotPage: 10, fetch: changing }).syncNow()).lastError).toBeNull();
    expect(pages).toBeGreaterThan(3);
    const summary = desk.store.db.prepare('SELECT summary FROM complaints WHERE id = ?').pluck().get(changed);
    expect(summary).toBe('Changed after the read-ahead');
    expect((await agentOn(log, { snapshot: false }).syncNow()).lastError).toBeNull();
    // Alike but for the changed case's derived deadline rows, whose HLCs are those of its snapshot row rather
    // than of the change: as for any case changed after its page was read, read ahead or not (the same test
    // with the change made after the desk has the page fails the same way on the route without read-ahead).
    const notChanged = (rows: unknown) => (rows as Rows).filter((r) => r.complaint_id !== changed);
    const { deadlines: haveDeadlines, ...have } = await indexedState(desk);
    const { deadlines: wantDeadlines, ...want } = deskState(log.store.db);
    expect(have).toEqual(want);
    expect(notChanged(haveDeadlines)).toEqual(notChanged(wantDeadlines));
    expect(notChanged(wantDeadlines).length).toBeGreaterThan(10);
  });

  it('takes pages mixing records the desk has (its own, pushed first) with new ones, leaving unsent writes alone', async () => {
    // ada's desk has never synced: its first sync pushes its cases, then takes a snapshot holding them too.
    const mine = await w.addDesk('ada');
    const other = await w.addDesk('cal');
    const log = await w.addDesk('ben');
    await caseload(other);
    const { complaintId: edited } = escalatableComplaint(mine);
    const { complaintId: plain } = escalatableComplaint(mine);
    mine.must('add-note', { complaintId: plain, body: 'Written before the first sync.' });
    const summary = () =>
      mine.store.db.prepare('SELECT summary FROM complaints WHERE id = ?').pluck().get(edited) as string | undefined;
    const inject = injectFetch(w.server.app, mine.link);
    let pages = 0;
    // While the snapshot comes in, the case is edited on the desk: that edit is unsent until the next sync.
    const editing = (async (input: string | URL | Request, init?: RequestInit) => {
      const res = await inject(input, init);
      if (String(input).endsWith('/sync/snapshot') && ++pages === 1) {
        mine.must('update-complaint-details', { complaintId: edited, summary: 'Edited during the first sync' });
      }
      return res;
    }) as typeof fetch;
    const first = await agentOn(mine, { snapshotPage: 7, fetch: editing }).syncNow();
    expect(first.lastError).toBeNull();
    expect(pages).toBeGreaterThan(10);
    expect(first.pending).toBe(1);
    expect(summary()).toBe('Edited during the first sync');
    expect(loadSnapshotPosition(mine.store.db)).toBeNull();

    // The next sync sends the edit; the desk then holds what a desk that pulled the change log from 0 holds.
    expect((await agentOn(mine, {}).syncNow()).pending).toBe(0);
    expect(summary()).toBe('Edited during the first sync');
    expect((await agentOn(log, { snapshot: false }).syncNow()).lastError).toBeNull();
    // Alike but for the desk's clock and the stage and deadline rows of its own two cases, which keep the
    // history of their making there (met deadlines; as before the snapshot: derived rows are not synced).
    const ownCases = new Set([edited, plain]);
    const others = (rows: unknown) => (rows as Rows).filter((r) => !ownCases.has(r.complaint_id as string));
    const {
      clock: _mineClock,
      complaint_stages: haveStages,
      deadlines: haveDeadlines,
      ...have
    } = await indexedState(mine);
    const {
      clock: _logClock,
      complaint_stages: wantStages,
      deadlines: wantDeadlines,
      ...want
    } = deskState(log.store.db);
    expect((want.complaints as Rows).length).toBe(28);
    expect(have).toEqual(want);
    expect(others(wantStages).length).toBeGreaterThan(10);
    expect(others(haveStages)).toEqual(others(wantStages));
    expect(others(wantDeadlines).length).toBeGreaterThan(0);
    expect(others(haveDeadlines)).toEqual(others(wantDeadlines));
  });

  it('refuses a malformed page or one the database refuses, with a clear error, storing nothing of it', async () => {
    const writer = await w.addDesk('ada');
    const desk = await w.addDesk('ben');
    const log = await w.addDesk('cal');
    await caseload(writer);
    const inject = injectFetch(w.server.app, desk.link);
    const count = () =>
      SYNC_TABLES.reduce(
        (n, t) => n + (desk.store.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n,
        0,
      );
    const tampered = (tamper: (page: { tables: { entityType: string; rows: Record<string, unknown>[] }[] }) => void) =>
      (async (input: string | URL | Request, init?: RequestInit) => {
        const res = await inject(input, init);
        if (!String(input).endsWith('/sync/snapshot')) return res;
        const page = (await res.json()) as { tables: { entityType: string; rows: Record<string, unknown>[] }[] };
        if ((JSON.parse(String(init?.body)) as { after?: string }).after !== undefined) tamper(page);
        return new Response(JSON.stringify(page), { status: res.status });
      }) as typeof fetch;
    const complaints = (p: { tables: { entityType: string; rows: Record<string, unknown>[] }[] }) => {
      const t = p.tables.find((x) => x.entityType === 'complaints');
      if (!t || t.rows.length === 0) throw new Error('the test needs complaints on every page after the first');
      return t.rows;
    };

    // Pages of 40: the second has complaints in it.
    const malformed = await agentOn(desk, {
      snapshotPage: 40,
      fetch: tampered((p) => {
        const rows = complaints(p);
        if (rows[0]) rows[0].summary = { nested: 'object' } as unknown as string;
      }),
    }).syncNow();
    expect(malformed.lastError).toMatch(/snapshot row 0 of complaints: column summary is not a string, number or null/);
    expect(count()).toBe(40);

    const refused = await agentOn(desk, {
      snapshotPage: 40,
      fetch: tampered((p) => {
        const rows = complaints(p);
        if (rows[rows.length - 1]) (rows[rows.length - 1] as Record<string, unknown>).status = 'lost-in-the-post';
      }),
    }).syncNow();
    expect(refused.lastError).toMatch(/the desk refused the snapshot's complaints rows: CHECK constraint failed/);
    expect(count()).toBe(40);

    // A value of the wrong type: the STRICT table refuses it.
    const mistyped = await agentOn(desk, {
      snapshotPage: 40,
      fetch: tampered((p) => {
        const rows = complaints(p);
        if (rows[0]) rows[0].version = 'seven';
      }),
    }).syncNow();
    expect(mistyped.lastError).toMatch(/cannot store TEXT value in INTEGER column complaints\.version/);
    expect(count()).toBe(40);
    expect(loadSnapshotPosition(desk.store.db)).not.toBeNull();

    expect((await agentOn(desk, { snapshotPage: 40 }).syncNow()).lastError).toBeNull();
    expect((await agentOn(log, { snapshot: false }).syncNow()).lastError).toBeNull();
    expect(await indexedState(desk)).toEqual(deskState(log.store.db));
  });
});
