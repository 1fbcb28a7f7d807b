// The agent workspace's DeskApi methods of the desk service: recording correspondence on a case, and drafts
// (what an agent typed and has not saved yet) kept per user in the desk database, so they survive a reload,
// a crash or a restart of the app.
import type { z } from 'zod';
import { discardDraft, loadDraft, saveDraft, type DeskDatabase } from '../../db/sqlite/index.js';
import type { Actor, Clock, UseCaseDeps } from '../../shared/app/ports.js';
import { addCorrespondence } from '../../shared/app/use-cases.js';
import type { DESK_API, DeskApiMethod, DeskApiOutputs, DeskApiResult } from '../../shared/contracts/desk-api.js';

export const WORKSPACE_METHODS = [
  'addCorrespondence',
  'saveDraft',
  'loadDraft',
  'discardDraft',
] as const satisfies readonly DeskApiMethod[];
export type WorkspaceMethod = (typeof WORKSPACE_METHODS)[number];

type Input<M extends DeskApiMethod> = z.output<(typeof DESK_API)[M]>;
export type WorkspaceHandlers = {
  [M in WorkspaceMethod]: (input: Input<M>) => DeskApiResult<DeskApiOutputs[M]>;
};

export interface WorkspaceHost {
  // Functions, not values: the service builds its handler table before its constructor body runs.
  desk(): DeskDatabase;
  clock(): Clock;
  deps(): UseCaseDeps;
  me(): Actor;
}

export function workspaceHandlers(host: WorkspaceHost): WorkspaceHandlers {
  return {
    addCorrespondence: (i) => {
      // Attachments are not taken over the DeskApi yet (bytes do not travel in its JSON); the use case stores
      // them when a host passes them.
      const r = addCorrespondence(host.deps(), host.me(), { ...i, attachments: [] });
      if (!r.ok) return r;
      return {
        ok: true,
        value: { correspondenceId: r.value.correspondenceId, hlc: r.value.hlc, mutationId: r.value.mutationId },
      };
    },
    saveDraft: (i) => {
      const savedAt = host.clock().nowIso();
      saveDraft(host.desk().db, host.me().userId, i.key, i.body, savedAt);
      return { ok: true, value: { savedAt } };
    },
    loadDraft: (i) => ({ ok: true, value: loadDraft(host.desk().db, host.me().userId, i.key) }),
    discardDraft: (i) => ({
      ok: true,
      value: { discarded: discardDraft(host.desk().db, host.me().userId, i.key) },
    }),
  };
}
