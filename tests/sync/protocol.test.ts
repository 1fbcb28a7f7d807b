// The protocol's edges: versions, hostile and malformed bodies, the agent's status, backoff and event stream.
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SyncAgent } from '../../db/sqlite/sync/agent.js';
import { SYNC_PROTOCOL_VERSION } from '../../shared/contracts/sync.js';
import { call, json } from '../server/helpers.js';
import type { TestPostgres } from '../server/postgres.js';
import { World, startWorldPostgres, type TestDesk } from './harness.js';

let pg: TestPostgres;
let w: World;
let a: TestDesk;
beforeAll(async () => {
  pg = await startWorldPostgres();
}, 60_000);
afterAll(async () => {
  await pg?.stop();
});
beforeEach(async () => {
  w = await World.create(pg, [{ key: 'ada', roles: ['agent'] }]);
  a = await w.addDesk('ada');
});
afterEach(async () => {
  await w.close();
});

async function stored(): Promise<{ entities: number; changes: number }> {
  const r = await w.db.query<{ e: number; c: number }>(
    'SELECT (SELECT count(*) FROM entities)::int AS e, (SELECT count(*) FROM changes)::int AS c',
  );
  return { entities: r.rows[0]?.e ?? -1, changes: r.rows[0]?.c ?? -1 };
}

const UUID = '01950000-0000-7000-8000-000000000001';

describe('protocol versions', () => {
  it('answers an older or newer desk 426 update-required, never data', async () => {
    // 1: a desk from before the snapshot (protocol 2) is told to update, on every endpoint.
    const older = SYNC_PROTOCOL_VERSION - 1;
    for (const v of [0, older, SYNC_PROTOCOL_VERSION + 1, undefined, String(SYNC_PROTOCOL_VERSION)]) {
      for (const url of ['/sync/push', '/sync/pull', '/sync/snapshot']) {
        const res = await call(w.server.app, a.session, 'POST', url, {
          protocolVersion: v,
          cursor: '0',
          deskId: a.deskId,
        });
        expect(res.statusCode, `${url} ${String(v)}`).toBe(426);
        expect(json(res)).toMatchObject({ error: 'update-required', protocolVersion: SYNC_PROTOCOL_VERSION });
      }
    }
    const events = await call(w.server.app, a.session, 'GET', '/sync/events?protocolVersion=9');
    expect(events.statusCode).toBe(426);
  });

  it('shows "update required" on a desk whose server speaks another version, and applies nothing', async () => {
    a.must('log-contact', { channel: 'phone', madeBy: 'anonymous', whatHappened: 'x' });
    const fromNewerServer = new SyncAgent({
      desk: a.store,
      baseUrl: 'http://127.0.0.1',
      accessToken: () => 't',
      fetch: (async () =>
        new Response(JSON.stringify({ protocolVersion: SYNC_PROTOCOL_VERSION + 1, results: [], changes: [] }), {
          status: 200,
        })) as typeof fetch,
    });
    expect(await fromNewerServer.syncNow()).toMatchObject({ updateRequired: true, pending: 1 });
    const refused = new SyncAgent({
      desk: a.store,
      baseUrl: 'http://127.0.0.1',
      accessToken: () => 't',
      fetch: (async () => new Response('{"error":"update-required"}', { status: 426 })) as typeof fetch,
    });
    expect(await refused.syncNow()).toMatchObject({ updateRequired: true, pending: 1 });
    // the outbox entry is untouched by either: it goes when the desk is updated
    expect(a.store.db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'rejected'").get()).toEqual({ n: 0 });
  });
});

describe('hostile payloads', () => {
  it('refuses malformed, oversized and ill-typed bodies with a 4xx and a reason, storing nothing', async () => {
    const inject = (payload: string, url = '/sync/push') =>
      w.server.app.inject({
        method: 'POST',
        url,
        payload,
        headers: { authorization: `Bearer ${a.session.accessToken}`, 'content-type': 'application/json' },
      });
    const v = SYNC_PROTOCOL_VERSION;
    const malformed = await inject(`{"protocolVersion": ${v}, "mutations": [`);
    expect(malformed.statusCode).toBe(400);
    expect(json(malformed)).toMatchObject({ error: 'malformed-json' });
    const huge = await inject(JSON.stringify({ protocolVersion: v, pad: 'x'.repeat(9 * 1024 * 1024) }));
    expect(huge.statusCode).toBe(413);
    expect(json(huge)).toMatchObject({ error: 'body-too-large' });
    const tooMany = await inject(
      JSON.stringify({
        protocolVersion: v,
        deskId: a.deskId,
        mutations: Array.from({ length: 501 }, () => ({ mutationId: UUID })),
      }),
    );
    expect(tooMany.statusCode).toBe(400);
    expect(json<{ message: string }>(tooMany).message).toMatch(/mutations/);
    const badPull = await inject(JSON.stringify({ protocolVersion: v, cursor: '-1', limit: 5000 }), '/sync/pull');
    expect(badPull.statusCode).toBe(400);
    for (const bad of [
      { limit: 20_001 },
      { head: '-1' },
      { after: 'not-a-uuid' },
      { cursor: '0' },
      { head: '999999' },
    ]) {
      const badSnapshot = await inject(JSON.stringify({ protocolVersion: v, ...bad }), '/sync/snapshot');
      expect(badSnapshot.statusCode, JSON.stringify(bad)).toBe(400);
    }
    const noToken = await w.server.app.inject({ method: 'POST', url: '/sync/push', payload: { protocolVersion: v } });
    expect(noToken.statusCode).toBe(401);
    const noDesk = await call(w.server.app, w.admin, 'POST', '/sync/pull', { protocolVersion: v, cursor: '0' });
    expect(noDesk.statusCode).toBe(403);
    expect(await stored()).toEqual({ entities: 0, changes: 0 });
  });

  it('survives fuzzed mutations: a 4xx or per-mutation rejections, never a crash, nothing stored', async () => {
    const hexId = fc
      .array(fc.constantFrom(...'0123456789abcdef'), { minLength: 32, maxLength: 32 })
      .map(
        (c) =>
          `${c.slice(0, 8).join('')}-${c.slice(8, 12).join('')}-7${c.slice(13, 16).join('')}-8${c.slice(17, 20).join('')}-${c.slice(20).join('')}`,
      );
    const mutation = fc.record({
      mutationId: fc.oneof(hexId, fc.string()),
      useCase: fc.constantFrom(
        'log-contact',
        'resolve-enquiry',
        'convert-to-complaint',
        'complaint-command',
        'add-note',
        'assign',
        'add-correspondence',
        'drop-table',
      ),
      actorId: fc.oneof(fc.constant(a.user.id), hexId),
      hlc: fc.oneof(
        fc.constant(`${String(Date.parse(w.server.clock.nowIso())).padStart(15, '0')}-0000-${a.deskId}`),
        fc.string(),
      ),
      payload: fc.oneof(
        fc.anything(),
        fc.record({
          input: fc.oneof(
            fc.anything(),
            fc.record(
              { complaintId: hexId, contactId: hexId, command: fc.anything(), body: fc.string() },
              { requiredKeys: [] },
            ),
          ),
          context: fc.record({
            now: fc.constant('2026-03-02T09:00:00.000Z'),
            today: fc.constant('2026-03-02'),
            ids: fc.array(hexId, { maxLength: 6 }),
            references: fc.constant([] as string[]),
          }),
        }),
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 5 }), async (mutations) => {
        const res = await call(w.server.app, a.session, 'POST', '/sync/push', {
          protocolVersion: SYNC_PROTOCOL_VERSION,
          deskId: a.deskId,
          mutations,
        });
        expect([200, 400]).toContain(res.statusCode);
        if (res.statusCode === 200) {
          for (const r of json<{ results: { status: string; reason: string }[] }>(res).results) {
            expect(r.status).toBe('rejected');
            expect(r.reason).toBeTruthy();
          }
        } else {
          expect(json(res)).toMatchObject({ error: 'invalid-request' });
        }
      }),
      { seed: 20260302, numRuns: 150 },
    );
    expect(await stored()).toEqual({ entities: 0, changes: 0 });
  });
});

