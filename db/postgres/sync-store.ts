// The server's sync tables: the at-most-once mutation ledger, the entities mutations are re-run against, and
// the change log desks pull. Every write of a push happens under one transaction-scoped advisory lock, which
// serialises change writes: a change's seq is drawn and committed before the next writer can draw one, so a
// reader never sees seq N+1 committed while N is still in flight (the bigserial visibility race), and a pull
// after cursor C can never miss a change below a seq it has already seen.
import { SYNC_TABLES, type CanonicalRow, type RowWrite, type SyncTable } from '../../shared/app/sync-rows.js';
import type { AuditInput } from '../../shared/app/ports.js';
import { prepared, type Db, type Queryable } from './db.js';

/** Any fixed number shared by every server build: "sync writes" in pg_locks. */
export const SYNC_WRITE_LOCK_KEY = 4_242_000_002;

export async function lockSyncWrites(tx: Queryable): Promise<void> {
  await tx.query(prepared('SELECT pg_advisory_xact_lock($1)'), [SYNC_WRITE_LOCK_KEY]);
}

export interface StoredMutation {
  readonly mutationId: string;
  readonly userId: string;
  readonly status: 'accepted' | 'rejected';
  readonly result: { reason?: string; message?: string };
  readonly serverSeq: string | null;
}

export async function storedMutations(q: Queryable, ids: readonly string[]): Promise<Map<string, StoredMutation>> {
  const r = await q.query<{
    id: string;
    user_id: string;
    status: 'accepted' | 'rejected';
    result: string;
    seq: string | null;
  }>(
    prepared(`SELECT m.mutation_id::text AS id, m.user_id::text AS user_id, m.status, m.result::text AS result,
       (SELECT max(c.seq)::text FROM changes c WHERE c.mutation_id = m.mutation_id) AS seq
     FROM mutations m WHERE m.mutation_id = ANY($1::uuid[])`),
    [ids],
  );
  return new Map(
    r.rows.map((row) => [
      row.id,
      {
        mutationId: row.id,
        userId: row.user_id,
        status: row.status,
        result: JSON.parse(row.result) as StoredMutation['result'],
        serverSeq: row.seq,
      },
    ]),
  );
}

export interface EntityRow {
  readonly table: SyncTable;
  readonly id: string;
  readonly row: CanonicalRow;
  readonly teamId: string | null;
  readonly seq: string;
}

export async function loadEntities(q: Queryable, ids: readonly string[]): Promise<EntityRow[]> {
  if (ids.length === 0) return [];
  const r = await q.query<{ t: SyncTable; id: string; data: string; team: string | null; seq: string }>(
    prepared(`SELECT entity_type AS t, entity_id::text AS id, data::text AS data, team_id::text AS team, updated_seq::text AS seq
     FROM entities WHERE entity_id = ANY($1::uuid[])`),
    [ids],
  );
  return r.rows.map((x) => ({
    table: x.t,
    id: x.id,
    row: JSON.parse(x.data) as CanonicalRow,
    teamId: x.team,
    seq: x.seq,
  }));
}

export interface MutationMeta {
  readonly mutationId: string;
  readonly deskId: string;
  readonly userId: string;
  readonly useCase: string;
  readonly hlc: string;
  readonly receivedAt: string;
}

export async function recordRejection(
  q: Queryable,
  m: MutationMeta,
  result: { reason: string; message: string },
): Promise<void> {
  await q.query(
    prepared(`INSERT INTO mutations (mutation_id, desk_id, user_id, use_case, hlc, status, result, received_at)
     VALUES ($1, $2, $3, $4, $5, 'rejected', $6::text::jsonb, $7)`),
    [
      m.mutationId,
      m.deskId,
      m.userId,
      m.useCase,
      m.hlc,
      JSON.stringify({ status: 'rejected', ...result }),
      m.receivedAt,
    ],
  );
}

