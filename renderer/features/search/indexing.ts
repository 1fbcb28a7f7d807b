import type { SearchAnswer } from '../../../shared/contracts/desk-api.js';

/**
 * What to tell the user while the desk's search index is still being built (after its first sync), or null
 * when it is complete. Never shows 100% while something is still missing.
 */
export function indexingNotice(indexing: SearchAnswer['indexing'] | undefined): string | null {
  if (!indexing) return null;
  const pct = indexing.total > 0 ? Math.min(99, Math.floor((indexing.done / indexing.total) * 100)) : 0;
  return `Search is still being prepared on this desk (${pct}%) — results may be incomplete`;
}
