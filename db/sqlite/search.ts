// Global search over the FTS5 index of 0003_search.sql. Any text a person can type is turned into a safe
// FTS5 query (every term quoted, so operators, quotes, hyphens and emoji are never syntax).
import type Database from 'better-sqlite3';
import { parseReference } from './references.js';
import { stmt } from './statements.js';

/** bm25 column weights: reference, names, address, contact details, free text. */
const WEIGHTS = '10.0, 8.0, 3.0, 3.0, 1.0';
const MAX_TERMS = 12;
/**
 * How many of the newest matching documents a search considers. bm25 ranks all matches when every term is
 * selective (see exactRankingLimit); a common term is answered from its newest matches, which keeps the
 * cost of 'Smith' or 'boiler' on a million-contact store in single milliseconds.
 */
export const SEARCH_CANDIDATE_WINDOW = 500;
const PARTIAL_REFERENCE = /^\s*(?:CMP|ENQ)-[0-9A-Z]{3,6}-(\d+)\s*$/i;
const TOKEN = /[\p{L}\p{N}\p{M}]+/gu;

export type SearchKind = 'complaint' | 'contact' | 'person' | 'property';

export interface SearchHit {
  readonly kind: SearchKind;
  readonly id: string;
  /** Reference, name or address: the line the result list shows first. */
  readonly title: string;
  readonly subtitle: string;
  /**
   * Lower is better. A bm25 score when every term is selective; otherwise the tier (1 = a person or a home,
   * 2 = a case), newest first within a tier. An exact reference typed in full comes first either way
   * (-Infinity).
   */
  readonly rank: number;
}

function tokens(s: string): string[] {
  return (s.normalize('NFKC').toLowerCase().match(TOKEN) ?? []).filter((t) => t.length > 0);
}

/**
 * Splits user input into FTS5 phrases, every one quoted so nothing the user types is syntax. Quoted
 * segments become phrases; other words become terms. Only the last word is a prefix (the word being typed,
 * unless the input ends with a space), and only from two characters: a prefix expands to every matching
 * term, which on a large store is what makes a search slow.
 */
export function toFtsPhrases(input: string): string[] {
  const parts: { text: string; word: boolean }[] = [];
  const segments = input.split('"');
  segments.forEach((segment, i) => {
    const words = tokens(segment);
    if (words.length === 0) return;
    // Odd segments sit between quotes; an unclosed quote (last odd segment) is treated as plain words.
    const quoted = i % 2 === 1 && i < segments.length - 1;
    if (quoted && words.length > 1) parts.push({ text: `"${words.join(' ')}"`, word: false });
    else for (const w of words) parts.push({ text: `"${w}"`, word: true });
  });
  const kept = parts.slice(0, MAX_TERMS);
  const last = kept.at(-1);
  const typing = !/\s$/.test(input) && !input.trimEnd().endsWith('"');
  if (last && last.word && typing && last.text.length >= 4) last.text += '*';
  return kept.map((p) => p.text);
}

/** The FTS5 MATCH expression for user input (phrases ANDed), or null when nothing searchable is left. */
export function toFtsQuery(input: string): string | null {
  const phrases = toFtsPhrases(input);
  return phrases.length === 0 ? null : phrases.join(' ');
}

interface RawHit {
  entity_type: 'person' | 'property' | 'complaint' | 'contact' | 'note';
  entity_id: string;
  rank: number;
}

function describe(db: Database.Database, kind: SearchKind, id: string, rank: number): SearchHit | null {
  switch (kind) {
    case 'complaint': {
      const r = stmt<[string], { reference: string; summary: string; status: string; name: string | null }>(
        db,
        `SELECT c.reference, c.summary, c.status, p.display_name AS name
         FROM complaints c LEFT JOIN people p ON p.id = c.person_id WHERE c.id = ?`,
      ).get(id);
      return r
        ? { kind, id, rank, title: r.reference, subtitle: [r.name, r.status, r.summary].filter(Boolean).join(' · ') }
        : null;
    }
    case 'contact': {
      const r = stmt<
        [string],
        { reference: string; what_happened: string; status: string; name: string | null; complaint_id: string | null }
      >(
        db,
        `SELECT c.reference, c.what_happened, c.status, c.complaint_id, p.display_name AS name
         FROM contacts c LEFT JOIN people p ON p.id = c.person_id WHERE c.id = ?`,
      ).get(id);
      // An enquiry that became a complaint is found as the complaint: its history lives there now.
      if (r?.complaint_id) return describe(db, 'complaint', r.complaint_id, rank);
      return r
        ? {
            kind,
            id,
            rank,
            title: r.reference,
            subtitle: [r.name, r.status, r.what_happened].filter(Boolean).join(' · '),
          }
        : null;
    }
    case 'person': {
      const r = stmt<[string], { display_name: string; postcode: string | null; kind: string }>(
        db,
        'SELECT display_name, postcode, kind FROM people WHERE id = ?',
      ).get(id);
      return r
        ? { kind, id, rank, title: r.display_name, subtitle: [r.kind, r.postcode].filter(Boolean).join(' · ') }
        : null;
    }
    case 'property': {
      const r = stmt<[string], { address_line1: string; town: string; postcode: string }>(
        db,
        'SELECT address_line1, town, postcode FROM properties WHERE id = ?',
      ).get(id);
      return r ? { kind, id, rank, title: r.address_line1, subtitle: `${r.town} ${r.postcode}` } : null;
    }
  }
}

