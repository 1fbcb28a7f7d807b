// The search index for a pulled page, built in bulk: the page's rows are written with the search triggers
// off, then the documents of every searchable row the page touched are (re)built with one statement per step,
// inside the page's transaction. Indexing row by row through the triggers was a third of the desk's CPU time
// in an initial sync; the same documents built in bulk cost about a sixth of that.
//
// The documents are exactly the triggers' own (their VALUES lists are read from the schema, as
// rebuildSearchIndex does), new documents are numbered in the page's order (the order the triggers would
// have numbered them), and cases and contacts naming a person the page wrote are re-indexed as well (what the
// rename trigger does, and also right when a person arrives after a case that names them).
import type Database from 'better-sqlite3';

type Db = Database.Database;

/** The synced tables the search index covers, by search entity. */
const SEARCHABLE = { person: 'people', contact: 'contacts', complaint: 'complaints', note: 'notes' } as const;
type Entity = keyof typeof SEARCHABLE;
const ENTITY_OF_TABLE: ReadonlyMap<string, Entity> = new Map(
  (Object.entries(SEARCHABLE) as [Entity, string][]).map(([e, t]) => [t, e]),
);

const FTS_INSERT = 'INSERT INTO search_fts (rowid, reference, names, address, contact, body)';

/** The VALUES expressions of a search insert trigger with NEW.x rewritten to x.x (see search-index.ts). */
function documentExpressions(sql: string, entity: string): string {
  const start = sql.indexOf(FTS_INSERT);
  const values = sql.indexOf('VALUES', start);
  const end = sql.lastIndexOf(');');
  if (start < 0 || values < 0 || end < values) throw new Error(`unexpected shape of search_${entity}_insert`);
  return sql
    .slice(values + 'VALUES'.length, end + 1)
    .trim()
    .replace(/\bNEW\./g, 'x.')
    .replace(/^\(/, '')
    .replace(/\)$/, '');
}

interface Triggers {
  readonly list: readonly { name: string; sql: string }[];
  readonly documents: string;
}

const triggersCache = new WeakMap<Db, Triggers>();

/** The search triggers of the synced tables (all but the delete ones, which a page never fires). */
function triggersOf(db: Db): Triggers {
  const cached = triggersCache.get(db);
  if (cached) return cached;
  const tables = Object.values(SEARCHABLE);
  const list = db
    .prepare(
      `SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'search\\_%' ESCAPE '\\'
         AND name NOT LIKE '%\\_delete' ESCAPE '\\' AND tbl_name IN (SELECT value FROM json_each(?)) ORDER BY name`,
    )
    .all(JSON.stringify(tables)) as { name: string; sql: string }[];
  const sqlOf = (entity: Entity) => {
    const t = list.find((x) => x.name === `search_${entity}_insert`);
    if (!t) throw new Error(`search trigger search_${entity}_insert is missing`);
    return t.sql;
  };
  // One statement for every kind, in document order: FTS5 flushes its buffer when rowids go backwards.
  const documents = `${FTS_INSERT} SELECT * FROM (${(Object.entries(SEARCHABLE) as [Entity, string][])
    .map(
      ([entity, table]) =>
        `SELECT ${documentExpressions(sqlOf(entity), entity)} FROM search_docs AS d JOIN ${table} AS x ON x.id = d.entity_id
         WHERE d.entity_type = '${entity}' AND d.entity_id IN (SELECT value ->> 1 FROM json_each(@touched) WHERE value ->> 0 = '${entity}')`,
    )
    .join(' UNION ALL ')}) ORDER BY 1`;
  const t = { list, documents };
  triggersCache.set(db, t);
  return t;
}

/** Collects the searchable rows a page writes, in the order it writes them. */
export class TouchedRows {
  private readonly seen = new Set<string>();
  readonly rows: [Entity, string][] = [];
  readonly people: string[] = [];
  add(table: string, id: string): void {
    const entity = ENTITY_OF_TABLE.get(table);
    if (!entity || this.seen.has(`${entity}:${id}`)) return;
    this.seen.add(`${entity}:${id}`);
    this.rows.push([entity, id]);
    if (entity === 'person') this.people.push(id);
  }
}

/**
 * Runs `write` (which reports each row it writes to the TouchedRows) with the search triggers off, puts them
 * back and indexes the touched rows. Must run inside the caller's transaction: the triggers' absence is never
 * visible outside it, and a failure rolls the whole page back, triggers included.
 */
export function withSearchIndexedInBulk<T>(db: Db, write: (touched: TouchedRows) => T): T {
  if (!db.inTransaction) throw new Error('withSearchIndexedInBulk must run inside a transaction');
  const triggers = triggersOf(db);
  const touched = new TouchedRows();
  for (const t of triggers.list) db.exec(`DROP TRIGGER ${t.name}`);
  const result = write(touched);
  for (const t of triggers.list) db.exec(t.sql);
  if (touched.rows.length === 0) return result;
  // Cases and contacts that name a person the page wrote carry that person's names in their documents.
  if (touched.people.length > 0) {
    const people = JSON.stringify(touched.people);
    // group_id has no index: it is only looked up when the page wrote a group (residents never head one), or
    // every page would scan every case and contact.
    const groups = db
      .prepare(`SELECT id FROM people WHERE id IN (SELECT value FROM json_each(?)) AND kind <> 'resident'`)
      .pluck()
      .all(people);
    for (const table of ['complaints', 'contacts'] as const) {
      const ids = db
        .prepare(`SELECT id FROM ${table} WHERE person_id IN (SELECT value FROM json_each(?))`)
        .pluck()
        .all(people) as string[];
      if (groups.length > 0) {
        ids.push(
          ...(db
            .prepare(`SELECT id FROM ${table} WHERE group_id IN (SELECT value FROM json_each(?))`)
            .pluck()
            .all(JSON.stringify(groups)) as string[]),
        );
      }
      for (const id of ids) touched.add(table, id);
    }
  }
  const list = JSON.stringify(touched.rows);
  const existing = db
    .prepare(
      `SELECT d.doc_id FROM json_each(?) AS j
       JOIN search_docs AS d ON d.entity_type = j.value ->> 0 AND d.entity_id = j.value ->> 1`,
    )
    .pluck()
    .all(list) as number[];
  // One by rowid: FTS5 looks a rowid up directly, where an IN over a subquery could scan the index.
  const remove = db.prepare('DELETE FROM search_fts WHERE rowid = ?');
  for (const docId of existing) remove.run(docId);
  db.prepare(
    `INSERT INTO search_docs (entity_type, entity_id)
     SELECT j.value ->> 0, j.value ->> 1 FROM json_each(?) AS j
     WHERE NOT EXISTS (SELECT 1 FROM search_docs AS d WHERE d.entity_type = j.value ->> 0 AND d.entity_id = j.value ->> 1)
     ORDER BY j.key`,
  ).run(list);
  db.prepare(triggers.documents).run({ touched: list });
  return result;
}
