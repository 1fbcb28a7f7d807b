// A pulled page of some size is indexed for search in bulk (db/sqlite/sync/search-batch.ts) rather than by
// the per-row triggers. The index it builds must be the one the triggers build and the one a full rebuild
// builds: the same documents, numbered the same, finding the same rows — and a renamed person's cases must
// be found by the new name (what the rename trigger does).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeskDatabase } from '../../db/sqlite/index.js';
import { rebuildSearchIndex } from '../../db/sqlite/search-index.js';
import { BULK_SEARCH_INDEX_FROM, applyPage } from '../../db/sqlite/sync/apply.js';
import type { Change } from '../../shared/contracts/sync.js';
import type { IsoDate } from '../../shared/domain/dates.js';
import { addCase, idFactory, nextHlc, openTemp, seedDesk, tempDir } from '../db/fixtures.js';

const SURNAMES = ['Okafor', 'Nowak', 'Patel', 'Murphy', 'Evans', 'Khan', 'Hughes', 'Adeyemi', 'Walsh', 'Singh'];
const TODAY = '2025-01-06' as IsoDate;

let tmp: ReturnType<typeof tempDir>;
let source: DeskDatabase;
let bulk: DeskDatabase;
let rowByRow: DeskDatabase;
let seq = 0;

function change(table: Change['entityType'], data: Record<string, string | number | null>): Change {
  return { seq: String(++seq), entityType: table, entityId: String(data.id), data, hlc: nextHlc() };
}

function rows(db: DeskDatabase, table: string): Record<string, string | number | null>[] {
  return db.db.prepare(`SELECT * FROM ${table} ORDER BY id`).all() as Record<string, string | number | null>[];
}

function found(db: DeskDatabase, term: string): string[] {
  return (
    db.db
      .prepare(
        `SELECT d.entity_type || ':' || d.entity_id AS hit FROM search_fts f JOIN search_docs d ON d.doc_id = f.rowid
         WHERE search_fts MATCH ? ORDER BY d.doc_id`,
      )
      .pluck()
      .all(term) as string[]
  ).sort();
}

function docs(db: DeskDatabase): unknown[] {
  return db.db.prepare('SELECT doc_id, entity_type, entity_id FROM search_docs ORDER BY doc_id').all();
}

function triggers(db: DeskDatabase): unknown[] {
  return db.db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").all();
}

beforeEach(() => {
  tmp = tempDir('search-batch-');
  source = openTemp(tmp.dir, 'source.db');
  bulk = openTemp(tmp.dir, 'bulk.db');
  rowByRow = openTemp(tmp.dir, 'row-by-row.db');
  for (const d of [source, bulk, rowByRow]) seedDesk(d.db);
  const newId = idFactory();
  for (let i = 0; i < 40; i++) {
    addCase(source.db, newId, {
      givenName: `Given${i}`,
      familyName: SURNAMES[i % SURNAMES.length],
      postcode: `LS${i % 9} 4AP`,
      summary: `Case ${i}: ${i % 2 ? 'damp in the bathroom' : 'boiler broken'} since the autumn.`,
    });
  }
});

afterEach(() => {
  for (const d of [source, bulk, rowByRow]) d.close();
  tmp.cleanup();
});

describe('a pulled page indexed for search in bulk', () => {
  it('builds the index the triggers build, and a renamed person’s cases are found by the new name', () => {
    // The second resident is a group that a third resident's case names as its group.
    const [, group, member] = rows(source, 'people');
    if (!group || !member) throw new Error('too few people');
    source.db.prepare("UPDATE people SET kind = 'group' WHERE id = ?").run(group.id);
    source.db.prepare('UPDATE complaints SET group_id = ? WHERE person_id = ?').run(group.id, member.id);
    const page = [
      ...rows(source, 'people').map((r) => change('people', r)),
      ...rows(source, 'contacts').map((r) => change('contacts', r)),
      ...rows(source, 'complaints').map((r) => change('complaints', r)),
    ];
    expect(page.length).toBeGreaterThanOrEqual(BULK_SEARCH_INDEX_FROM);
    const triggersBefore = triggers(bulk);
    applyPage(bulk.db, bulk.filesDir, page, String(seq), TODAY);
    // Small pages go through the triggers.
    for (let i = 0; i < page.length; i += 10) {
      applyPage(rowByRow.db, rowByRow.filesDir, page.slice(i, i + 10), String(seq), TODAY);
    }
    expect(triggers(bulk)).toEqual(triggersBefore);
    expect(docs(bulk)).toEqual(docs(rowByRow));
    expect(docs(bulk)).toHaveLength(120);

    // A later page renames a resident (among other rows, so it is indexed in bulk too).
    const person = rows(bulk, 'people')[0];
    if (!person) throw new Error('no person');
    const renamed = change('people', { ...person, family_name: 'Zyzzyva', display_name: 'Given Zyzzyva' });
    const groupRow = rows(bulk, 'people').find((p) => p.id === group.id);
    const renamedGroup = change('people', { ...groupRow, display_name: 'Quuxley Tenants Association' });
    const filler = rows(bulk, 'contacts').map((r) => change('contacts', r));
    applyPage(bulk.db, bulk.filesDir, [renamed, renamedGroup, ...filler], String(seq), TODAY);
    applyPage(rowByRow.db, rowByRow.filesDir, [renamed, renamedGroup], String(seq), TODAY);
    const grouped = rows(bulk, 'complaints').find((c) => c.group_id === group.id);
    expect(found(bulk, 'Quuxley')).toContain(`complaint:${String(grouped?.id)}`);

    const personId = String(person.id);
    const contact = rows(bulk, 'contacts').find((c) => c.person_id === personId);
    const complaint = rows(bulk, 'complaints').find((c) => c.person_id === personId);
    expect(found(bulk, 'Zyzzyva')).toEqual(
      [`person:${personId}`, `contact:${String(contact?.id)}`, `complaint:${String(complaint?.id)}`].sort(),
    );
    const terms = [...SURNAMES, 'Zyzzyva', 'Quuxley', 'damp', 'boiler', 'LS3', 'Given7', 'autumn'];
    for (const term of terms) expect(found(bulk, term), term).toEqual(found(rowByRow, term));
    const before = terms.map((term) => found(bulk, term));
    rebuildSearchIndex(bulk.db);
    expect(terms.map((term) => found(bulk, term))).toEqual(before);
    expect(found(bulk, SURNAMES[0] ?? '').length).toBeGreaterThan(0);
  });

  it('rolls back with the page, triggers included, when a row cannot be written', () => {
    const good = rows(source, 'people').map((r) => change('people', r));
    const bad = change('complaints', { reference: 'CMP-K7Q2-999999' }); // no id
    const triggersBefore = triggers(bulk);
    expect(() => applyPage(bulk.db, bulk.filesDir, [...good, bad], '99', TODAY)).toThrow(/without an id/);
    expect(triggers(bulk)).toEqual(triggersBefore);
    expect(rows(bulk, 'people')).toHaveLength(0);
    expect(docs(bulk)).toHaveLength(0);
  });
});
