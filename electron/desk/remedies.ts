// The putting-things-right DeskApi methods of the desk service: a case's remedies and actions, the use cases
// that change them (shared/app/remedy-use-cases.ts, synced and re-run by the server), and the business-area
// dashboard of open actions.
import type { z } from 'zod';
import type { DeskDatabase } from '../../db/sqlite/index.js';
import { actionsDashboard, allAreas, caseRemedies, ownedAreas } from '../../db/sqlite/remedy-queries.js';
import { addAction, offerRemedy, remedyStep, updateAction } from '../../shared/app/remedy-use-cases.js';
import type { Actor, Clock, UseCaseDeps } from '../../shared/app/ports.js';
import type { DESK_API, DeskApiMethod, DeskApiOutputs, DeskApiResult } from '../../shared/contracts/desk-api.js';

export const REMEDY_METHODS = [
  'caseRemedies',
  'offerRemedy',
  'remedyStep',
  'addAction',
  'updateAction',
  'actionsDashboard',
] as const satisfies readonly DeskApiMethod[];
export type RemedyMethod = (typeof REMEDY_METHODS)[number];

type Input<M extends DeskApiMethod> = z.output<(typeof DESK_API)[M]>;
export type RemedyHandlers = {
  [M in RemedyMethod]: (input: Input<M>) => DeskApiResult<DeskApiOutputs[M]>;
};

export interface RemedyHost {
  // Functions, not values: the service builds its handler table before its constructor body runs.
  desk(): DeskDatabase;
  clock(): Clock;
  deps(): UseCaseDeps;
  me(): Actor;
}

export function remedyHandlers(host: RemedyHost): RemedyHandlers {
  return {
    caseRemedies: (i) => ({ ok: true, value: caseRemedies(host.desk().db, i.complaintId, host.clock().today()) }),
    offerRemedy: (i) => offerRemedy(host.deps(), host.me(), i),
    remedyStep: (i) => remedyStep(host.deps(), host.me(), i),
    addAction: (i) => addAction(host.deps(), host.me(), i),
    updateAction: (i) => updateAction(host.deps(), host.me(), i),
    actionsDashboard: (i) => {
      const me = host.me();
      const db = host.desk().db;
      const all = me.roles.includes('manager');
      if (!all && !me.roles.includes('business-area-owner')) {
        return {
          ok: false,
          error: { code: 'forbidden', message: 'the actions dashboard is for business-area owners and managers' },
        };
      }
      const areas = all ? allAreas(db) : ownedAreas(db, me.userId);
      const board = actionsDashboard(db, {
        areas: all ? null : areas.map((a) => a.key),
        ...(i.areaKey ? { areaKey: i.areaKey } : {}),
        today: host.clock().today(),
      });
      return { ok: true, value: { ...board, areas } };
    },
  };
}
