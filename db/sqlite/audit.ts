// The tamper-evident audit trail. hash = SHA-256(canonical JSON of the entry's fields + the previous hash),
// so altering, removing, reordering or inserting an entry breaks the chain from that point; audit_head
// (count + last hash, moved in the same transaction) catches the removal of the newest entries.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { assertInTransaction, stmt } from './statements.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryInput {
  readonly actorId: string;
  readonly deskId: string;
  /** The desk's wall clock, ISO-8601. */
  readonly occurredAt: string;
  /** The encoded hybrid logical clock of the change. */
  readonly hlc: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly action: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface AuditEntry extends AuditEntryInput {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

export type AuditVerification =
  | { readonly ok: true; readonly entries: number }
  | { readonly ok: false; readonly brokenAt: number; readonly reason: string };

/** JSON with object keys sorted at every level: the same value always serialises to the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeys(x);
    }
    return out;
  }
  return v;
}

interface AuditRow {
  seq: number;
  actor_id: string;
  desk_id: string;
  occurred_at: string;
  hlc: string;
  entity_type: string;
  entity_id: string;
  action: string;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

/** The hash covers the stored text of every field, in a fixed order, as a JSON array (no ambiguity). */
function entryHash(r: Omit<AuditRow, 'hash'>): string {
  const fields = [
    r.seq,
    r.actor_id,
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
  return createHash('sha256').update(JSON.stringify(fields), 'utf8').digest('hex');
}

/** Appends one entry. Call it INSIDE the use case's transaction so the change and its record commit together. */
export function appendAudit(db: Database.Database, e: AuditEntryInput): AuditEntry {
  assertInTransaction(db, 'appendAudit');
  const head = stmt<[], { count: number; last_hash: string }>(
    db,
    'SELECT count, last_hash FROM audit_head WHERE singleton = 1',
  ).get();
  if (!head) throw new Error('audit_head is missing');
  const row: Omit<AuditRow, 'hash'> = {
    seq: head.count + 1,
    actor_id: e.actorId,
    desk_id: e.deskId,
    occurred_at: e.occurredAt,
    hlc: e.hlc,
    entity_type: e.entityType,
    entity_id: e.entityId,
    action: e.action,
    before_json: e.before === undefined ? null : canonicalJson(e.before),
    after_json: e.after === undefined ? null : canonicalJson(e.after),
    prev_hash: head.last_hash,
  };
  const hash = entryHash(row);
  stmt(
    db,
    `INSERT INTO audit_log (seq, actor_id, desk_id, occurred_at, hlc, entity_type, entity_id, action, before_json,
       after_json, prev_hash, hash)
     VALUES (@seq, @actor_id, @desk_id, @occurred_at, @hlc, @entity_type, @entity_id, @action, @before_json,
       @after_json, @prev_hash, @hash)`,
  ).run({ ...row, hash });
  stmt(db, 'UPDATE audit_head SET count = ?, last_hash = ? WHERE singleton = 1').run(row.seq, hash);
  return { ...e, seq: row.seq, prevHash: row.prev_hash, hash };
}

/** Walks the whole chain in one read transaction (a consistent snapshot even while the desk writes). */
export function verifyAuditChain(db: Database.Database): AuditVerification {
  const run = db.transaction((): AuditVerification => {
    const head = stmt<[], { count: number; last_hash: string }>(
      db,
      'SELECT count, last_hash FROM audit_head WHERE singleton = 1',
    ).get();
    if (!head) return { ok: false, brokenAt: 0, reason: 'the audit head record is missing' };
    let expectedSeq = 1;
    let prev = GENESIS_HASH;
    for (const r of stmt<[], AuditRow>(db, 'SELECT * FROM audit_log ORDER BY seq').iterate()) {
      if (r.seq !== expectedSeq) {
        return { ok: false, brokenAt: expectedSeq, reason: `entry ${expectedSeq} is missing (next is ${r.seq})` };
      }
      if (r.prev_hash !== prev) {
        return { ok: false, brokenAt: r.seq, reason: `entry ${r.seq} does not follow entry ${r.seq - 1}` };
      }
      if (entryHash(r) !== r.hash) {
        return { ok: false, brokenAt: r.seq, reason: `entry ${r.seq} was altered after it was written` };
      }
      prev = r.hash;
      expectedSeq++;
    }
    const count = expectedSeq - 1;
    if (count !== head.count || prev !== head.last_hash) {
      return {
        ok: false,
        brokenAt: Math.min(count, head.count) + 1,
        reason: `the log holds ${count} entries ending ${prev.slice(0, 12)}… but the head records ${head.count} ending ${head.last_hash.slice(0, 12)}…`,
      };
    }
    return { ok: true, entries: count };
  });
  return run.deferred();
}

/** The audit history of one entity, oldest first. */
export function auditFor(db: Database.Database, entityType: string, entityId: string): AuditEntry[] {
  return stmt<[string, string], AuditRow>(
    db,
    'SELECT * FROM audit_log WHERE entity_type = ? AND entity_id = ? ORDER BY seq',
  )
    .all(entityType, entityId)
    .map((r) => ({
      seq: r.seq,
      actorId: r.actor_id,
      deskId: r.desk_id,
      occurredAt: r.occurred_at,
      hlc: r.hlc,
      entityType: r.entity_type,
      entityId: r.entity_id,
      action: r.action,
      before: r.before_json === null ? undefined : (JSON.parse(r.before_json) as unknown),
      after: r.after_json === null ? undefined : (JSON.parse(r.after_json) as unknown),
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
}