/**
 * Records an accepted mutation with its entity writes, their changes and its audit, in ONE statement (the
 * caller's transaction). Returns the seq of its last change.
 */
export async function recordAcceptance(
  q: Queryable,
  m: MutationMeta,
  writes: readonly RowWrite[],
  audit: readonly AuditInput[],
): Promise<string | null> {
  // One row per entity (the last write wins within a mutation), in the order they were written.
  const last = new Map<string, RowWrite>();
  for (const w of writes) {
    last.delete(`${w.table}:${w.id}`);
    last.set(`${w.table}:${w.id}`, w);
  }
  const ws = [...last.values()];
  const r = await q.query<{ seq: string | null }>(
    prepared(`WITH m AS (
       INSERT INTO mutations (mutation_id, desk_id, user_id, use_case, hlc, status, result, received_at)
       VALUES ($1, $2, $3, $4, $5, 'accepted', '{"status":"accepted"}'::jsonb, $6) RETURNING mutation_id),
     c AS (
       INSERT INTO changes (entity_type, entity_id, team_id, payload, hlc, mutation_id, created_at)
       SELECT t.et, t.eid, t.team, t.data::jsonb, $5, (SELECT mutation_id FROM m), $6
       FROM unnest($7::text[], $8::uuid[], $9::uuid[], $10::text[]) WITH ORDINALITY AS t(et, eid, team, data, ord)
       ORDER BY t.ord
       RETURNING seq, entity_type, entity_id, team_id, payload),
     e AS (
       INSERT INTO entities (entity_type, entity_id, data, version, team_id, hlc, updated_seq)
       SELECT entity_type, entity_id, payload, coalesce((payload->>'version')::int, 1), team_id, $5, seq FROM c
       ON CONFLICT (entity_type, entity_id) DO UPDATE SET data = excluded.data, version = excluded.version,
         team_id = excluded.team_id, hlc = excluded.hlc, updated_seq = excluded.updated_seq),
     a AS (
       INSERT INTO sync_audit (mutation_id, entry)
       SELECT (SELECT mutation_id FROM m), x::jsonb FROM unnest($11::text[]) AS x)
     SELECT max(seq)::text AS seq FROM c`),
    [
      m.mutationId,
      m.deskId,
      m.userId,
      m.useCase,
      m.hlc,
      m.receivedAt,
      ws.map((w) => w.table),
      ws.map((w) => w.id),
      ws.map((w) => w.teamId),
      ws.map((w) => JSON.stringify(w.row)),
      audit.map((a) => JSON.stringify(a)),
    ],
  );
  return r.rows[0]?.seq ?? null;
}

/** Who may see what: managers and administrators everything; everyone else their own team's cases. */
export type Visibility =
  | { readonly all: true }
  | {
      readonly all: false;
      readonly teamId: string | null;
      /**
       * The business areas the user owns: their post-resolution actions, and the cases those belong to, go
       * to them whatever the case's team (they update and close those actions from their own desk).
       */
      readonly areas?: readonly string[];
    };

export interface PulledChange {
  readonly seq: string;
  readonly entityType: SyncTable;
  readonly entityId: string;
  readonly data: CanonicalRow;
  readonly hlc: string;
}

interface PulledRows {
  readonly rows: readonly { seq: string; t: SyncTable; id: string; data: string; hlc: string }[];
  readonly hasMore: boolean;
  readonly scannedTo: string;
}

