// Push's decision-conflict check: a desk's decision command that the server's state machine refused because
// another desk's different decision got there first is recorded as a conflict for a person to resolve
// (shared/app/field-merge.ts), rather than disappearing as an ordinary rejection.
import { detectDecisionConflict, isDecisionCommand, type DetectedConflict } from '../../shared/app/field-merge.js';
import { conflictRow, rowKey, type CanonicalRow } from '../../shared/app/sync-rows.js';
import type { CaseRecord } from '../../shared/domain/lifecycle/types.js';
import type { PushMutation } from '../../shared/contracts/sync.js';

/** Use case errors that mean "the case moved on under this command", as opposed to a bad or forbidden one. */
const RACE_CODES = ['illegal-transition', 'guard-failed', 'conflict'];

export interface ConflictToRecord {
  readonly detected: DetectedConflict;
  readonly complaintId: string;
  readonly row: CanonicalRow;
  readonly teamId: string | null;
}

export function decisionConflictOf(
  m: PushMutation,
  deskId: string,
  errorCode: string,
  rows: ReadonlyMap<string, CanonicalRow>,
): ConflictToRecord | null {
  if (m.useCase !== 'complaint-command' || !RACE_CODES.includes(errorCode)) return null;
  const input = m.payload.input as { complaintId?: unknown; command?: { type?: unknown } } | null;
  const command = input?.command;
  if (typeof input?.complaintId !== 'string' || !command || !isDecisionCommand(command.type)) return null;
  const complaint = rows.get(rowKey('complaints', input.complaintId));
  if (!complaint || typeof complaint.state_json !== 'string') return null;
  const detected = detectDecisionConflict(
    {
      mutationId: m.mutationId,
      deskId,
      actorId: m.actorId,
      hlc: m.hlc,
      command: command as Record<string, unknown> & { type: typeof command.type },
    },
    JSON.parse(complaint.state_json) as CaseRecord,
    { version: Number(complaint.version), updatedHlc: String(complaint.updated_hlc) },
  );
  if (!detected) return null;
  return {
    detected,
    complaintId: input.complaintId,
    row: conflictRow(m.mutationId, detected, 'complaints', input.complaintId),
    teamId: typeof complaint.team_id === 'string' ? complaint.team_id : null,
  };
}