describe('the agent', () => {
  it('reports offline with backoff and jitter while the server is down, and recovers', async () => {
    a.link.up = false;
    a.must('log-contact', { channel: 'phone', madeBy: 'anonymous', whatHappened: 'x' });
    const first = await a.sync();
    expect(first).toMatchObject({ online: false, pending: 1, lastSuccessfulSync: null });
    expect(first.lastError).toMatch(/network/);
    const delays = [a.agent.nextDelayMs()];
    for (let i = 0; i < 5; i++) {
      await a.sync();
      delays.push(a.agent.nextDelayMs());
    }
    expect(delays).toEqual([750, 1500, 3000, 6000, 12000, 24000]); // base·(½ + random·½) with random = ½
    a.link.up = true;
    expect(await a.sync()).toMatchObject({ online: true, pending: 0 });
    expect(a.agent.nextDelayMs()).toBe(30_000);
  });

  it('keeps an entry whose answer was lost as "sending", and the resend is answered from the ledger', async () => {
    a.must('log-contact', { channel: 'phone', madeBy: 'anonymous', whatHappened: 'x' });
    const realFetch = injectLossy(a);
    const status = await realFetch.agent.syncNow();
    expect(status).toMatchObject({ online: false, pending: 1 });
    expect(a.store.db.prepare('SELECT status FROM outbox').all()).toEqual([{ status: 'sending' }]);
    expect((await stored()).changes).toBeGreaterThan(0);
    const before = await stored();
    expect(await a.sync()).toMatchObject({ online: true, pending: 0 });
    expect(await stored()).toEqual(before);
  });
});