async function pullRows(q: Queryable, cursor: string, limit: number, visibility: Visibility): Promise<PulledRows> {
  // Read the head first and never look past it: everything up to it is committed (writes are serialised and
  // commit in seq order), so moving an empty page's cursor to it cannot skip a change committed meanwhile.
  const head = await q.query<{ seq: string | null }>('SELECT max(seq)::text AS seq FROM changes');
  const headSeq = head.rows[0]?.seq ?? '0';
  // Nothing committed after the cursor (most of a fleet's scheduled pulls): no page to look for.
  if (BigInt(headSeq) <= BigInt(cursor)) return { rows: [], hasMore: false, scannedTo: cursor };
  const params: unknown[] = [cursor, limit + 1, headSeq];
  let filter = '';
  if (!visibility.all) {
    params.push(visibility.teamId);
    // Letter templates are reference data every desk drafts from: they go to everyone.
    filter = "AND (c.team_id = $4 OR c.entity_type = 'letter_templates')";
    if (visibility.areas && visibility.areas.length > 0) {
      params.push(visibility.areas);
      // A business-area owner also gets their areas' actions and the cases they belong to (a case's row is
      // written again when an action is raised on it: sync-rows.ts putRemedyRow, so it is never behind).
      filter = `AND (c.team_id = $4 OR c.entity_type = 'letter_templates'
        OR (c.entity_type = 'post_resolution_actions' AND c.payload ->> 'business_area_key' = ANY($5::text[]))
        OR (c.entity_type = 'complaints' AND EXISTS (
          SELECT 1 FROM entities a WHERE a.entity_type = 'post_resolution_actions'
            AND a.data ->> 'complaint_id' = c.entity_id::text AND a.data ->> 'business_area_key' = ANY($5::text[]))))`;
    }
  }
  const r = await q.query<{ seq: string; t: SyncTable; id: string; data: string; hlc: string }>(
    // A change superseded by a later one of the same entity (up to the head) is left out: the later one is
    // still ahead of this cursor, so the desk gets the entity's latest row once (an initial sync transfers
    // each record once, not its whole history). Append-only rows are never superseded.
    `SELECT c.seq::text AS seq, c.entity_type AS t, c.entity_id::text AS id, c.payload::text AS data, c.hlc
     FROM changes c
     WHERE c.seq > $1::bigint AND c.seq <= $3::bigint ${filter}
       AND NOT EXISTS (SELECT 1 FROM entities e WHERE e.entity_type = c.entity_type AND e.entity_id = c.entity_id
                       AND e.updated_seq > c.seq AND e.updated_seq <= $3::bigint)
     ORDER BY c.seq LIMIT $2`,
    params,
  );
  const hasMore = r.rows.length > limit;
  const rows = hasMore ? r.rows.slice(0, limit) : r.rows;
  // A full page ends at its last change; the last page ends at the head, past what this user cannot see.
  const lastSeq = rows[rows.length - 1]?.seq ?? cursor;
  const scannedTo = hasMore ? lastSeq : BigInt(headSeq) > BigInt(cursor) ? headSeq : cursor;
  return { rows, hasMore, scannedTo };
}

export async function pullChanges(
  q: Queryable,
  cursor: string,
  limit: number,
  visibility: Visibility,
): Promise<{ changes: PulledChange[]; hasMore: boolean; scannedTo: string }> {
  const { rows, hasMore, scannedTo } = await pullRows(q, cursor, limit, visibility);
  return {
    changes: rows.map((x) => ({
      seq: x.seq,
      entityType: x.t,
      entityId: x.id,
      data: JSON.parse(x.data) as CanonicalRow,
      hlc: x.hlc,
    })),
    hasMore,
    scannedTo,
  };
}

/**
 * The same page with its changes already serialised as a JSON array: each row goes out as PostgreSQL's own
 * JSON text of the stored payload, never parsed and re-serialised (most of the server's work in a large
 * initial sync was exactly that).
 */
export async function pullChangesJson(
  q: Queryable,
  cursor: string,
  limit: number,
  visibility: Visibility,
): Promise<{ changesJson: string; count: number; hasMore: boolean; scannedTo: string }> {
  const { rows, hasMore, scannedTo } = await pullRows(q, cursor, limit, visibility);
  const parts = rows.map(
    (x) =>
      `{"seq":"${x.seq}","entityType":${JSON.stringify(x.t)},"entityId":"${x.id}","data":${x.data},"hlc":${JSON.stringify(x.hlc)}}`,
  );
  return { changesJson: `[${parts.join(',')}]`, count: rows.length, hasMore, scannedTo };
}

