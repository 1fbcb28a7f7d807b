// The desk's letter tables hold the one vocabulary of letter kinds (shared/domain/letters LETTER_KINDS), and
// their immutability rules: versions and reviews never change, a sent letter never changes, one draw per week.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeskDatabase } from '../../db/sqlite/index.js';
import { findLetterRows, letterRow, putLetterRow } from '../../db/sqlite/letters-store.js';
import { LETTER_KINDS } from '../../shared/domain/letters/types.js';
import { AGENT, LEADER, openTemp, seedDesk, tempDir } from './fixtures.js';

let tmp: ReturnType<typeof tempDir>;
let desk: DeskDatabase;
beforeEach(() => {
  tmp = tempDir();
  desk = openTemp(tmp.dir);
  seedDesk(desk.db);
});
afterEach(() => {
  desk.close();
  tmp.cleanup();
});

const letter = (id: string, kind: string, status = 'draft') => ({
  id,
  kind,
  status,
  drafted_by: AGENT,
  authorised_by: status === 'sent' || status === 'authorised' ? LEADER : null,
  updated_hlc: 'h',
  sections_json: '{}',
});

describe('letter rows on the desk', () => {
  it('every letter kind of the shared vocabulary is accepted by letters and letter_templates; others are not', () => {
    LETTER_KINDS.forEach((kind, i) => {
      putLetterRow(desk.db, 'letters', letter(`l${i}`, kind), true);
      putLetterRow(
        desk.db,
        'letter_templates',
        {
          id: `t${i}`,
          kind,
          profile_key: null,
          name: kind,
          template_version: 2,
          body: '[]',
          active: 1,
          valid_from: '2026-01-01',
          updated_hlc: 'h',
        },
        true,
      );
    });
    expect(findLetterRows(desk.db, 'letters', {})).toHaveLength(LETTER_KINDS.length);
    expect(() => putLetterRow(desk.db, 'letters', letter('bad', 'enquiry-response'), true)).toThrow(/letter kind/);
    // Two version 2s of the general template of one kind cannot both exist (NULL families included).
    expect(() =>
      putLetterRow(
        desk.db,
        'letter_templates',
        {
          id: 'dup',
          kind: 'refusal',
          profile_key: null,
          name: 'again',
          template_version: 2,
          body: '[]',
          active: 1,
          valid_from: '2026-01-01',
          updated_hlc: 'h',
        },
        true,
      ),
    ).toThrow(/UNIQUE/);
  });

  it('a sent letter cannot change; writing the same row again (as sync may) is allowed', () => {
    putLetterRow(desk.db, 'letters', { ...letter('s', 'acknowledgement', 'sent'), sent_date: '2026-03-11' }, true);
    const row = letterRow(desk.db, 'letters', 's');
    if (!row) throw new Error('no row');
    expect(() => putLetterRow(desk.db, 'letters', row, false)).not.toThrow();
    expect(() => putLetterRow(desk.db, 'letters', { ...row, sections_json: '{"a":"b"}' }, false)).toThrow(/immutable/);
    expect(() => putLetterRow(desk.db, 'letters', { ...row, status: 'draft' }, false)).toThrow(/immutable/);
  });

  it('refuses table and column names that are not ours', () => {
    expect(() => letterRow(desk.db, 'people' as never, 'x')).toThrow(/not a whole-row table/);
    expect(letterRow(desk.db, 'remedies', 'x')).toBeNull();
    expect(() => findLetterRows(desk.db, 'letters', { 'id; DROP TABLE letters': 'x' })).toThrow(/not a column/);
  });
});