describe('a closed desk', () => {
  it('answers a sync asked for after its database closed without throwing or writing', async () => {
    const d = await w.addDesk('ada');
    const agent = new SyncAgent({ desk: d.store, baseUrl: 'http://127.0.0.1:9', accessToken: () => 'unused' });
    d.store.db.close();
    await expect(agent.syncNow()).resolves.toMatchObject({ lastError: 'The desk database is closed.', pending: 0 });
  });
});

describe('the event stream', () => {
  it('makes a change on one desk appear on another at once, without waiting for the schedule', async () => {
    const b = await w.addDesk('ada');
    const address = await w.server.app.listen({ host: '127.0.0.1', port: 0 });
    const agentFor = (d: TestDesk) =>
      new SyncAgent({
        desk: d.store,
        baseUrl: address,
        accessToken: () => d.session.accessToken,
        intervalMs: 3_600_000,
      });
    const agentA = agentFor(a);
    const agentB = agentFor(b);
    agentB.start();
    try {
      await agentB.syncNow();
      await new Promise((r) => setTimeout(r, 200)); // the stream is connected
      a.must('log-contact', { channel: 'phone', madeBy: 'anonymous', whatHappened: 'Seen elsewhere at once.' });
      const started = performance.now();
      await agentA.syncNow();
      const count = () => (b.store.db.prepare('SELECT count(*) AS n FROM contacts').get() as { n: number }).n;
      while (count() === 0 && performance.now() - started < 5_000) await new Promise((r) => setTimeout(r, 10));
      // Arrived by the nudge: the scheduled sync (every 30 s) would not have run within the 5 s waited.
      expect(count()).toBe(1);
    } finally {
      agentB.stop();
      agentA.stop();
      await Promise.all([agentA.idle(), agentB.idle()]);
    }
  });

  it('nudges only the desks that may see the change, and not the desk that pushed it', async () => {
    const v = await World.create(pg, [
      { key: 'ann', roles: ['agent'], team: 'A' },
      { key: 'amy', roles: ['agent'], team: 'A' },
      { key: 'bob', roles: ['agent'], team: 'B' },
      { key: 'meg', roles: ['manager'], team: 'B' },
    ]);
    const agents: SyncAgent[] = [];
    try {
      const address = await v.server.app.listen({ host: '127.0.0.1', port: 0 });
      const pulls = new Map<string, number>();
      const follow = async (key: string) => {
        const d = await v.addDesk(key);
        const agent = new SyncAgent({
          desk: d.store,
          baseUrl: address,
          accessToken: () => d.session.accessToken,
          intervalMs: 3_600_000,
          fetch: (async (input: string | URL | Request, init?: RequestInit) => {
            if (String(input).endsWith('/sync/pull')) pulls.set(key, (pulls.get(key) ?? 0) + 1);
            return fetch(input, init);
          }) as typeof fetch,
        });
        agents.push(agent);
        agent.start();
        await agent.syncNow();
        return { d, agent };
      };
      const writer = await follow('ann');
      const sameTeam = await follow('amy');
      await follow('bob');
      const manager = await follow('meg');
      await new Promise((r) => setTimeout(r, 300)); // every stream is connected
      pulls.clear();
      const { contactId } = writer.d.must<{ contactId: string }>('log-contact', {
        channel: 'phone',
        madeBy: 'anonymous',
        whatHappened: 'Team A only.',
      });
      await writer.agent.syncNow();
      const has = (d: TestDesk) =>
        d.store.db.prepare('SELECT 1 FROM contacts WHERE id = ?').get(contactId) !== undefined;
      const started = performance.now();
      while (!(has(sameTeam.d) && has(manager.d)) && performance.now() - started < 5_000) {
        await new Promise((r) => setTimeout(r, 10));
      }
      await new Promise((r) => setTimeout(r, 300)); // time for a nudge that should not come
      expect([has(sameTeam.d), has(manager.d)]).toEqual([true, true]);
      expect(Object.fromEntries(pulls)).toEqual({ ann: 1, amy: 1, meg: 1 }); // bob's team sees nothing of it
    } finally {
      for (const agent of agents) agent.stop();
      await Promise.all(agents.map((agent) => agent.idle()));
      await v.close();
    }
  });
});

/** An agent whose first push reaches the server but whose answer is lost. */
function injectLossy(desk: TestDesk): { agent: SyncAgent } {
  let n = 0;
  const agent = new SyncAgent({
    desk: desk.store,
    baseUrl: 'http://127.0.0.1',
    accessToken: () => desk.session.accessToken,
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(String(input));
      const res = await desk.world.server.app.inject({
        method: 'POST',
        url: url.pathname,
        headers: init?.headers as Record<string, string>,
        payload: init?.body as string,
      });
      if (n++ === 0) throw new TypeError(`fetch failed: connection reset after ${res.statusCode}`);
      return new Response(res.body, { status: res.statusCode });
    }) as typeof fetch,
  });
  return { agent };
}