export async function headSeq(db: Db): Promise<string> {
  const r = await db.query<{ seq: string | null }>('SELECT max(seq)::text AS seq FROM changes');
  return r.rows[0]?.seq ?? '0';
}

export interface SnapshotPage {
  readonly head: string;
  /** The page's tables as a JSON array of { entityType, rows }, the rows being the stored JSON text. */
  readonly tablesJson: string;
  readonly count: number;
  readonly last: string | null;
  readonly hasMore: boolean;
  readonly maxHlc: string | null;
}

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * One page of a desk's bootstrap: the latest row of every record the user may see that no change after `head`
 * touched, after the record id `after`, in id order (the unique index on entity_id), at most `limit`.
 * PostgreSQL groups the page by table and writes each table's rows as one JSON text, so the server only
 * passes text on (the change-log pull parses and re-joins every row). A record changed after `head` is left
 * out: its latest change is after the head, so the desk's pull from `head` brings it.
 */
export async function snapshotPage(
  q: Queryable,
  head: string,
  after: string | undefined,
  limit: number,
  visibility: Visibility,
): Promise<SnapshotPage> {
  const params: unknown[] = [after ?? NIL_UUID, head, limit];
  let filter = '';
  if (!visibility.all) {
    params.push(visibility.teamId);
    filter = "AND (e.team_id = $4 OR e.entity_type = 'letter_templates')";
    if (visibility.areas && visibility.areas.length > 0) {
      params.push(visibility.areas);
      // As in the pull (pullRows): a business-area owner also gets their areas' actions and those cases.
      filter = `AND (e.team_id = $4 OR e.entity_type = 'letter_templates'
        OR (e.entity_type = 'post_resolution_actions' AND e.data ->> 'business_area_key' = ANY($5::text[]))
        OR (e.entity_type = 'complaints' AND EXISTS (
          SELECT 1 FROM entities a WHERE a.entity_type = 'post_resolution_actions'
            AND a.data ->> 'complaint_id' = e.entity_id::text AND a.data ->> 'business_area_key' = ANY($5::text[]))))`;
    }
  }
  // One pass over the page in id order, each table's rows gathered by its own FILTERed aggregate: grouping
  // by table sorted the page (a spill to disk at 10,000 rows) and then sorted the tables' texts again. The
  // aggregates take the rows in the subquery's order (the desk checks the order of every page it takes).
  const aggregates = SYNC_TABLES.map(
    (t, i) => `string_agg(data::text, ',') FILTER (WHERE entity_type = '${t}') AS t${i}`,
  ).join(', ');
  const r = await q.query<Record<string, string | number | null>>(
    `SELECT count(*)::int AS n, max(entity_id::text COLLATE "C") AS last, max(hlc COLLATE "C") AS hlc, ${aggregates}
     FROM (SELECT e.entity_type, e.entity_id, e.data, e.hlc FROM entities e
           WHERE e.entity_id > $1::uuid AND e.updated_seq <= $2::bigint ${filter}
           ORDER BY e.entity_id LIMIT $3) AS page`,
    params,
  );
  const row = r.rows[0] ?? {};
  const count = Number(row.n ?? 0);
  const last = typeof row.last === 'string' ? row.last : null;
  const maxHlc = typeof row.hlc === 'string' ? row.hlc : null;
  const tables: string[] = [];
  SYNC_TABLES.forEach((t, i) => {
    const rows = row[`t${i}`];
    if (typeof rows === 'string') tables.push(`{"entityType":${JSON.stringify(t)},"rows":[${rows}]}`);
  });
  return { head, tablesJson: `[${tables.join(',')}]`, count, last, hasMore: count === limit, maxHlc };
}
