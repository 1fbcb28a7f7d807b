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

/**
 * Empties the index and registers every record as a document (search_docs), numbered in id order across every
 * kind: ids are UUIDv7, so that is creation order, the same order the triggers number them in live use (search
 * ranks the newest matches of a common term). The caller's transaction.
 */
function registerAllDocuments(db: Database.Database): number {
  db.exec("INSERT INTO search_fts (search_fts) VALUES ('delete-all'); DELETE FROM search_docs;");
  const all = entityTables()
    .map(([e, t]) => `SELECT '${e}' AS entity_type, id FROM ${t}`)
    .join(' UNION ALL ');
  return db
    .prepare(
      `INSERT INTO search_docs (entity_type, entity_id) SELECT entity_type, id FROM (${all}) ORDER BY id, entity_type`,
    )
    .run().changes;
}

function entityTables(): [SearchEntity, string][] {
  return Object.entries(SEARCH_ENTITIES) as [SearchEntity, string][];
}

/**
 * The statement that indexes the documents numbered @from to @to, in doc_id order (FTS5 flushes its buffer
 * whenever a rowid arrives out of order, so each run sorts its slice in memory across every kind). With
 * `pendingOnly`, a document the full-text index already holds is left out (see indexPendingDocuments).
 */
function sliceStatement(db: Database.Database, pendingOnly: boolean): Database.Statement<{ from: number; to: number }> {
  const pending = pendingOnly ? ` AND NOT EXISTS (SELECT 1 FROM ${DOCSIZE} AS s WHERE s.id = d.doc_id)` : '';
  return db.prepare(
    `${FTS_INSERT} SELECT * FROM (${entityTables()
      .map(
        ([entity, table]) =>
          `SELECT ${documentExpressions(db, entity, 'x')} FROM search_docs AS d JOIN ${table} AS x ON x.id = d.entity_id
           WHERE d.entity_type = '${entity}' AND d.doc_id BETWEEN @from AND @to${pending}`,
      )
      .join(' UNION ALL ')}) ORDER BY 1`,
  );
}

/** Drops and rebuilds the whole index (a repair, or after a bulk load with the triggers off). */
export function rebuildSearchIndex(db: Database.Database): { documents: number } {
  const run = db.transaction(() => {
    registerAllDocuments(db);
    const slice = sliceStatement(db, false);
    const last = (db.prepare('SELECT max(doc_id) AS n FROM search_docs').get() as { n: number | null }).n ?? 0;
    for (let from = 1; from <= last; from += REBUILD_SLICE) slice.run({ from, to: from + REBUILD_SLICE - 1 });
    db.exec("INSERT INTO search_fts (search_fts) VALUES ('optimize')");
    endSearchIndexBuild(db);
    return (db.prepare('SELECT count(*) AS n FROM search_docs').get() as { n: number }).n;
  });
  return { documents: run.immediate() };
}

// ---- the index built in the background (after a desk's first sync) ----
//
// A document is "pending" while search_docs numbers it but the full-text index does not hold it yet. FTS5 keeps
// one row per indexed rowid in its docsize shadow table (present unless the table is declared columnsize=0,
// which 0003_search.sql does not), so that table says, document by document, what is indexed: no marker of our
// own to keep in step with the triggers. Live writes stay correct while documents are pending: an insert
// numbers and indexes its new document; an update deletes the document's rowid (nothing to delete yet: a
// no-op for contentless_delete) and indexes it, which makes it indexed, so the build leaves it alone; a delete
// removes its number. A document is therefore never indexed twice and never left out, whatever the order.

/** FTS5's shadow table of search_fts with one row per indexed document (its rowid as id). */
const DOCSIZE = 'search_fts_docsize';

/**
 * Registers every record as a search document and empties the full-text index, leaving the text to be indexed
 * by indexPendingDocuments (a SearchIndexBuilder). For the end of a desk's first sync: registering costs a
 * fraction of indexing, and with every document numbered the triggers stay exact for live writes meanwhile.
 * Runs in the caller's transaction.
 */
