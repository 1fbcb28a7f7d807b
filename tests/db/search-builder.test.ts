// The search index built in the background after a desk's first sync (db/sqlite/search-builder.ts): on a real
// SQLite file, interleaved with live writes of every kind, interrupted and resumed by reopening the file, and
// at the end the same index as a full rebuildSearchIndex (same documents, same postings, same search results).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  insertNote,
  rebuildSearchIndex,
  search,
  SearchIndexBuilder,
  searchIndexProgress,
  type DeskDatabase,
} from '../../db/sqlite/index.js';
import { indexPendingDocuments, searchIndexBuildPending } from '../../db/sqlite/search-index.js';
import { finishSnapshot } from '../../db/sqlite/sync/snapshot.js';
import { AGENT, addCase, idFactory, nextHlc, openTemp, seedDesk, tempDir } from './fixtures.js';

type Db = DeskDatabase['db'];

const SURNAMES = ['Okafor', 'Williams', 'Nowak', 'Begum', 'Murphy', 'Shah', 'Evans', 'Kowalski'];
const SUMMARIES = [
  'Black mould in the bathroom has come back after the repair',
  'The boiler was not repaired after three visits',
  'Noise from the flat upstairs late at night',
  'Leak from the kitchen ceiling into the living room',
];
const QUERIES = ['okafor', 'mould bathroom', 'boiler', 'leak kitch', 'Shah', 'noise', 'M1 1AA', 'renamed', 'CMP'];

let dir: string;
let cleanup: () => void;
let desk: DeskDatabase;
const newId = idFactory();

function caseload(db: Db, n: number): ReturnType<typeof addCase>[] {
  const cases = [];
  for (let i = 0; i < n; i++) {
    const c = addCase(db, newId, {
      givenName: `Given${i}`,
      familyName: SURNAMES[i % SURNAMES.length] ?? 'Jones',
      summary: SUMMARIES[i % SUMMARIES.length] ?? 'x',
    });
    if (i % 3 === 0) {
      insertNote(db, {
        id: newId(),
        complaintId: c.complaintId,
        authorId: AGENT,
        body: `Called ${SURNAMES[i % SURNAMES.length] ?? ''} back about case ${i}; surveyor booked.`,
        createdAt: '2025-01-07T10:00:00.000Z',
        hlc: nextHlc(),
      });
    }
    cases.push(c);
  }
  return cases;
}

/** What a search index amounts to: its documents in order, every posting by document, and search results. */
function indexState(db: Db) {
  db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_instances USING fts5vocab(main, search_fts, instance)');
  return {
    documents: db.prepare('SELECT entity_type, entity_id FROM search_docs ORDER BY doc_id').all(),
    postings: db
      .prepare(
        `SELECT d.entity_type, d.entity_id, v.term, v.col, v.offset FROM temp.search_instances AS v
         JOIN search_docs AS d ON d.doc_id = v.doc ORDER BY 1, 2, 3, 4, 5`,
      )
      .all(),
    // Every posting belongs to a registered document (none left over from an earlier version of a record).
    orphans: db
      .prepare(
        'SELECT count(*) AS n FROM temp.search_instances AS v WHERE v.doc NOT IN (SELECT doc_id FROM search_docs)',
      )
      .get(),
    results: QUERIES.map((q) => search(db, q, { limit: 50 }).map((h) => `${h.kind}:${h.id}`)),
  };
}

/** The index state of the same desk rebuilt from scratch (on a copy, so the desk under test is untouched). */
async function rebuiltState(db: Db): Promise<ReturnType<typeof indexState>> {
  const copy = `${dir}/rebuilt-${Math.random().toString(36).slice(2)}.db`;
  await db.backup(copy);
  const other = openTemp(dir, copy.slice(dir.length + 1));
  try {
    rebuildSearchIndex(other.db);
    return indexState(other.db);
  } finally {
    other.close();
  }
}

function integrityCheck(db: Db): void {
  db.exec("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 0)");
}

beforeEach(() => {
  ({ dir, cleanup } = tempDir('search-builder-'));
  desk = openTemp(dir);
  seedDesk(desk.db);
});
afterEach(() => {
  if (desk.db.open) desk.close();
  cleanup();
});

