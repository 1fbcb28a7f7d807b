import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertNote, rebuildSearchIndex, search, toFtsQuery, type DeskDatabase } from '../../db/sqlite/index.js';
import { AGENT, addCase, idFactory, nextHlc, openTemp, seedDesk, tempDir } from './fixtures.js';

let desk: DeskDatabase;
let cleanup: () => void;
const newId = idFactory();
let okafor: ReturnType<typeof addCase>;
let mentionsOkafor: ReturnType<typeof addCase>;
let ref42: string;

beforeAll(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  desk = openTemp(t.dir);
  seedDesk(desk.db);
  // Enough cases that reference numbers run past 42 and prefixes collide (000042 vs 0000420 is not possible
  // at 6 digits, but 00004x share the prefix 00004).
  for (let i = 0; i < 30; i++) {
    const c = addCase(desk.db, newId, {
      familyName: `Person${i}`,
      summary: i % 2 ? 'Repairs to the boiler were missed twice' : 'Noise from the flat upstairs late at night',
    });
    if (c.reference === 'CMP-K7Q2-000042') ref42 = c.reference;
  }
  okafor = addCase(desk.db, newId, {
    givenName: 'Chidi',
    familyName: 'Okafor',
    postcode: 'SE15 4QF',
    phone: '07700 900123',
    email: 'chidi.okafor@example.com',
    summary: 'Black mould in the bathroom has come back after the repair',
  });
  mentionsOkafor = addCase(desk.db, newId, {
    familyName: 'Williams',
    summary: 'My neighbour Mr Okafor says the contractor damaged the shared fence',
  });
  insertNote(desk.db, {
    id: newId(),
    complaintId: mentionsOkafor.complaintId,
    authorId: AGENT,
    body: 'Called Ms Williams back; surveyor booked for Tuesday.',
    createdAt: '2025-01-07T10:00:00.000Z',
    hlc: nextHlc(),
  });
});
afterAll(() => {
  desk.close();
  cleanup();
});

