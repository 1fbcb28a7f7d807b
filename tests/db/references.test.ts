import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatReference, getDeskIdentity, issueReference, parseReference } from '../../db/sqlite/index.js';
import { openTemp, seedDesk, tempDir } from './fixtures.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('case references', () => {
  it('are issued from one per-desk sequence with the desk code, e.g. CMP-K7Q2-000042', () => {
    const desk = openTemp(dir);
    seedDesk(desk.db, 'K7Q2');
    const refs = desk.db.transaction(() => [
      issueReference(desk.db, 'enquiry'),
      issueReference(desk.db, 'complaint'),
      issueReference(desk.db, 'enquiry'),
    ])();
    expect(refs).toEqual(['ENQ-K7Q2-000001', 'CMP-K7Q2-000002', 'ENQ-K7Q2-000003']);
    expect(getDeskIdentity(desk.db)?.lastReferenceSeq).toBe(3);
    desk.close();
  });

  it('give a number back when the use case rolls back, and never issue one twice', () => {
    const desk = openTemp(dir);
    seedDesk(desk.db);
    expect(() =>
      desk.db.transaction(() => {
        issueReference(desk.db, 'complaint');
        throw new Error('use case failed');
      })(),
    ).toThrow('use case failed');
    const ref = desk.db.transaction(() => issueReference(desk.db, 'complaint'))();
    expect(ref).toBe('CMP-K7Q2-000001');
    desk.close();
    const reopened = openTemp(dir);
    expect(reopened.db.transaction(() => issueReference(reopened.db, 'complaint'))()).toBe('CMP-K7Q2-000002');
    reopened.close();
  });

  it('must be issued inside the caller transaction', () => {
    const desk = openTemp(dir);
    seedDesk(desk.db);
    expect(() => issueReference(desk.db, 'complaint')).toThrow(/inside the use case's transaction/);
    desk.close();
  });

  it('cannot be issued before the desk is enrolled', () => {
    const desk = openTemp(dir);
    expect(() => desk.db.transaction(() => issueReference(desk.db, 'complaint'))()).toThrow(/not enrolled/);
    desk.close();
  });

  it('from different desks never collide', () => {
    const a = openTemp(dir, 'a.db');
    const b = openTemp(dir, 'b.db');
    seedDesk(a.db, 'K7Q2');
    seedDesk(b.db, 'M3X9');
    const issued = new Set<string>();
    for (let i = 0; i < 50; i++) {
      issued.add(a.db.transaction(() => issueReference(a.db, 'complaint'))());
      issued.add(b.db.transaction(() => issueReference(b.db, 'complaint'))());
    }
    expect(issued.size).toBe(100);
    a.close();
    b.close();
  });

  it('format and parse', () => {
    expect(formatReference('complaint', 'K7Q2', 1234567)).toBe('CMP-K7Q2-1234567');
    expect(parseReference(' cmp-k7q2-000042 ')).toEqual({ kind: 'complaint', deskCode: 'K7Q2', seq: 42 });
    expect(parseReference('CMP-K7Q2-42')).toBeNull();
    expect(parseReference('hello')).toBeNull();
  });
});
