// Pure helpers of the agent workspace's forms: adjustments in words, UK date and time to an instant (London
// time, across the clock change), and a stored draft restored over the form's empty value.
import { describe, expect, it } from 'vitest';
import { adjustmentPhrases } from '../../renderer/features/case/adjustments.js';
import { instantFromUk } from '../../renderer/features/case/instant.js';
import { restoreDraft } from '../../renderer/features/drafts/restore.js';

describe('adjustmentPhrases', () => {
  it('puts the language with translation and the preferred channel in words', () => {
    const json = JSON.stringify({
      supports: ['large-print', 'translation', 'hearing-support'],
      language: 'Polish',
      preferredChannel: 'sms',
      detail: 'Call after 2pm',
    });
    expect(adjustmentPhrases(json)).toEqual([
      'Large print',
      'Translation (Polish)',
      'Hearing support',
      'Prefers text message',
      'Call after 2pm',
    ]);
  });

  it('gives nothing for no adjustments or a damaged value', () => {
    expect(adjustmentPhrases(null)).toEqual([]);
    expect(adjustmentPhrases('{oops')).toEqual([]);
    expect(adjustmentPhrases(JSON.stringify({ supports: [], language: 'Welsh' }))).toEqual(['Language: Welsh']);
  });
});

describe('instantFromUk', () => {
  it('reads the wall time in London, in winter (GMT) and in summer (BST)', () => {
    expect(instantFromUk('15/01/2026', '09:30')).toBe('2026-01-15T09:30:00.000Z');
    expect(instantFromUk('15/07/2026', '09:30')).toBe('2026-07-15T08:30:00.000Z');
  });

  it('refuses what is not a date and a time', () => {
    expect(instantFromUk('2026-07-15x', '09:30')).toBeNull();
    expect(instantFromUk('15/07/2026', '25:00')).toBeNull();
    expect(instantFromUk('', '')).toBeNull();
  });
});

describe('restoreDraft', () => {
  const empty = { name: '', count: 0, tags: [] as string[], ok: false };

  it('takes the stored fields of the right type over the empty value', () => {
    expect(restoreDraft(empty, JSON.stringify({ name: 'Grace', tags: ['a'], extra: 1, count: 'x' }))).toEqual({
      name: 'Grace',
      count: 0,
      tags: ['a'],
      ok: false,
    });
  });

  it('falls back to the empty value for a damaged draft', () => {
    expect(restoreDraft(empty, '{not json')).toEqual(empty);
    expect(restoreDraft(empty, '[1,2]')).toEqual(empty);
    expect(restoreDraft(empty, null)).toEqual(empty);
  });
});
