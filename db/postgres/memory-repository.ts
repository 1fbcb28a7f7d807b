// The server's DeskRepository: the rows a mutation names, prefetched from PostgreSQL into memory, under the
// pure RowStore of shared/app/sync-rows.ts. Use cases are synchronous; PostgreSQL is not: so the reads happen
// before the use case runs and its buffered writes are persisted after it returns (sync-store.ts).
import type { ReferenceKind } from '../../shared/app/ports.js';
import type { Region } from '../../shared/domain/calendar/bank-holidays.js';
import type { BusinessAreaRecord } from '../../shared/app/remedy-ports.js';
import { RowUnitOfWork, rowKey, type CanonicalRow, type SyncTable } from '../../shared/app/sync-rows.js';
import { prepared, type Queryable } from './db.js';
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

/** The reference keys at the top level of a mutation's input (update-complaint-details, log-contact). */
function keysNamedIn(input: unknown, field: string): string[] {
  if (typeof input !== 'object' || input === null) return [];
  const v = (input as Record<string, unknown>)[field];
  return typeof v === 'string' ? [v] : [];
}

export async function prefetchForMutation(
  q: Queryable,
  input: unknown,
  newIds: readonly string[],
  organisationId: string,
  region: (propertyId: string) => Region | null = () => null,
): Promise<Prefetched> {
  const named = idsNamedIn(input);
  const categories = keysNamedIn(input, 'categoryKey');
  const areaKeys = keysNamedIn(input, 'businessAreaKey');
  // One round trip for the entities, users and reference data the mutation names (and the ids it would create).
  const found: EntityRow[] = [];
  const users = new Set<string>();
  const references = new Set<string>();
  const wanted = [...new Set([...named, ...newIds])];
  if (wanted.length + categories.length + areaKeys.length > 0) {
    const r = await q.query<{
      k: 'e' | 'u' | ReferenceKind;
      t: SyncTable | null;
      id: string;
      data: string | null;
      seq: string | null;
    }>(
      prepared(`SELECT 'e' AS k, entity_type AS t, entity_id::text AS id, data::text AS data, updated_seq::text AS seq
       FROM entities WHERE entity_id = ANY($1::uuid[])
       UNION ALL
       SELECT 'u', NULL, id::text, NULL, NULL FROM users WHERE id = ANY($2::uuid[]) AND active
       UNION ALL
       SELECT 'team', NULL, id::text, NULL, NULL FROM teams WHERE organisation_id = $3 AND id = ANY($2::uuid[])
       UNION ALL
       SELECT 'category', NULL, key, NULL, NULL FROM categories WHERE organisation_id = $3 AND key = ANY($4::text[])
       UNION ALL
       SELECT 'business-area', NULL, key, NULL, NULL FROM business_areas
       WHERE organisation_id = $3 AND key = ANY($5::text[])`),
      [wanted, named, organisationId, categories, areaKeys],
    );
    for (const x of r.rows) {
      if (x.k === 'u') users.add(x.id);
      else if (x.k === 'e') {
        if (x.t && x.data !== null) {
          found.push({
            table: x.t,
            id: x.id,
            row: JSON.parse(x.data) as CanonicalRow,
            teamId: null,
            seq: x.seq ?? '0',
          });
        }
      } else references.add(`${x.k}:${x.id}`);
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
  await prefetchLetterRows(q, input, rows, users);
  const areas = await prefetchBusinessAreas(q, input, rows);
  const newSet = new Set(newIds);
  return {
    uow: new RowUnitOfWork(rows, {
      userExists: (id) => users.has(id),
      personExists: (id) => rows.has(rowKey('people', id)),
      referenceExists: (kind, key) => references.has(`${kind}:${key}`),
      regionForProperty: region,
      businessArea: (key) => areas.get(key) ?? null,
    }),
    collisions: found.filter((e) => newSet.has(e.id)).map((e) => e.id),
  };
}

/**
 * What the letter and calibration use cases (shared/app/letter-use-cases.ts) read besides the rows their input
 * names: a letter's complaint and its versions, the templates of a kind, a week's draw, and the letters and
 * Team Leaders of a calibration population.
 */
async function prefetchLetterRows(
  q: Queryable,
  input: unknown,
  rows: Map<string, CanonicalRow>,
  users: Set<string>,
): Promise<void> {
  if (typeof input !== 'object' || input === null) return;
  const i = input as Record<string, unknown>;
  const ids = new Set<string>();
  const letters = [...rows.entries()].filter(([k]) => k.startsWith('letters:')).map(([, r]) => r);
  for (const l of letters) if (typeof l.complaint_id === 'string') ids.add(l.complaint_id);
  const population = Array.isArray(i.population)
    ? (i.population as { teamLeaderId?: unknown; letterIds?: unknown }[])
    : [];
  const leaders = population
    .map((p) => p.teamLeaderId)
    .filter((x): x is string => typeof x === 'string' && UUID.test(x));
  for (const p of population) {
    if (Array.isArray(p.letterIds)) for (const l of p.letterIds) if (typeof l === 'string' && UUID.test(l)) ids.add(l);
  }
  for (const [k, r] of rows)
    if (k.startsWith('calibration_items:') && typeof r.letter_id === 'string') ids.add(r.letter_id);
  const have = (id: string) => [...rows.keys()].some((k) => k.endsWith(`:${id}`));
  for (const e of await loadEntities(
    q,
    [...ids].filter((id) => !have(id)),
  ))
    rows.set(rowKey(e.table, e.id), e.row);
  // The complaints of the letters just loaded: a calibration item is seen by its letter's team.
  const complaints = [...rows.entries()]
    .filter(([k, r]) => k.startsWith('letters:') && typeof r.complaint_id === 'string' && !have(String(r.complaint_id)))
    .map(([, r]) => String(r.complaint_id));
  for (const e of await loadEntities(q, complaints)) rows.set(rowKey(e.table, e.id), e.row);
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (letters.length > 0) {
    params.push(letters.map((l) => String(l.id)));
    clauses.push(`(entity_type = 'letter_versions' AND data ->> 'letter_id' = ANY($${params.length}::text[]))`);
  }
  if (typeof i.kind === 'string') {
    params.push(i.kind);
    clauses.push(`(entity_type = 'letter_templates' AND data ->> 'kind' = $${params.length})`);
  }
  if (typeof i.weekStart === 'string') {
    params.push(i.weekStart);
    clauses.push(`(entity_type = 'calibration_draws' AND data ->> 'week_start' = $${params.length})`);
  }
  if (clauses.length > 0) {
    const r = await q.query<{ t: SyncTable; id: string; data: string }>(
      `SELECT entity_type AS t, entity_id::text AS id, data::text AS data FROM entities WHERE ${clauses.join(' OR ')}`,
      params,
    );
    for (const x of r.rows) rows.set(rowKey(x.t, x.id), JSON.parse(x.data) as CanonicalRow);
  }
  if (leaders.length > 0) {
    const r = await q.query<{ id: string }>('SELECT id::text FROM users WHERE id = ANY($1::uuid[]) AND active', [
      leaders,
    ]);
    for (const x of r.rows) users.add(x.id);
  }
}

/**
 * The business areas a remedy use case reads (remedy-use-cases.ts): the one a new action is for, and the
 * area of the action a step names, with its owner (who may update that area's actions).
 */
async function prefetchBusinessAreas(
  q: Queryable,
  input: unknown,
  rows: Map<string, CanonicalRow>,
): Promise<Map<string, BusinessAreaRecord>> {
  const keys = new Set<string>();
  if (typeof input === 'object' && input !== null) {
    const key = (input as Record<string, unknown>).businessAreaKey;
    if (typeof key === 'string') keys.add(key.trim());
  }
  for (const [k, r] of rows) {
    if (k.startsWith('post_resolution_actions:') && typeof r.business_area_key === 'string') {
      keys.add(r.business_area_key);
    }
  }
  const out = new Map<string, BusinessAreaRecord>();
  if (keys.size === 0) return out;
  // One organisation per server database (entities carry none), as for the other reference lookups here.
  const r = await q.query<{ key: string; name: string; owner: string | null }>(
    'SELECT key, name, owner_user_id::text AS owner FROM business_areas WHERE key = ANY($1::text[]) AND active',
    [[...keys]],
  );
  for (const a of r.rows) out.set(a.key, { key: a.key, name: a.name, ownerUserId: a.owner });
  return out;
}
