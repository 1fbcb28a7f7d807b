// Rebuilding the search index in bulk. The document text is defined once, by the insert triggers of
// 0003_search.sql; this reads those triggers back from the schema and runs each as one INSERT … SELECT over
// its table, so a rebuild always produces exactly what the triggers would have. One statement per entity
// type matters: FTS5 flushes its buffer at every statement savepoint, which a trigger-per-row load hits
// for every row (about 3x slower, with a fragmented index).
import type Database from 'better-sqlite3';

export const SEARCH_ENTITIES = {
  person: 'people',
  property: 'properties',
  complaint: 'complaints',
  contact: 'contacts',
  note: 'notes',
} as const;
export type SearchEntity = keyof typeof SEARCH_ENTITIES;

const FTS_INSERT = 'INSERT INTO search_fts (rowid, reference, names, address, contact, body)';
const REBUILD_SLICE = 50_000;

/** The VALUES expression list of a search insert trigger, with NEW.x rewritten to alias.x. */
function documentExpressions(db: Database.Database, entity: SearchEntity, alias: string): string {
  const row = db
    .prepare("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?")
    .get(`search_${entity}_insert`) as { sql: string } | undefined;
  if (!row) throw new Error(`search trigger for ${entity} is missing`);
  const start = row.sql.indexOf(FTS_INSERT);
  const values = row.sql.indexOf('VALUES', start);
  const end = row.sql.lastIndexOf(');');
  if (start < 0 || values < 0 || end < values) throw new Error(`unexpected shape of search_${entity}_insert`);
  const list = row.sql.slice(values + 'VALUES'.length, end + 1).trim();
  return list
    .replace(/\bNEW\./g, `${alias}.`)
    .replace(/^\(/, '')
    .replace(/\)$/, '');
}

/** Drops and rebuilds the whole index (a repair, or after a bulk load with the triggers off). */
export function rebuildSearchIndex(db: Database.Database): { documents: number } {
  const run = db.transaction(() => {
    db.exec("INSERT INTO search_fts (search_fts) VALUES ('delete-all'); DELETE FROM search_docs;");
    const entities = Object.entries(SEARCH_ENTITIES) as [SearchEntity, string][];
    // Documents are numbered in id order across every kind: ids are UUIDv7, so that is creation order, the
    // same order the triggers number them in live use (search ranks the newest matches of a common term).
    const all = entities.map(([e, t]) => `SELECT '${e}' AS entity_type, id FROM ${t}`).join(' UNION ALL ');
    db.prepare(
      `INSERT INTO search_docs (entity_type, entity_id) SELECT entity_type, id FROM (${all}) ORDER BY id, entity_type`,
    ).run();
    // FTS5 flushes its buffer whenever a rowid arrives out of order, so documents go in in doc_id order, a
    // slice at a time (each slice sorted in memory) across every kind.
    const slice = db.prepare(
      `${FTS_INSERT} SELECT * FROM (${entities
        .map(
          ([entity, table]) =>
            `SELECT ${documentExpressions(db, entity, 'x')} FROM search_docs AS d JOIN ${table} AS x ON x.id = d.entity_id
             WHERE d.entity_type = '${entity}' AND d.doc_id BETWEEN @from AND @to`,
        )
        .join(' UNION ALL ')}) ORDER BY 1`,
    );
    const last = (db.prepare('SELECT max(doc_id) AS n FROM search_docs').get() as { n: number | null }).n ?? 0;
    for (let from = 1; from <= last; from += REBUILD_SLICE) slice.run({ from, to: from + REBUILD_SLICE - 1 });
    db.exec("INSERT INTO search_fts (search_fts) VALUES ('optimize')");
    return (db.prepare('SELECT count(*) AS n FROM search_docs').get() as { n: number }).n;
  });
  return { documents: run.immediate() };
}

/**
 * Runs a bulk load with the per-row search insert triggers off, then rebuilds the index in bulk and puts the
 * triggers back (all in the caller's hands: use it only for loads, e.g. the benchmark store or an import).
 */
export function withSearchTriggersOff<T>(db: Database.Database, load: () => T): T {
  const triggers = Object.keys(SEARCH_ENTITIES).map((e) => {
    const name = `search_${e}_insert`;
    const row = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?").get(name) as
      { sql: string } | undefined;
    if (!row) throw new Error(`search trigger ${name} is missing`);
    return { name, sql: row.sql };
  });
  for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
  try {
    return load();
  } finally {
    for (const t of triggers) db.exec(t.sql);
    rebuildSearchIndex(db);
  }
}