export function registerSearchDocuments(db: Database.Database): { documents: number } {
  if (!db.inTransaction) throw new Error('registerSearchDocuments must run inside a transaction');
  const documents = registerAllDocuments(db);
  db.prepare(
    `INSERT INTO desk_settings (key, value, updated_by, updated_at)
     VALUES (?, 'pending', 'desk', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(BUILD_KEY);
  return { documents };
}

/**
 * The desk's note that a background build is under way (desk_settings, 0009: the desk's own key-value table),
 * set with the documents' registration and cleared once the index is complete and merged. Without it nothing
 * is pending and nothing has to be counted: the two counts are about 80 ms on a 1,000,000-contact desk (1.9
 * million documents) with the file cached, seconds without, which a desk's start and its first search would pay.
 */
const BUILD_KEY = 'search_index_build';

/** Whether a background build was started and has not yet been completed and merged (one key look-up). */
export function searchIndexBuildPending(db: Database.Database): boolean {
  return db.prepare('SELECT 1 FROM desk_settings WHERE key = ?').get(BUILD_KEY) !== undefined;
}

/** Marks the background build done (the index complete and its segments merged). */
export function endSearchIndexBuild(db: Database.Database): void {
  db.prepare('DELETE FROM desk_settings WHERE key = ?').run(BUILD_KEY);
}

export interface SearchIndexProgress {
  /** Documents in the full-text index. */
  readonly done: number;
  /** Documents registered (search_docs). */
  readonly total: number;
}

/**
 * What the full-text index holds against what it should: null when it holds every document. Nothing to count
 * unless a background build is under way (searchIndexBuildPending); then two counts: the indexed documents are
 * a subset of the registered ones, since every path that indexes a document numbers it first.
 */
export function searchIndexProgress(db: Database.Database): SearchIndexProgress | null {
  if (!searchIndexBuildPending(db)) return null;
  const r = db
    .prepare(`SELECT (SELECT count(*) FROM search_docs) AS total, (SELECT count(*) FROM ${DOCSIZE}) AS done`)
    .get() as SearchIndexProgress;
  return r.done >= r.total ? null : { done: r.done, total: r.total };
}

const pendingSlices = new WeakMap<Database.Database, Database.Statement<{ from: number; to: number }>>();

/**
 * Indexes, in one transaction, up to `max` pending documents numbered below `below`, the highest first (the
 * newest records become searchable first). Returns how many it indexed and the lowest number it looked at (the
 * next call's `below`), or null when nothing is pending below `below`.
 */
export function indexPendingDocuments(
  db: Database.Database,
  below: number,
  max: number,
): { indexed: number; lowest: number | null } {
  return db
    .transaction(() => {
      const r = db
        .prepare(
          `SELECT min(doc_id) AS lo, max(doc_id) AS hi FROM (SELECT doc_id FROM search_docs AS d
           WHERE doc_id < ? AND NOT EXISTS (SELECT 1 FROM ${DOCSIZE} AS s WHERE s.id = d.doc_id)
           ORDER BY doc_id DESC LIMIT ?)`,
        )
        .get(below, Math.max(1, Math.trunc(max))) as { lo: number | null; hi: number | null };
      if (r.lo === null || r.hi === null) return { indexed: 0, lowest: null };
      let slice = pendingSlices.get(db);
      if (!slice) {
        slice = sliceStatement(db, true);
        pendingSlices.set(db, slice);
      }
      // Every pending document between lo and hi is in this batch; the indexed ones among them are left out.
      return { indexed: slice.run({ from: r.lo, to: r.hi }).changes, lowest: r.lo };
    })
    .immediate();
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

/**
 * Merges the full-text index's segments by up to `pages` pages of work, in one transaction; false when there is
 * nothing left to merge. A build in small steps leaves the index in a few dozen segments (automerge keeps it
 * from more); merged into one, as rebuildSearchIndex's 'optimize' leaves it, a search costs about a fifth less
 * CPU (1.7-1.8 against 2.3-2.4 ms a query at 20,000 cases, load 8). FTS5's 'merge' with a negative count
 * merges whatever the segments' levels, so repeated it reaches the same single segment as 'optimize', a step at
 * a time.
 */
export function mergeSearchIndexSegments(db: Database.Database, pages: number): boolean {
  return db
    .transaction(() => {
      const before = db.prepare('SELECT total_changes()').pluck().get() as number;
      db.prepare("INSERT INTO search_fts (search_fts, rank) VALUES ('merge', ?)").run(-Math.max(1, Math.trunc(pages)));
      // FTS5's documented test: fewer than two rows changed means no merge work was left.
      return (db.prepare('SELECT total_changes()').pluck().get() as number) - before >= 2;
    })
    .immediate();
}
