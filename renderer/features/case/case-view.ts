// The case view in its own chunk. Lists of cases (My work) fetch it as soon as they are drawn, since opening a
// case is what comes next: a chunk still on its way when the case is clicked means React's Suspense fallback,
// and then up to 300 ms before the case is revealed (see app/preloadable.ts).
import { preloadable } from '../../app/preloadable.js';

export const CaseDetailView = preloadable(() => import('./CaseDetail.js').then((m) => m.CaseDetail));