/** A note is found as the case it belongs to. */
function noteParent(db: Database.Database, noteId: string): { kind: SearchKind; id: string } | null {
  const r = stmt<[string], { complaint_id: string | null; contact_id: string | null; person_id: string | null }>(
    db,
    'SELECT complaint_id, contact_id, person_id FROM notes WHERE id = ?',
  ).get(noteId);
  if (!r) return null;
  if (r.complaint_id) return { kind: 'complaint', id: r.complaint_id };
  if (r.contact_id) return { kind: 'contact', id: r.contact_id };
  if (r.person_id) return { kind: 'person', id: r.person_id };
  return null;
}

export interface SearchOptions {
  readonly limit?: number;
  /**
   * A term found in more documents than this is "common". bm25 counts every document of every term, so it
   * ranks only when all terms are rarer than this; otherwise results come by tier, newest first.
   */
  readonly exactRankingLimit?: number;
}

function isRare(db: Database.Database, phrase: string, limit: number): boolean {
  const r = stmt<[string, number], { n: number }>(
    db,
    'SELECT count(*) AS n FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT ?)',
  ).get(phrase, limit + 1);
  return (r?.n ?? 0) <= limit;
}

/** Runs one FTS5 match (phrases ANDed) and adds its hits in rank order. */
function collect(
  db: Database.Database,
  phrases: readonly string[],
  limit: number,
  options: SearchOptions,
  add: (h: SearchHit | null) => void,
): void {
  const match = phrases.join(' ');
  // Notes collapse onto their case, so fetch a few more raw hits than asked for.
  const want = limit * 2;
  const rareLimit = options.exactRankingLimit ?? 1000;
  // Prefix phrases are the costly ones to count: check them last, after any common word has decided.
  const ordered = [...phrases].sort((a, b) => Number(a.endsWith('*')) - Number(b.endsWith('*')));
  let raw: RawHit[];
  if (ordered.every((p) => isRare(db, p, rareLimit))) {
    // Selective terms: bm25 over every match, identity columns weighted above free text.
    raw = stmt<[string, number, number], RawHit>(
      db,
      `SELECT d.entity_type, d.entity_id, m.rank
       FROM (SELECT rowid AS doc_id, bm25(search_fts, ${WEIGHTS}) AS rank FROM search_fts
             WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT ?) AS m
       JOIN search_docs d ON d.doc_id = m.doc_id
       ORDER BY m.rank LIMIT ?`,
    ).all(match, SEARCH_CANDIDATE_WINDOW, want);
  } else {
    // A common term: scoring would read every posting of it, so take the newest matches instead (FTS5
    // walks them lazily, no scoring) and put people and homes (documents made only of names, addresses and
    // contact details) before cases, newest first within each tier.
    raw = stmt<[string, number, number], RawHit>(
      db,
      `SELECT d.entity_type, d.entity_id,
         CASE WHEN d.entity_type IN ('person', 'property') THEN 1 ELSE 2 END AS rank
       FROM (SELECT rowid AS doc_id FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT ?) AS w
       JOIN search_docs d ON d.doc_id = w.doc_id
       ORDER BY rank, w.doc_id DESC LIMIT ?`,
    ).all(match, SEARCH_CANDIDATE_WINDOW, want);
  }
  for (const r of raw) {
    if (r.entity_type === 'note') {
      const parent = noteParent(db, r.entity_id);
      if (parent) add(describe(db, parent.kind, parent.id, r.rank));
    } else {
      add(describe(db, r.entity_type, r.entity_id, r.rank));
    }
  }
}

/** Global search: never throws on user input; returns [] when there is nothing to search for. */
export function search(db: Database.Database, input: string, options: SearchOptions = {}): SearchHit[] {
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 200);
  const hits: SearchHit[] = [];
  const seen = new Set<string>();
  const add = (h: SearchHit | null): void => {
    if (!h || seen.has(`${h.kind}:${h.id}`) || hits.length >= limit) return;
    seen.add(`${h.kind}:${h.id}`);
    hits.push(h);
  };

  // A whole reference typed or pasted goes straight to its case, ahead of anything ranked.
  const ref = parseReference(input);
  if (ref) {
    const table = ref.kind === 'complaint' ? 'complaints' : 'contacts';
    const row = stmt<[string], { id: string }>(db, `SELECT id FROM ${table} WHERE reference = ?`).get(
      input.trim().toUpperCase(),
    );
    if (row) add(describe(db, ref.kind === 'complaint' ? 'complaint' : 'contact', row.id, -Infinity));
  }

  // A reference typed in full or in part is looked for in references only: its prefix and desk code are in
  // every reference, so as free text they would match (and rank) the whole store.
  const partial = PARTIAL_REFERENCE.exec(input);
  if (partial?.[1]) {
    collect(db, [`reference : "${partial[1]}"*`], limit, options, add);
    return hits;
  }
  const phrases = toFtsPhrases(input);
  if (phrases.length === 0) return hits;
  const last = phrases[phrases.length - 1] ?? '';
  if (last.endsWith('*')) {
    // The word being typed: its exact form first. Expanding a prefix merges the postings of every term that
    // starts with it (costly for a common stem such as "officer*"), so it only fills what the exact word
    // did not find.
    collect(db, [...phrases.slice(0, -1), last.slice(0, -1)], limit, options, add);
    if (hits.length < limit) collect(db, phrases, limit, options, add);
  } else {
    collect(db, phrases, limit, options, add);
  }
  return hits;
}
