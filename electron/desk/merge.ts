// The sync-merge DeskApi methods of the desk service: editing a complaint's, an enquiry's or a person's
// details (merged field by field, last writer wins, when desks sync) and the decision conflicts pulled from
// the server, which a person resolves here (the resolution is itself a synced mutation the server re-checks).
import type { z } from 'zod';
import type { DeskDatabase } from '../../db/sqlite/index.js';
import { getConflict, listConflicts } from '../../db/sqlite/merge-store.js';
import {
  resolveConflict,
  updateComplaintDetails,
  updateContact,
  updatePerson,
} from '../../shared/app/merge-use-cases.js';
import type { Actor, UseCaseDeps } from '../../shared/app/ports.js';
import type { DESK_API, DeskApiMethod, DeskApiOutputs, DeskApiResult } from '../../shared/contracts/desk-api.js';

export const MERGE_METHODS = [
  'updateComplaintDetails',
  'updatePerson',
  'updateContact',
  'listConflicts',
  'resolveConflict',
] as const satisfies readonly DeskApiMethod[];
export type MergeMethod = (typeof MERGE_METHODS)[number];

type Input<M extends DeskApiMethod> = z.output<(typeof DESK_API)[M]>;
export type MergeHandlers = {
  [M in MergeMethod]: (input: Input<M>) => DeskApiResult<DeskApiOutputs[M]>;
};

export interface MergeHost {
  // Functions, not values: the service builds its handler table before its constructor body runs.
  desk(): DeskDatabase;
  deps(): UseCaseDeps;
  me(): Actor;
}

export function mergeHandlers(host: MergeHost): MergeHandlers {
  return {
    updateComplaintDetails: (i) => updateComplaintDetails(host.deps(), host.me(), i),
    updatePerson: (i) => updatePerson(host.deps(), host.me(), i),
    updateContact: (i) => updateContact(host.deps(), host.me(), i),
    listConflicts: (i) => ({
      ok: true,
      value: listConflicts(host.desk().db, {
        includeResolved: i.includeResolved ?? false,
        ...(i.complaintId ? { complaintId: i.complaintId } : {}),
        limit: i.limit ?? 200,
      }),
    }),
    resolveConflict: (i) => {
      // The use case needs the case too (the server prefetches what a mutation names): read it from the row.
      const conflict = getConflict(host.desk().db, i.conflictId);
      if (!conflict) return { ok: false, error: { code: 'not-found', message: 'no such conflict on this desk' } };
      return resolveConflict(host.deps(), host.me(), { ...i, complaintId: conflict.entityId });
    },
  };
}
