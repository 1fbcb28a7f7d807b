// A desk offline for six simulated weeks, writing 10,000 mutations across several restarts, then synced:
// everything arrives once, the other desk and the server agree with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPostgres } from '../server/postgres.js';
import { World, deskDump, startWorldPostgres } from './harness.js';

// The full spec (10,000 mutations, about a minute here): SYNC_OFFLINE_MUTATIONS=10000 npx vitest run tests/sync/offline-weeks.test.ts
const N = Number(process.env.SYNC_OFFLINE_MUTATIONS ?? 2_000);
const DAY = 24 * 3600_000;

let pg: TestPostgres;
beforeAll(async () => {
  pg = await startWorldPostgres();
}, 60_000);
afterAll(async () => {
  await pg?.stop();
});

describe('a long offline spell', () => {
  it(`syncs ${N} mutations made over six weeks offline, with restarts`, async () => {
    const w = await World.create(pg, [
      { key: 'ada', roles: ['agent'] },
      { key: 'ben', roles: ['agent'] },
    ]);
    try {
      const a = await w.addDesk('ada');
      const b = await w.addDesk('ben');
      a.link.up = false;
      const t0 = performance.now();
      let made = 0;
      let contactId = '';
      for (let day = 0; day < 42 && made < N; day++) {
        const today = Math.ceil((N - made) / (42 - day));
        for (let i = 0; i < today; i++, made++) {
          if (i % 4 === 3) {
            a.must('add-note', { contactId, body: `Follow-up ${made}` });
          } else {
            contactId = a.must<{ contactId: string }>('log-contact', {
              channel: 'phone',
              madeBy: 'anonymous',
              whatHappened: `Offline case ${made}`,
            }).contactId;
          }
        }
        w.advance(DAY);
        if (day % 10 === 9) {
          await a.sync(); // still offline: fails, changes nothing
          a.restart();
          a.link.up = false;
        }
      }
      const local = performance.now() - t0;
      expect(a.agent.status().pending).toBe(N);
      a.link.up = true;
      const t1 = performance.now();
      const status = await a.sync();
      const push = performance.now() - t1;
      expect(status).toMatchObject({ online: true, pending: 0, rejections: [] });
      const t2 = performance.now();
      await b.sync();
      const pull = performance.now() - t2;
      console.log(
        `offline desk: ${N} mutations made in ${local.toFixed(0)} ms; pushed and pulled back in ${push.toFixed(0)} ms; another desk pulled them in ${pull.toFixed(0)} ms`,
      );
      const server = await w.serverDump();
      expect(server.timeline_events).toHaveLength(N);
      expect(deskDump(a, server)).toEqual(server);
      expect(deskDump(b, server)).toEqual(server);
    } finally {
      await w.close();
    }
  }, 600_000);
});
