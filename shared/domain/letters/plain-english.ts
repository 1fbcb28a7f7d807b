// The plain-English check of a letter: the Flesch reading ease of its text (a syllable heuristic, good enough
// to rank drafts, not a linguist), jargon with a plainer word to use instead, and sentences over 25 words.
// Policy 001 (self-assessment): "advice … customer friendly and jargon free".
import type { PlainEnglishFlag, PlainEnglishReport } from './types.js';

/** Sentences longer than this are flagged (the Plain English Campaign suggests 15–20 words on average). */
export const LONG_SENTENCE_WORDS = 25;

/** Jargon seen in complaint letters, with the plain word to use. Matched as whole words, any case. */
export const JARGON: readonly { readonly term: string; readonly plain: string }[] = [
  { term: 'in accordance with', plain: 'under' },
  { term: 'with regard to', plain: 'about' },
  { term: 'with reference to', plain: 'about' },
  { term: 'in relation to', plain: 'about' },
  { term: 'in respect of', plain: 'about' },
  { term: 'prior to', plain: 'before' },
  { term: 'subsequent to', plain: 'after' },
  { term: 'in the event that', plain: 'if' },
  { term: 'at this moment in time', plain: 'now' },
  { term: 'at this point in time', plain: 'now' },
  { term: 'due to the fact that', plain: 'because' },
  { term: 'going forward', plain: 'from now on' },
  { term: 'please do not hesitate to', plain: 'please' },
  { term: 'aforementioned', plain: 'this' },
  { term: 'herewith', plain: 'with this letter' },
  { term: 'hereby', plain: '(leave out)' },
  { term: 'therein', plain: 'in it' },
  { term: 'whereby', plain: 'by which' },
  { term: 'notwithstanding', plain: 'despite' },
  { term: 'commence', plain: 'start' },
  { term: 'terminate', plain: 'end' },
  { term: 'ascertain', plain: 'find out' },
  { term: 'endeavour', plain: 'try' },
  { term: 'facilitate', plain: 'help' },
  { term: 'utilise', plain: 'use' },
  { term: 'expedite', plain: 'speed up' },
  { term: 'remediate', plain: 'put right' },
  { term: 'rectify', plain: 'put right' },
  { term: 'escalate', plain: 'take further' },
  { term: 'stakeholder', plain: '(say who)' },
  { term: 'leverage', plain: 'use' },
  { term: 'actioned', plain: 'done' },
  { term: 'void property', plain: 'empty home' },
  { term: 'responsive repair', plain: 'repair' },
  { term: 'tenancy sustainment', plain: 'help to keep your home' },
  { term: 'sla', plain: 'the time we promise' },
  { term: 'kpi', plain: '(leave out)' },
  { term: 'asb', plain: 'anti-social behaviour' },
];

/** Counts syllables by vowel groups after dropping a silent final e / -es / -ed (the common heuristic). */
export function syllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length === 0) return 0;
  if (w.length <= 3) return 1;
  const core = w.replace(/(?:[^laeiouy]es|ed|[^laeiouy]e)$/, '').replace(/^y/, '');
  return Math.max(1, core.match(/[aeiouy]{1,2}/g)?.length ?? 0);
}

interface Sentence {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly words: number;
}

const WORD = /[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'’-]*|\d+(?:[.,]\d+)*/g;

function sentencesOf(text: string): Sentence[] {
  const out: Sentence[] = [];
  // A sentence ends at . ! ? followed by space/end, or at a blank line (a heading or list item has no stop).
  const re = /[^.!?\n]+(?:[.!?]+(?=\s|$)|(?=\n)|$)/g;
  for (const m of text.matchAll(re)) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const t = raw.trim();
    if (!t) continue;
    const words = t.match(WORD)?.length ?? 0;
    if (words === 0) continue;
    const start = (m.index ?? 0) + lead;
    out.push({ text: t, start, end: start + t.length, words });
  }
  return out;
}

function band(score: number): PlainEnglishReport['band'] {
  if (score >= 90) return 'very-easy';
  if (score >= 70) return 'easy';
  if (score >= 60) return 'plain';
  if (score >= 50) return 'fairly-difficult';
  if (score >= 30) return 'difficult';
  return 'very-difficult';
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Scores plain text made of sections (e.g. the agent's sections and the template's merged text), flagging
 * each problem with its section and character offsets in that section's text.
 */
export function plainEnglish(sections: readonly { readonly key: string; readonly text: string }[]): PlainEnglishReport {
  let words = 0;
  let syll = 0;
  let sentences = 0;
  const flags: PlainEnglishFlag[] = [];
  for (const { key, text } of sections) {
    for (const s of sentencesOf(text)) {
      sentences++;
      for (const w of s.text.match(WORD) ?? []) {
        words++;
        syll += /^\d/.test(w) ? 1 : syllables(w);
      }
      if (s.words > LONG_SENTENCE_WORDS) {
        flags.push({
          kind: 'long-sentence',
          text: s.text,
          position: { section: key, start: s.start, end: s.end },
          suggestion: `${s.words} words: split it (aim for under ${LONG_SENTENCE_WORDS})`,
        });
      }
    }
    for (const j of JARGON) {
      const re = new RegExp(`(?<![A-Za-z])${escapeRe(j.term).replace(/ /g, '\\s+')}(?![A-Za-z])`, 'gi');
      for (const m of text.matchAll(re)) {
        const start = m.index ?? 0;
        flags.push({
          kind: 'jargon',
          text: m[0],
          position: { section: key, start, end: start + m[0].length },
          suggestion: j.plain,
        });
      }
    }
  }
  flags.sort(
    (a, b) =>
      (a.position.section < b.position.section ? -1 : a.position.section > b.position.section ? 1 : 0) ||
      a.position.start - b.position.start,
  );
  const score = words === 0 || sentences === 0 ? 100 : 206.835 - 1.015 * (words / sentences) - 84.6 * (syll / words);
  const rounded = Math.round(Math.max(0, Math.min(100, score)) * 10) / 10;
  return {
    score: rounded,
    band: band(rounded),
    words,
    sentences,
    averageSentenceWords: sentences === 0 ? 0 : Math.round((words / sentences) * 10) / 10,
    flags,
  };
}
