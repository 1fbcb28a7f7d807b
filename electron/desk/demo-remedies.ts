// Putting things right in the demo organisation: on a case upheld or partly upheld, an apology and (on every
// other case) compensation, the resident's decision a few days later (now and then a refusal, reconsidered on
// new evidence), payment, and an action for the business area, moved on by the area's owner (Oli Owner owns
// Repairs and Estates) or the manager. All through the real use cases, on the days they happen in the walk.
//
// Every choice comes from the case's number, never from the walk's random sequence, and the use cases run
// with their own id source: the rest of the demo is the same as it was before remedies were seeded.
import type { Actor, UseCaseDeps } from '../../shared/app/ports.js';
import type { UseCaseResult } from '../../shared/app/result.js';
import { addAction, offerRemedy, remedyStep, updateAction } from '../../shared/app/remedy-use-cases.js';
import { calendarFor } from '../../shared/domain/calendar/working-days.js';
import type { IsoDate } from '../../shared/domain/dates.js';

/** The business areas Oli Owner (the demo's business-area owner) owns. */
export const DEMO_OWNED_AREAS: readonly string[] = ['repairs', 'estates'];

const APOLOGY: Readonly<Record<string, string>> = {
  repairs:
    'We apologise that the repair was not put right in the time we promised, and for the visits you waited in for.',
  asb: 'We apologise that we did not keep you updated on the reports you made, or act on them quickly enough.',
  income: 'We apologise for the error on your rent account and the worry the letters about it caused.',
  estates: 'We apologise that the communal areas were not kept to the standard we set, and that you had to chase us.',
  'customer-services': 'We apologise that we did not call you back when we said we would.',
};

const ACTION: Readonly<Record<string, string>> = {
  repairs: 'Complete the outstanding repair and inspect the work afterwards; confirm the date with the resident.',
  asb: 'Contact the resident weekly with an update on the case until the action plan is complete.',
  income: 'Correct the rent account, remove the arrears letters from the file and confirm the balance in writing.',
  estates: 'Reschedule the communal cleaning and grounds visits and check them monthly for three months.',
  'customer-services': 'Brief the contact centre team on call-back times and check the call-back log weekly.',
};

export interface RemedyPlan {
  /** The case's number in the walk: every choice below is taken from it. */
  readonly n: number;
  /** The walk's day index the response was sent on. */
  readonly dayIndex: number;
  readonly complaintId: string;
  readonly area: string;
  /** The demo user handling the case. */
  readonly who: string;
  at(dayIndex: number, run: () => void): void;
  readonly deps: UseCaseDeps;
  actor(key: string): Actor;
  check<T>(what: string, r: UseCaseResult<T>): T | null;
  /** The walk's current day (the clock the use cases run by). */
  today(): IsoDate;
}

export function planRemedies(p: RemedyPlan): void {
  const { n, dayIndex, complaintId, area, who, at, deps, actor, check } = p;
  const calendar = calendarFor('england-and-wales');
  const financial = n % 2 === 0;
  const amountPence = 2_500 * (1 + (n % 5)) + 50 * (n % 3);
  const owner = DEMO_OWNED_AREAS.includes(area) ? 'owner' : 'manager';

  const apology = check(
    'offer apology',
    offerRemedy(deps, actor(who), {
      complaintId,
      kind: 'apology',
      description: APOLOGY[area] ?? 'We apologise for the service you received.',
    }),
  );
  const compensation = financial
    ? check(
        'offer compensation',
        offerRemedy(deps, actor(who), {
          complaintId,
          kind: 'financial',
          compensationKind: n % 4 === 0 ? 'time-and-trouble' : 'discretionary',
          amountPence,
          description: 'For the time and trouble of chasing us and the inconvenience while it was put right.',
          dueDate: calendar.addWorkingDays(p.today(), 10),
        }),
      )
    : null;
  const action = check(
    'add action',
    addAction(deps, actor(who), {
      complaintId,
      businessAreaKey: area,
      description: ACTION[area] ?? 'Put right what went wrong and confirm it with the resident.',
      dueDate: calendar.addWorkingDays(p.today(), 5 + (n % 15)),
    }),
  );

  const step = (by: string, remedyId: string, input: Record<string, unknown>) =>
    check(`remedy ${String(input.step)}`, remedyStep(deps, actor(by), { complaintId, remedyId, ...input }));
  if (apology) at(dayIndex + 2, () => step(who, apology.remedyId, { step: 'accept' }));
  if (compensation) {
    const id = compensation.remedyId;
    if (n % 7 === 2) {
      at(dayIndex + 3, () =>
        step(who, id, { step: 'refuse', note: 'The resident says the amount does not cover the damaged carpet.' }),
      );
      if (n % 14 === 2) {
        at(dayIndex + 6, () =>
          step('manager', id, {
            step: 'reconsider',
            newEvidence: 'Receipt for the replacement carpet (£180.00) sent in by the resident.',
            amountPence: amountPence + 18_000,
          }),
        );
        at(dayIndex + 8, () => step(who, id, { step: 'accept' }));
        at(dayIndex + 12, () => step('manager', id, { step: 'mark-paid' }));
      }
    } else {
      at(dayIndex + 3, () => step(who, id, { step: 'accept' }));
      if (n % 3 !== 0) at(dayIndex + 8, () => step('manager', id, { step: 'mark-paid' }));
    }
  }
  if (action) {
    const move = (status: string, note: string) =>
      check(
        `action ${status}`,
        updateAction(deps, actor(owner), { complaintId, actionId: action.actionId, status, note }),
      );
    if (n % 3 !== 0) at(dayIndex + 3, () => move('in-progress', 'Booked in with the team; the resident is aware.'));
    if (n % 3 === 2) at(dayIndex + 10, () => move('done', 'Completed and checked; the resident confirmed.'));
  }
}
