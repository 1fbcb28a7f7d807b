// The workspace (Shell and what it shows first) is its own chunk: the sign-in page loads without it. Asked for
// when the sign-in form is on screen and the page is idle, and at the latest when Sign in is pressed; import()
// fetches a chunk once, so calling this again costs nothing.
import { preloadable } from './preloadable.js';

export const Shell = preloadable(() => import('../components/Shell.js').then((m) => m.Shell));
export const loadShell = () => Shell.preload();
