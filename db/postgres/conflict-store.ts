// Decision conflicts on the server (shared/app/field-merge.ts): recorded in the same transaction as the
// rejection of the losing mutation — in the sync_conflicts ledger, and as a synced row (entity type
// 'sync_conflicts') with its change, so desks pull it like any other row and a person resolves it there.
import type { CanonicalRow } from '../../shared/app/sync-rows.js';
import type { DetectedConflict } from '../../shared/app/field-merge.js';
import type { Queryable } from './db.js';

export async function recordConflict(
  q: Queryable,
  c: {
    readonly id: string;
    readonly mutationId: string;
    readonly entityType: string;
    readonly entityId: string;
    readonly detected: DetectedConflict;
    readonly row: CanonicalRow;
    readonly teamId: string | null;
    readonly at: string;
  },
): Promise<void> {
  // One conflict per losing mutation: its id is the mutation's, and a replay of that mutation never gets here
  // (it is answered from the ledger), but ON CONFLICT keeps it exactly-once whatever happens.
  await q.query(
    `WITH k AS (
       INSERT INTO sync_conflicts (conflict_id, mutation_id, entity_type, entity_id, field, local, remote, detected_at)
       VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7::text::jsonb, $8)
       ON CONFLICT DO NOTHING RETURNING conflict_id),
     c AS (
       INSERT INTO changes (entity_type, entity_id, team_id, payload, hlc, mutation_id, created_at)
       SELECT 'sync_conflicts', conflict_id, $9, $10::text::jsonb, $11, $2, $8 FROM k
       RETURNING seq, entity_id, team_id, payload)
     INSERT INTO entities (entity_type, entity_id, data, version, team_id, hlc, updated_seq)
     SELECT 'sync_conflicts', entity_id, payload, 1, team_id, $11, seq FROM c`,
    [
      c.id,
      c.mutationId,
      c.entityType,
      c.entityId,
      c.detected.field,
      JSON.stringify(c.detected.local),
      JSON.stringify(c.detected.remote),
      c.at,
      c.teamId,
      JSON.stringify(c.row),
      c.detected.local.hlc,
    ],
  );
}
