import { existsSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  attachmentPath,
  countPendingOutbox,
  enqueueOutbox,
  loadLastHlc,
  pendingOutbox,
  readAttachment,
  saveLastHlc,
  settleOutbox,
  storeAttachment,
  type DeskDatabase,
} from '../../db/sqlite/index.js';
import { AGENT, idFactory, openTemp, tempDir } from './fixtures.js';

let desk: DeskDatabase;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  desk = openTemp(t.dir);
});
afterEach(() => {
  desk.close();
  cleanup();
});

describe('outbox and clock state', () => {
  it('queues mutations with the change, in commit order, and settles them', () => {
    const newId = idFactory();
    const ids = [newId(), newId(), newId()];
    desk.db.transaction(() => {
      ids.forEach((id, i) =>
        enqueueOutbox(desk.db, {
          mutationId: id,
          useCase: 'logContact',
          payload: { i },
          hlc: `h${i}`,
          actorId: AGENT,
          createdAt: 't',
        }),
      );
    })();
    expect(() =>
      desk.db.transaction(() => {
        enqueueOutbox(desk.db, {
          mutationId: newId(),
          useCase: 'x',
          payload: {},
          hlc: 'h',
          actorId: AGENT,
          createdAt: 't',
        });
        throw new Error('use case failed');
      })(),
    ).toThrow('use case failed');
    expect(pendingOutbox(desk.db).map((m) => [m.mutationId, m.payload])).toEqual(ids.map((id, i) => [id, { i }]));
    settleOutbox(desk.db, ids[0] ?? '', { status: 'accepted' }, 't2');
    settleOutbox(desk.db, ids[1] ?? '', { status: 'rejected', error: 'not permitted' }, 't2');
    expect(countPendingOutbox(desk.db)).toBe(1);
    expect(() =>
      enqueueOutbox(desk.db, {
        mutationId: newId(),
        useCase: 'x',
        payload: {},
        hlc: 'h',
        actorId: AGENT,
        createdAt: 't',
      }),
    ).toThrow(/inside the use case's transaction/);
  });

  it('keeps the last HLC, only ever moving forward', () => {
    expect(loadLastHlc(desk.db)).toBeNull();
    saveLastHlc(desk.db, '000001735689600002-0000-desk');
    saveLastHlc(desk.db, '000001735689600001-0000-desk');
    expect(loadLastHlc(desk.db)).toBe('000001735689600002-0000-desk');
  });
});

describe('attachments', () => {
  it('are stored once beside the database under their content hash, and checked on read', () => {
    const bytes = new TextEncoder().encode('%PDF-1.7 a letter');
    const a = desk.db.transaction(() => storeAttachment(desk.db, desk.filesDir, bytes, 'application/pdf', 't'))();
    const b = desk.db.transaction(() => storeAttachment(desk.db, desk.filesDir, bytes, 'application/pdf', 't'))();
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(attachmentPath(desk.filesDir, a))).toBe(true);
    expect(desk.db.prepare('SELECT count(*) AS n FROM attachments').get()).toEqual({ n: 1 });
    expect(readAttachment(desk.filesDir, a).toString()).toBe('%PDF-1.7 a letter');
    writeFileSync(attachmentPath(desk.filesDir, a), 'tampered');
    expect(() => readAttachment(desk.filesDir, a)).toThrow(/damaged/);
  });
});
