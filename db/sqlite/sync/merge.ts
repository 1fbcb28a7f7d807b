// The desk's part of sync merge (shared/app/field-merge.ts) when it applies pulled changes: it takes in the
// clocks it sees, so its own next edit orders after every edit it has seen (the receive step of a hybrid
// logical clock). Without it a desk whose wall clock lags would make edits that lose, by HLC, to older ones.
import type Database from 'better-sqlite3';
import { decodeHlc } from '../../../shared/domain/hlc.js';
import type { Change } from '../../../shared/contracts/sync.js';
import { saveLastHlc } from '../outbox.js';

export function observeRemoteClocks(db: Database.Database, changes: readonly Pick<Change, 'hlc'>[]): void {
  let max = '';
  for (const c of changes) if (c.hlc > max) max = c.hlc;
  // Only well-formed clocks: the server accepted them within its allowed drift, so they cannot be far ahead.
  if (max !== '' && decodeHlc(max).ok) saveLastHlc(db, max);
}
