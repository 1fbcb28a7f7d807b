// HOOK for "log a contact (use case end to end)": return a function that logs the i-th contact through
// the real use case (validation, rules, one transaction with change + timeline + audit + outbox), or null
// while it is not wired. run.ts times each call and prints p50/p95 next to the query figures.
import type { DeskDatabase } from '../../db/sqlite/index.js';

export type LogContactBench = (i: number) => void;

export function logContactBench(_desk: DeskDatabase): LogContactBench | null {
  return null;
}