describe('the search index built in the background after a first sync', () => {
  it('registers the documents at the end of the bootstrap and indexes them afterwards, newest first', async () => {
    const cases = caseload(desk.db, 60);
    const newest = cases.at(-1);
    const oldest = cases[0];
    if (!newest || !oldest) throw new Error('no cases');
    finishSnapshot(desk.db, '42');
    const total = (desk.db.prepare('SELECT count(*) AS n FROM search_docs').get() as { n: number }).n;
    expect(total).toBe(60 * 4 + 20); // person, property, contact and complaint a case, and 20 notes
    expect(searchIndexProgress(desk.db)).toEqual({ done: 0, total });
    expect(desk.db.prepare('SELECT pull_cursor FROM sync_state').pluck().get()).toBe('42');
    expect(search(desk.db, newest.reference)).toHaveLength(1); // a reference in full needs no index
    expect(search(desk.db, 'okafor')).toEqual([]);

    // One step: the newest documents, so the newest case is found and the oldest not yet.
    const first = indexPendingDocuments(desk.db, Number.MAX_SAFE_INTEGER, 20);
    expect(first.indexed).toBe(20);
    expect(searchIndexProgress(desk.db)).toEqual({ done: 20, total });
    const ids = (q: string) => search(desk.db, q, { limit: 100 }).map((h) => h.id);
    expect(ids(`Given59 ${SURNAMES[59 % SURNAMES.length] ?? ''}`)).toContain(newest.complaintId);
    expect(ids('Given0')).not.toContain(oldest.complaintId);

    // A document a live write indexed is not indexed again by the build (FTS5 would keep both copies).
    desk.db.prepare('UPDATE complaints SET summary = ? WHERE id = ?').run('Written before indexed', oldest.complaintId);
    expect(searchIndexProgress(desk.db)).toEqual({ done: 21, total });
    const rest = indexPendingDocuments(desk.db, Number.MAX_SAFE_INTEGER, total);
    expect(rest.indexed).toBe(total - 21);
    expect(searchIndexProgress(desk.db)).toBeNull();
    desk.db.exec("INSERT INTO search_fts (search_fts) VALUES ('delete-all')"); // pending again, all of them
    expect(searchIndexProgress(desk.db)).toEqual({ done: 0, total });

    const seen: (number | null)[] = [];
    const builder = new SearchIndexBuilder(desk.db, {
      documentsPerStep: 25,
      onProgress: (p) => seen.push(p ? p.done : null),
    });
    expect(builder.progress()).toEqual({ done: 0, total });
    builder.start();
    await builder.whenComplete();
    expect(builder.progress()).toBeNull();
    expect(seen.at(-1)).toBeNull();
    expect(seen.length).toBeGreaterThan(5); // many small transactions, not one
    expect(ids('Given0')).toContain(oldest.complaintId);
    // The segments its steps made are merged into one at the end, as rebuildSearchIndex's 'optimize' leaves it.
    expect(desk.db.prepare('SELECT count(DISTINCT segid) FROM search_fts_idx').pluck().get()).toBe(1);
    integrityCheck(desk.db);
    expect(indexState(desk.db)).toEqual(await rebuiltState(desk.db));
  });

  it('stays exact with live writes between its steps: no document indexed twice or left out', async () => {
    const cases = caseload(desk.db, 80);
    finishSnapshot(desk.db, '7');
    const at = (i: number) => {
      const c = cases[i];
      if (!c) throw new Error(`no case ${i}`);
      return c;
    };
    // Writes of every kind, aimed at documents not yet indexed (old cases: the build goes newest first), at
    // ones already indexed (new cases) and at brand-new ones, one between each two steps.
    const writes: (() => void)[] = [
      () =>
        desk.db.prepare('UPDATE complaints SET summary = ? WHERE id = ?').run('Renamed damp case', at(1).complaintId),
      () =>
        desk.db.prepare('UPDATE complaints SET summary = ? WHERE id = ?').run('Renamed late case', at(79).complaintId),
      () =>
        desk.db
          .prepare("UPDATE people SET family_name = 'Renamedson', display_name = 'Given2 Renamedson' WHERE id = ?")
          .run(at(2).personId),
      () => desk.db.prepare('DELETE FROM notes WHERE complaint_id = ?').run(at(3).complaintId),
      () => caseload(desk.db, 3),
      () => desk.db.prepare("UPDATE properties SET postcode = 'LS1 4AP' WHERE id = ?").run(at(4).propertyId),
      () => desk.db.prepare('UPDATE notes SET body = ? WHERE complaint_id = ?').run('Renamed note', at(6).complaintId),
      () => desk.db.prepare('UPDATE complaints SET summary = ? WHERE id = ?').run('Renamed twice', at(1).complaintId),
      () => desk.db.prepare('DELETE FROM notes WHERE complaint_id = ?').run(at(78).complaintId),
    ];
    let step = 0;
    const builder = new SearchIndexBuilder(desk.db, {
      documentsPerStep: 15,
      onProgress: () => writes[step++]?.(),
    });
    builder.start();
    await builder.whenComplete();
    expect(step).toBeGreaterThan(writes.length); // every write happened while the build was under way
    expect(searchIndexProgress(desk.db)).toBeNull();
    integrityCheck(desk.db);
    const built = indexState(desk.db);
    expect(built.orphans).toEqual({ n: 0 });
    expect(built.results[QUERIES.indexOf('renamed')]).toEqual(
      expect.arrayContaining([`complaint:${at(1).complaintId}`, `complaint:${at(79).complaintId}`]),
    );
    expect(search(desk.db, 'Renamedson').map((h) => h.id)).toContain(at(2).complaintId);
    expect(search(desk.db, 'LS1 4AP').map((h) => h.id)).toContain(at(4).complaintId);
    expect(built).toEqual(await rebuiltState(desk.db));
    // Later edits of documents written during the build replace them whole: a document the build had indexed
    // a second time would keep its earlier postings after this (FTS5 deletes a row from one segment only).
    desk.db.prepare('UPDATE complaints SET summary = ? WHERE id = ?').run('Final wording', at(1).complaintId);
    desk.db.prepare('UPDATE complaints SET summary = ? WHERE id = ?').run('Final wording', at(79).complaintId);
    desk.db.prepare("UPDATE people SET family_name = 'Okoro' WHERE id = ?").run(at(2).personId);
    desk.db.prepare("UPDATE properties SET postcode = 'M1 1AA' WHERE id = ?").run(at(4).propertyId);
    expect(search(desk.db, 'twice')).toEqual([]);
    expect(indexState(desk.db)).toEqual(await rebuiltState(desk.db));
  });

  it('carries on after a crash or restart, from what the file holds', async () => {
    caseload(desk.db, 50);
    finishSnapshot(desk.db, '9');
    let below = Number.MAX_SAFE_INTEGER;
    for (let i = 0; i < 3; i++) below = indexPendingDocuments(desk.db, below, 30).lowest ?? below;
    // A step cut short by the crash: its transaction never commits, so it leaves nothing behind.
    expect(() =>
      desk.db.transaction(() => {
        indexPendingDocuments(desk.db, below, 30);
        throw new Error('power cut');
      })(),
    ).toThrow('power cut');
    desk.close();

    desk = openTemp(dir);
    const progress = searchIndexProgress(desk.db);
    expect(progress?.done).toBe(90);
    expect(progress && progress.total - progress.done).toBeGreaterThan(0);
    const builder = new SearchIndexBuilder(desk.db, { documentsPerStep: 40 });
    builder.start();
    await builder.whenComplete();
    expect(searchIndexProgress(desk.db)).toBeNull();
    integrityCheck(desk.db);
    expect(indexState(desk.db)).toEqual(await rebuiltState(desk.db));
  });

  it('keeps a note of a build under way, so a desk with a whole index counts nothing, and merges after a restart', async () => {
    caseload(desk.db, 40);
    // A desk whose index the triggers kept whole: no build under way, nothing counted, nothing to do.
    expect(searchIndexBuildPending(desk.db)).toBe(false);
    expect(searchIndexProgress(desk.db)).toBeNull();
    finishSnapshot(desk.db, '5');
    expect(searchIndexBuildPending(desk.db)).toBe(true);
    // Every document indexed in small steps (many segments), then the desk restarts before merging them.
    let below = Number.MAX_SAFE_INTEGER;
    for (;;) {
      const r = indexPendingDocuments(desk.db, below, 15);
      if (r.lowest === null) break;
      below = r.lowest;
    }
    expect(searchIndexProgress(desk.db)).toBeNull();
    const segments = () => desk.db.prepare('SELECT count(DISTINCT segid) FROM search_fts_idx').pluck().get();
    expect(segments()).toBeGreaterThan(1);
    desk.close();

    desk = openTemp(dir);
    expect(searchIndexBuildPending(desk.db)).toBe(true);
    const builder = new SearchIndexBuilder(desk.db);
    builder.start();
    await builder.whenComplete();
    expect(segments()).toBe(1);
    expect(searchIndexBuildPending(desk.db)).toBe(false);
    integrityCheck(desk.db);
    expect(indexState(desk.db)).toEqual(await rebuiltState(desk.db));
    // A full rebuild ends any build under way too.
    finishSnapshot(desk.db, '6');
    rebuildSearchIndex(desk.db);
    expect(searchIndexBuildPending(desk.db)).toBe(false);
  });

  it('stops when asked, leaving the rest for the next start', async () => {
    caseload(desk.db, 30);
    finishSnapshot(desk.db, '3');
    const builder = new SearchIndexBuilder(desk.db, { documentsPerStep: 10, onProgress: () => builder.stop() });
    builder.start();
    await builder.whenComplete();
    expect(searchIndexProgress(desk.db)).toMatchObject({ done: 10 });
    const again = new SearchIndexBuilder(desk.db, { documentsPerStep: 10 });
    again.start();
    await again.whenComplete();
    expect(searchIndexProgress(desk.db)).toBeNull();
  });

  it('goes round again for documents a new bootstrap registered during the build', async () => {
    caseload(desk.db, 20);
    finishSnapshot(desk.db, '1');
    let bootstrapped = false;
    const builder = new SearchIndexBuilder(desk.db, {
      documentsPerStep: 10,
      onProgress: () => {
        if (bootstrapped) return;
        bootstrapped = true;
        caseload(desk.db, 10);
        finishSnapshot(desk.db, '2'); // registers everything again and empties the index
        builder.start();
      },
    });
    builder.start();
    await builder.whenComplete();
    expect(searchIndexProgress(desk.db)).toBeNull();
    expect(indexState(desk.db)).toEqual(await rebuiltState(desk.db));
  });
});
