// What the search box says while the desk's search index is still being built after its first sync.
import { describe, expect, it } from 'vitest';
import { indexingNotice } from '../../renderer/features/search/indexing.js';

describe('the search indexing notice', () => {
  it('is absent once the index is complete', () => {
    expect(indexingNotice(null)).toBeNull();
    expect(indexingNotice(undefined)).toBeNull();
  });

  it('gives the share indexed, rounded down, never 100% while something is missing', () => {
    expect(indexingNotice({ done: 42, total: 100 })).toBe(
      'Search is still being prepared on this desk (42%) — results may be incomplete',
    );
    expect(indexingNotice({ done: 0, total: 66_680 })).toContain('(0%)');
    expect(indexingNotice({ done: 66_679, total: 66_680 })).toContain('(99%)');
    expect(indexingNotice({ done: 0, total: 0 })).toContain('(0%)');
  });
});
