// The sync outbox and the desk's clock state. An outbox entry is written in the same transaction as the
// change it describes, so a change is never committed without being queued for the server, nor queued
// without being committed.
import type Database from 'better-sqlite3';
import { assertInTransaction, stmt } from './statements.js';

export interface OutboxInput {
  /** UUIDv7: the server deduplicates by it, so a resend after a lost acknowledgement is harmless. */
  readonly mutationId: string;
  readonly useCase: string;
  readonly payload: unknown;
  readonly hlc: string;
  readonly actorId: string;
  readonly createdAt: string;
}

export interface OutboxEntry extends OutboxInput {
  readonly seq: number;
  readonly status: 'pending' | 'sending' | 'accepted' | 'rejected';
  readonly attempts: number;
}

export function enqueueOutbox(db: Database.Database, m: OutboxInput): number {
  assertInTransaction(db, 'enqueueOutbox');
  const r = stmt(
    db,
    `INSERT INTO outbox (mutation_id, use_case, payload_json, hlc, actor_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(m.mutationId, m.useCase, JSON.stringify(m.payload), m.hlc, m.actorId, m.createdAt);
  return Number(r.lastInsertRowid);
}

interface OutboxRow {
  seq: number;
  mutation_id: string;
  use_case: string;
  payload_json: string;
  hlc: string;
  actor_id: string;
  created_at: string;
  status: OutboxEntry['status'];
  attempts: number;
}

/** The oldest unsent mutations, in commit order. */
export function pendingOutbox(db: Database.Database, limit = 100): OutboxEntry[] {
  return stmt<[number], OutboxRow>(
    db,
    `SELECT * FROM outbox WHERE status IN ('pending', 'sending') ORDER BY seq LIMIT ?`,
  )
    .all(limit)
    .map((r) => ({
      seq: r.seq,
      mutationId: r.mutation_id,
      useCase: r.use_case,
      payload: JSON.parse(r.payload_json) as unknown,
      hlc: r.hlc,
      actorId: r.actor_id,
      createdAt: r.created_at,
      status: r.status,
      attempts: r.attempts,
    }));
}

export function countPendingOutbox(db: Database.Database): number {
  return (
    stmt<[], { n: number }>(db, `SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sending')`).get()?.n ?? 0
  );
}

/** Records the server's answer. A rejection never blocks the queue: the entry is kept for a person to see. */
export function settleOutbox(
  db: Database.Database,
  mutationId: string,
  outcome: { status: 'accepted' } | { status: 'rejected'; error: string },
  at: string,
): void {
  stmt(
    db,
    `UPDATE outbox SET status = ?, last_error = ?, acknowledged_at = ?, attempts = attempts + 1 WHERE mutation_id = ?`,
  ).run(outcome.status, outcome.status === 'rejected' ? outcome.error : null, at, mutationId);
}

/** The last HLC this desk issued (encoded), restored at start so the clock never runs backwards. */
export function loadLastHlc(db: Database.Database): string | null {
  return (
    stmt<[], { last_hlc: string | null }>(db, 'SELECT last_hlc FROM sync_state WHERE singleton = 1').get()?.last_hlc ??
    null
  );
}

/** Only ever moves forward (encoded HLCs sort as text). */
export function saveLastHlc(db: Database.Database, encoded: string): void {
  stmt(db, 'UPDATE sync_state SET last_hlc = @hlc WHERE singleton = 1 AND (last_hlc IS NULL OR last_hlc < @hlc)').run({
    hlc: encoded,
  });
}