describe('search', () => {
  it('takes the word being typed as itself first, and expands it as a prefix only to fill the list', () => {
    const exact = addCase(desk.db, newId, { familyName: 'Adeyemi', summary: 'The housing officer never called back' });
    const longer = addCase(desk.db, newId, {
      familyName: 'Brennan',
      summary: 'Two housing officers came but did nothing',
    });
    rebuildSearchIndex(desk.db);
    const titles = (q: string, limit?: number) => search(desk.db, q, limit ? { limit } : {}).map((h) => h.title);
    // Room in the list: the exact word first, then what the prefix adds.
    expect(titles('housing officer')).toEqual([exact.reference, longer.reference]);
    // A full list from the exact word: the prefix is not expanded at all.
    expect(titles('housing officer', 1)).toEqual([exact.reference]);
    // A word still being typed finds what it starts.
    expect(titles('housing offi')).toEqual(expect.arrayContaining([exact.reference, longer.reference]));
    // Ended with a space, the word is complete: no prefix.
    expect(titles('housing officer ')).toEqual([exact.reference]);
  });

  it('puts the exact reference first', () => {
    expect(ref42).toBe('CMP-K7Q2-000042');
    const hits = search(desk.db, 'CMP-K7Q2-000042');
    expect(hits[0]).toMatchObject({ kind: 'complaint', title: 'CMP-K7Q2-000042' });
    expect(search(desk.db, 'cmp-k7q2-000042')[0]?.title).toBe('CMP-K7Q2-000042');
  });

  it('finds a reference by its bare number and by prefix', () => {
    expect(search(desk.db, '42').map((h) => h.title)).toContain('CMP-K7Q2-000042');
    expect(search(desk.db, 'CMP-K7Q2-00004').map((h) => h.title)).toContain('CMP-K7Q2-000042');
  });

  it('ranks a surname match above a mention of the same name in free text', () => {
    const hits = search(desk.db, 'Okafor');
    const ids = hits.map((h) => `${h.kind}:${h.id}`);
    const person = ids.indexOf(`person:${okafor.personId}`);
    const theirCase = ids.indexOf(`complaint:${okafor.complaintId}`);
    const mention = ids.indexOf(`complaint:${mentionsOkafor.complaintId}`);
    expect(person).toBeGreaterThanOrEqual(0);
    expect(theirCase).toBeGreaterThanOrEqual(0);
    expect(mention).toBeGreaterThan(person);
    expect(mention).toBeGreaterThan(theirCase);
  });

  it('answers a term too common to score from its newest matches: people first, then cases newest first', () => {
    const common = { exactRankingLimit: 0 };
    const hits = search(desk.db, 'Okafor', common);
    expect(hits[0]).toMatchObject({ kind: 'person', id: okafor.personId, rank: 1 });
    expect(hits.slice(1).map((h) => h.id)).toEqual([mentionsOkafor.complaintId, okafor.complaintId]);
    expect(search(desk.db, 'okafor mould', common)[0]).toMatchObject({ kind: 'complaint', id: okafor.complaintId });
    expect(search(desk.db, 'CMP-K7Q2-000042', common)[0]?.title).toBe('CMP-K7Q2-000042');
    expect(search(desk.db, 'CMP-K7Q2-00004', common).map((h) => h.title)).toContain('CMP-K7Q2-000042');
  });

  it('matches prefixes as the agent types', () => {
    expect(search(desk.db, 'okaf').map((h) => h.id)).toContain(okafor.personId);
    expect(search(desk.db, 'Chidi Oka').map((h) => h.id)).toContain(okafor.personId);
    // Only the word being typed is a prefix; finished words match whole.
    expect(search(desk.db, 'Chi Okafor').map((h) => h.id)).not.toContain(okafor.personId);
  });

  it('combines a name with words from the case text', () => {
    const hits = search(desk.db, 'okafor mould');
    expect(hits[0]).toMatchObject({ kind: 'complaint', id: okafor.complaintId });
  });

  it('finds postcodes, phone numbers and emails however they are typed', () => {
    for (const q of ['SE15 4QF', 'se154qf', '07700 900123', '07700900123', 'chidi.okafor@example.com']) {
      expect(
        search(desk.db, q).map((h) => h.id),
        q,
      ).toContain(okafor.personId);
    }
  });

  it('finds a phrase in the case text, and a note as its case', () => {
    expect(search(desk.db, '"black mould"').map((h) => h.id)).toContain(okafor.complaintId);
    expect(search(desk.db, '"mould black"').map((h) => h.id)).not.toContain(okafor.complaintId);
    expect(search(desk.db, 'surveyor booked')[0]).toMatchObject({ kind: 'complaint', id: mentionsOkafor.complaintId });
  });

  it('keeps the index in step with renames', () => {
    desk.db
      .prepare("UPDATE people SET family_name = 'Okafor-Bello', display_name = 'Chidi Okafor-Bello' WHERE id = ?")
      .run(okafor.personId);
    expect(search(desk.db, 'Bello mould')[0]).toMatchObject({ kind: 'complaint', id: okafor.complaintId });
  });

  it('never throws on user input', () => {
    for (const q of [
      '',
      '   ',
      '"',
      '""',
      'AND',
      'OR NOT',
      'NEAR(a b)',
      '*',
      'a*',
      '-',
      '---',
      "O'Brien",
      'col:value',
      '^start',
      '(((',
      '😀 mould 🏠',
      'x"y"z',
      '{reference}: 1',
      'ＣＭＰ',
    ]) {
      expect(() => search(desk.db, q), q).not.toThrow();
    }
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (q) => {
        search(desk.db, q);
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('rebuilds in bulk to exactly what the triggers maintain', () => {
    const queries = [
      'Okafor',
      'okafor mould',
      '42',
      'CMP-K7Q2-000042',
      'SE15 4QF',
      'surveyor booked',
      'boiler',
      'Bello',
    ];
    // Same hits in the same order; scores may move a little as the rebuilt index drops deleted documents'
    // statistics.
    const hits = (q: string): string[] => search(desk.db, q).map((h) => `${h.kind}:${h.id}`);
    const before = queries.map(hits);
    const docs = desk.db.prepare('SELECT count(*) AS n FROM search_docs').get() as { n: number };
    expect(rebuildSearchIndex(desk.db)).toEqual({ documents: docs.n });
    expect(queries.map(hits)).toEqual(before);
  });

  it('builds quoted FTS5 queries', () => {
    expect(toFtsQuery('Okafor  se15')).toBe('"okafor" "se15"*');
    expect(toFtsQuery('Okafor se15 ')).toBe('"okafor" "se15"');
    expect(toFtsQuery('"black mould" bath')).toBe('"black mould" "bath"*');
    expect(toFtsQuery('bath "black mould"')).toBe('"bath" "black mould"');
    expect(toFtsQuery("O'Brien")).toBe('"o" "brien"*');
    expect(toFtsQuery('smith j')).toBe('"smith" "j"');
    expect(toFtsQuery('-- * ( )')).toBeNull();
    expect(toFtsQuery('"unclosed phrase')).toBe('"unclosed" "phrase"*');
  });
});
