// The audit trail is append-only through the app, and tampering with the file directly (triggers dropped
// through a raw connection) is caught by the verifier: altered, removed, reordered, inserted, truncated.
import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, auditFor, canonicalJson, verifyAuditChain, type DeskDatabase } from '../../db/sqlite/index.js';
import { AGENT, DESK_ID, nextHlc, openTemp, tempDir } from './fixtures.js';

let dir: string;
let cleanup: () => void;
let desk: DeskDatabase;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  desk = openTemp(dir);
  const append = desk.db.transaction((i: number) =>
    appendAudit(desk.db, {
      actorId: AGENT,
      deskId: DESK_ID,
      occurredAt: `2025-01-06T09:00:${String(i).padStart(2, '0')}.000Z`,
      hlc: nextHlc(),
      entityType: 'complaint',
      entityId: `c-${i % 3}`,
      action: 'update',
      before: { status: 'open', n: i },
      after: { n: i + 1, status: i % 2 ? 'open' : 'closed' },
    }),
  );
  for (let i = 0; i < 10; i++) append(i);
  desk.close();
});
afterEach(() => cleanup());

/** A raw connection with the protective triggers dropped: what someone editing the file could do. */
function tamper(fn: (raw: Database.Database) => void): void {
  const raw = new Database(path.join(dir, 'desk.db'));
  raw.exec(`DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;
            DROP TRIGGER audit_head_forward; DROP TRIGGER audit_head_no_delete;`);
  fn(raw);
  raw.close();
}

function verify(): ReturnType<typeof verifyAuditChain> {
  const d = openTemp(dir);
  try {
    return verifyAuditChain(d.db);
  } finally {
    d.close();
  }
}

describe('audit trail', () => {
  it('chains every entry to the one before it, from a genesis of 64 zeros', () => {
    expect(verify()).toEqual({ ok: true, entries: 10 });
    const d = openTemp(dir);
    const entries = auditFor(d.db, 'complaint', 'c-0');
    expect(entries.map((e) => e.seq)).toEqual([1, 4, 7, 10]);
    const first = d.db.prepare('SELECT * FROM audit_log WHERE seq = 1').get() as {
      prev_hash: string;
      before_json: string;
    };
    expect(first.prev_hash).toBe('0'.repeat(64));
    // Stored JSON is canonical (sorted keys), so the same change always hashes the same.
    expect(first.before_json).toBe('{"n":0,"status":"open"}');
    d.close();
  });

  it('is append-only through SQL', () => {
    const d = openTemp(dir);
    expect(() => d.db.prepare("UPDATE audit_log SET action = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => d.db.prepare('DELETE FROM audit_log WHERE seq = 10').run()).toThrow(/append-only/);
    expect(() => d.db.prepare('UPDATE audit_head SET count = 9').run()).toThrow(/only advances/);
    expect(() => d.db.prepare('DELETE FROM audit_head').run()).toThrow(/cannot be deleted/);
    expect(() =>
      appendAudit(d.db, {
        actorId: 'a',
        deskId: 'd',
        occurredAt: 'x',
        hlc: 'h',
        entityType: 't',
        entityId: 'i',
        action: 'a',
      }),
    ).toThrow(/inside the use case's transaction/);
    d.close();
  });

  it('detects an altered field', () => {
    tamper((raw) => raw.prepare(`UPDATE audit_log SET after_json = '{"n":5,"status":"upheld"}' WHERE seq = 5`).run());
    expect(verify()).toMatchObject({ ok: false, brokenAt: 5, reason: expect.stringMatching(/altered/) });
  });

  it('detects an altered entry whose own hash was recomputed (the next entry no longer follows)', () => {
    tamper((raw) => {
      const r = raw.prepare('SELECT * FROM audit_log WHERE seq = 4').get() as Record<string, string | number>;
      const actor = 'someone-else';
      const fields = [
        r.seq,
        actor,
        r.desk_id,
        r.occurred_at,
        r.hlc,
        r.entity_type,
        r.entity_id,
        r.action,
        r.before_json,
        r.after_json,
        r.prev_hash,
      ];
      const hash = createHash('sha256').update(JSON.stringify(fields)).digest('hex');
      raw.prepare('UPDATE audit_log SET actor_id = ?, hash = ? WHERE seq = 4').run(actor, hash);
    });
    expect(verify()).toMatchObject({ ok: false, brokenAt: 5, reason: expect.stringMatching(/does not follow/) });
  });

  it('detects a removed entry in the middle', () => {
    tamper((raw) => raw.prepare('DELETE FROM audit_log WHERE seq = 3').run());
    expect(verify()).toMatchObject({ ok: false, brokenAt: 3, reason: expect.stringMatching(/missing/) });
  });

  it('detects a removed entry renumbered to close the gap', () => {
    tamper((raw) => {
      raw.prepare('DELETE FROM audit_log WHERE seq = 3').run();
      raw.prepare('UPDATE audit_log SET seq = seq - 1 WHERE seq > 3').run();
    });
    expect(verify()).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('detects reordered entries', () => {
    tamper((raw) => {
      raw.prepare('UPDATE audit_log SET seq = 100 WHERE seq = 6').run();
      raw.prepare('UPDATE audit_log SET seq = 6 WHERE seq = 7').run();
      raw.prepare('UPDATE audit_log SET seq = 7 WHERE seq = 100').run();
    });
    expect(verify()).toMatchObject({ ok: false, brokenAt: 6 });
  });

  it('detects an inserted entry', () => {
    tamper((raw) => {
      raw.prepare('UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 8').run();
      raw.prepare('UPDATE audit_log SET seq = seq - 999 WHERE seq >= 1000').run();
      const prev = raw.prepare('SELECT hash FROM audit_log WHERE seq = 7').get() as { hash: string };
      raw
        .prepare(
          `INSERT INTO audit_log VALUES (8, 'x', 'd', '2025-01-06T09:00:00Z', 'h', 'complaint', 'c-9', 'delete', NULL, NULL, ?, ?)`,
        )
        .run(prev.hash, 'f'.repeat(64));
    });
    expect(verify()).toMatchObject({ ok: false, brokenAt: 8 });
  });

  it('detects the removal of the newest entries (the head remembers the count and last hash)', () => {
    tamper((raw) => raw.prepare('DELETE FROM audit_log WHERE seq >= 9').run());
    expect(verify()).toMatchObject({ ok: false, brokenAt: 9, reason: expect.stringMatching(/head records 10/) });
  });

  it('detects an appended entry that bypassed the head', () => {
    tamper((raw) => {
      const prev = raw.prepare('SELECT hash FROM audit_log WHERE seq = 10').get() as { hash: string };
      raw
        .prepare(`INSERT INTO audit_log VALUES (11, 'x', 'd', 't', 'h', 'complaint', 'c', 'forge', NULL, NULL, ?, ?)`)
        .run(prev.hash, 'e'.repeat(64));
    });
    expect(verify()).toMatchObject({ ok: false, brokenAt: 11 });
  });

  it('serialises canonically', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });
});
