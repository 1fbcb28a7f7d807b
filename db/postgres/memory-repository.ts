// The server's DeskRepository: the rows a mutation names, prefetched from PostgreSQL into memory, under the
// pure RowStore of shared/app/sync-rows.ts. Use cases are synchronous; PostgreSQL is not: so the reads happen
// before the use case runs and its buffered writes are persisted after it returns (sync-store.ts).
import type { Region } from '../../shared/domain/calendar/bank-holidays.js';
import { RowUnitOfWork, rowKey, type CanonicalRow, type SyncTable } from '../../shared/app/sync-rows.js';
import type { Queryable } from './db.js';
import { loadEntities, type EntityRow } from './sync-store.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Every uuid-looking string at the top level of a mutation's input: the ids the use case may read. */
export function idsNamedIn(input: unknown): string[] {
  if (typeof input !== 'object' || input === null) return [];
  return Object.values(input as Record<string, unknown>).filter(
    (v): v is string => typeof v === 'string' && UUID.test(v),
  );
}

export interface Prefetched {
  readonly uow: RowUnitOfWork;
  /** Ids the mutation would create that already exist on the server. */
  readonly collisions: string[];
}

export async function prefetchForMutation(
  q: Queryable,
  input: unknown,
  newIds: readonly string[],
  region: (propertyId: string) => Region | null = () => null,
): Promise<Prefetched> {
  const named = idsNamedIn(input);
  // One round trip for the entities and users the mutation names (and the ids it would create).
  const found: EntityRow[] = [];
  const users = new Set<string>();
  const wanted = [...new Set([...named, ...newIds])];
  if (wanted.length > 0) {
    const r = await q.query<{ k: 'e' | 'u'; t: SyncTable | null; id: string; data: string | null; seq: string | null }>(
      `SELECT 'e' AS k, entity_type AS t, entity_id::text AS id, data::text AS data, updated_seq::text AS seq
       FROM entities WHERE entity_id = ANY($1::uuid[])
       UNION ALL
       SELECT 'u', NULL, id::text, NULL, NULL FROM users WHERE id = ANY($2::uuid[]) AND active`,
      [wanted, named],
    );
    for (const x of r.rows) {
      if (x.k === 'u') users.add(x.id);
      else if (x.t && x.data !== null) {
        found.push({ table: x.t, id: x.id, row: JSON.parse(x.data) as CanonicalRow, teamId: null, seq: x.seq ?? '0' });
      }
    }
  }
  const rows = new Map<string, CanonicalRow>();
  for (const e of found) rows.set(rowKey(e.table, e.id), e.row);
  // A contact's representation answers "what authorisation does this contact have".
  const reps = found
    .filter((e) => e.table === 'contacts' && typeof e.row.representation_id === 'string')
    .map((e) => String(e.row.representation_id))
    .filter((id) => !rows.has(rowKey('representations', id)));
  for (const e of await loadEntities(q, reps)) rows.set(rowKey(e.table, e.id), e.row);
  const newSet = new Set(newIds);
  return {
    uow: new RowUnitOfWork(rows, {
      userExists: (id) => users.has(id),
      personExists: (id) => rows.has(rowKey('people', id)),
      regionForProperty: region,
    }),
    collisions: found.filter((e) => newSet.has(e.id)).map((e) => e.id),
  };
}
