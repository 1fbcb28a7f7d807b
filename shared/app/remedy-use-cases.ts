// Putting things right: remedies offered on a complaint (apology, action, compensation with its amount in
// pence...) and the post-resolution actions that follow, assigned to business areas and tracked to closure.
// Like every use case they validate, check the actor, apply the rules (shared/domain/remedies) and write
// change + timeline + audit + outbox in one transaction; the server re-runs them on its canonical rows.
//
// Merge: remedies and actions are last-writer-wins by row (updated_hlc), not by field (field-merge.ts). Every
// change to one is a guarded step of a small state machine (offered -> accepted/refused -> paid or
// reconsidered; open -> in progress -> done/cancelled), and every step re-checks the row's status when the
// server re-runs it. Two desks taking steps on the same row offline are therefore never merged field by
// field: the first to reach the server stands, and the second is refused with the reason (e.g. "this one is
// paid") and rolled back on its desk. There are no free-text fields edited in place for a merge to protect.
//
// The complaint's response is sent when the decision is made: nothing here blocks or waits on the case's
// lifecycle, and actions can be raised and closed after the case itself is closed.
import * as z from 'zod';
import { compareDates, isoDateSchema, type IsoDate } from '../domain/dates.js';
import {
  ACTION_STATUSES,
  ACTION_STATUS_NAMES,
  COMPENSATION_KINDS,
  COMPENSATION_KIND_NAMES,
  MAX_REMEDY_PENCE,
  REMEDY_KINDS,
  REMEDY_KIND_NAMES,
  REMEDY_STATUS_AFTER,
  actionStepRefusal,
  actionUpdateRefusal,
  caseTeamRefusal,
  formatPence,
  remedyStepRefusal,
  STEP_PERMISSION,
  type ActionStatus,
  type RemedyKind,
  type RemedyStatus,
  type RemedyStep,
} from '../domain/remedies/remedies.js';
import type { Actor, ComplaintRecord, DeskRepository, UseCaseDeps } from './ports.js';
import type { RemedyRow } from './remedy-ports.js';
import { failure, fieldErrors, invalid, success, type UseCaseResult } from './result.js';
import { begin, forbidden, record, transact, type Committed, type Context } from './use-cases.js';
import { id, lazySchema, optionalText, text } from './schemas.js';

const pence = lazySchema(() =>
  z
    .number({ error: 'an amount in pence' })
    .int('a whole number of pence')
    .min(1, 'more than £0.00')
    .max(MAX_REMEDY_PENCE, `at most ${formatPence(MAX_REMEDY_PENCE)}`),
);

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Whose case it is (caseTeamRefusal); the server runs the same check against its own copy of the case. */
function outsideTeam(actor: Actor, complaint: ComplaintRecord): UseCaseResult<never> | null {
  const refusal = caseTeamRefusal(actor, complaint);
  return refusal ? failure({ code: 'forbidden', message: refusal }) : null;
}

function caseFor(repo: DeskRepository, complaintId: string): ComplaintRecord | UseCaseResult<never> {
  const complaint = repo.getComplaint(complaintId);
  if (!complaint) return failure({ code: 'not-found', message: 'no such complaint on this desk' });
  return complaint;
}
const isResult = (x: ComplaintRecord | UseCaseResult<never>): x is UseCaseResult<never> => 'ok' in x;

function timeline(ctx: Context, repo: DeskRepository, complaintId: string, hlc: string, kind: string, summary: string) {
  repo.appendTimeline({
    id: ctx.ids.next(),
    complaintId,
    contactId: null,
    hlc,
    occurredAt: ctx.now,
    actorId: ctx.actor.userId,
    kind,
    summary,
  });
}

/** "Financial remedy £250.00 (discretionary)" / "Apology". */
export function remedyLabel(row: RemedyRow): string {
  const kind = REMEDY_KIND_NAMES[String(row.kind) as RemedyKind] ?? String(row.kind);
  const amount = typeof row.amount_pence === 'number' ? ` ${formatPence(row.amount_pence)}` : '';
  const comp = str(row.compensation_kind);
  return `${kind}${amount}${comp ? ` (${COMPENSATION_KIND_NAMES[comp as keyof typeof COMPENSATION_KIND_NAMES].toLowerCase()})` : ''}`;
}

// ---- remedies ----

export const offerRemedyInput = lazySchema(() =>
  z
    .object({
      complaintId: id,
      kind: z.enum(REMEDY_KINDS),
      description: text(5_000),
      amountPence: pence().optional(),
      compensationKind: z.enum(COMPENSATION_KINDS).optional(),
      /** By when the remedy will happen (the offer says what will happen and by when). */
      dueDate: isoDateSchema.optional(),
    })
    .superRefine((v, ctx) => {
      if (v.kind === 'financial' && v.amountPence === undefined) {
        ctx.addIssue({ code: 'custom', path: ['amountPence'], message: 'a financial remedy needs its amount' });
      }
      if (v.kind === 'financial' && v.compensationKind === undefined) {
        ctx.addIssue({ code: 'custom', path: ['compensationKind'], message: 'say what kind of compensation it is' });
      }
      if (v.kind !== 'financial' && v.amountPence !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['amountPence'], message: 'only a financial remedy has an amount' });
      }
      if (v.kind !== 'financial' && v.compensationKind !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['compensationKind'],
          message: 'only a financial remedy is compensation',
        });
      }
    }),
);
export type OfferRemedyInput = z.input<ReturnType<typeof offerRemedyInput>>;

export function offerRemedy(
  deps: UseCaseDeps,
  actor: Actor,
  raw: unknown,
): UseCaseResult<{ remedyId: string } & Committed> {
  const denied = forbidden<never>(actor, 'offer-remedy');
  if (denied) return denied;
  const parsed = offerRemedyInput().safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const input = parsed.data;
  const ctx = begin(deps, actor, raw);
  if (input.dueDate && compareDates(input.dueDate, ctx.today) < 0) {
    return invalid([{ path: 'dueDate', message: `cannot be in the past (today is ${ctx.today})` }]);
  }
  return transact(ctx, (repo) => {
    const complaint = caseFor(repo, input.complaintId);
    if (isResult(complaint)) return complaint;
    const team = outsideTeam(actor, complaint);
    if (team) return team;
    if (complaint.state.status === 'withdrawn' || complaint.state.status === 'refused') {
      return failure({
        code: 'illegal-transition',
        message: `${complaint.reference} is ${complaint.state.status}: no remedy is offered on it`,
        fields: [],
      });
    }
    const hlc = deps.hlc.next();
    const remedyId = ctx.ids.next();
    const stage = complaint.state.stages[complaint.state.stages.length - 1];
    const row: RemedyRow = {
      id: remedyId,
      complaint_id: complaint.id,
      // The desk's complaint_stages rows are not synced; the stage is named by its key in the timeline instead.
      stage_id: null,
      kind: input.kind,
      description: input.description,
      amount_pence: input.amountPence ?? null,
      compensation_kind: input.compensationKind ?? null,
      status: 'offered',
      offered_date: ctx.today,
      decided_date: null,
      paid_date: null,
      reconsidered_evidence: null,
      updated_hlc: hlc,
      due_date: input.dueDate ?? null,
      offered_by: actor.userId,
      status_note: null,
      version: 1,
    };
    repo.putRemedyRow('remedies', row, true);
    timeline(
      ctx,
      repo,
      complaint.id,
      hlc,
      'remedy-offered',
      `Remedy offered${stage ? ` at ${stage.key}` : ''}: ${remedyLabel(row)}${input.dueDate ? `, by ${input.dueDate}` : ''}`,
    );
    const committed = record(ctx, repo, hlc, 'offer-remedy', { type: 'remedy', id: remedyId }, null, row);
    return success({ remedyId, ...committed });
  });
}

const remedyStepInput = lazySchema(() =>
  z.discriminatedUnion('step', [
    z.object({
      complaintId: id,
      remedyId: id,
      step: z.enum(['accept', 'refuse']),
      /** When the resident told us; today when not given. */
      on: isoDateSchema.optional(),
      note: optionalText(2_000),
    }),
    z.object({ complaintId: id, remedyId: id, step: z.literal('mark-paid'), on: isoDateSchema.optional() }),
    z.object({ complaintId: id, remedyId: id, step: z.literal('withdraw'), note: text(2_000) }),
    z.object({
      complaintId: id,
      remedyId: id,
      step: z.literal('reconsider'),
      /** What is new: the only ground on which a refused offer is reconsidered (policy 003 s.6). */
      newEvidence: z.string().trim().max(5_000, 'at most 5000 characters').default(''),
      /** The revised offer, when the reconsideration changes it. */
      amountPence: pence().optional(),
      description: optionalText(5_000),
    }),
  ]),
);
export type RemedyStepInput = z.input<ReturnType<typeof remedyStepInput>>;

const STEP_SUMMARY: Readonly<Record<RemedyStep, string>> = {
  accept: 'Remedy accepted by the resident',
  refuse: 'Remedy refused by the resident',
  'mark-paid': 'Compensation paid',
  withdraw: 'Remedy withdrawn',
  reconsider: 'Refused remedy reconsidered on new evidence',
};

/** The resident's decision on an offer, its payment, its withdrawal, or the reconsideration of a refusal. */
export function remedyStep(
  deps: UseCaseDeps,
  actor: Actor,
  raw: unknown,
): UseCaseResult<{ status: RemedyStatus } & Committed> {
  const parsed = remedyStepInput().safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const input = parsed.data;
  const denied = forbidden<never>(actor, STEP_PERMISSION[input.step]);
  if (denied) return denied;
  const ctx = begin(deps, actor, raw);
  const on = 'on' in input && input.on ? input.on : ctx.today;
  if (compareDates(on, ctx.today) > 0) {
    return invalid([{ path: 'on', message: `cannot be in the future (today is ${ctx.today})` }]);
  }
  return transact(ctx, (repo) => {
    const complaint = caseFor(repo, input.complaintId);
    if (isResult(complaint)) return complaint;
    const team = outsideTeam(actor, complaint);
    if (team) return team;
    const before = repo.remedyRow('remedies', input.remedyId);
    if (!before || before.complaint_id !== complaint.id) {
      return failure({ code: 'not-found', message: `no such remedy on ${complaint.reference}` });
    }
    const status = String(before.status) as RemedyStatus;
    const refusal = remedyStepRefusal(
      { status, financial: before.kind === 'financial' },
      input.step,
      input.step === 'reconsider' ? input.newEvidence : null,
    );
    if (refusal) {
      // Reconsidering without new evidence is bad input (the person can supply it), not a wrong state.
      return input.step === 'reconsider' && status === 'refused'
        ? invalid([{ path: 'newEvidence', message: refusal }])
        : failure({ code: 'illegal-transition', message: refusal, fields: [] });
    }
    if (input.step === 'reconsider' && input.amountPence !== undefined && before.kind !== 'financial') {
      return invalid([{ path: 'amountPence', message: 'only a financial remedy has an amount' }]);
    }
    const decided = str(before.decided_date) as IsoDate | null;
    const offered = String(before.offered_date) as IsoDate;
    if (input.step === 'mark-paid' && decided && compareDates(on, decided) < 0) {
      return invalid([{ path: 'on', message: `cannot be before the offer was accepted (${decided})` }]);
    }
    if ((input.step === 'accept' || input.step === 'refuse') && compareDates(on, offered) < 0) {
      return invalid([{ path: 'on', message: `cannot be before the offer was made (${offered})` }]);
    }
    const hlc = deps.hlc.next();
    const after: RemedyRow = {
      ...before,
      status: REMEDY_STATUS_AFTER[input.step],
      updated_hlc: hlc,
      version: Number(before.version) + 1,
      ...(input.step === 'accept' || input.step === 'refuse' ? { decided_date: on, status_note: input.note } : {}),
      ...(input.step === 'mark-paid' ? { paid_date: on } : {}),
      ...(input.step === 'withdraw' ? { status_note: input.note } : {}),
      ...(input.step === 'reconsider'
        ? {
            // Each reconsideration's evidence is kept, dated, after any earlier one.
            reconsidered_evidence: [str(before.reconsidered_evidence), `${ctx.today}: ${input.newEvidence}`]
              .filter(Boolean)
              .join('\n'),
            decided_date: null,
            status_note: null,
            ...(input.amountPence !== undefined ? { amount_pence: input.amountPence } : {}),
            ...(input.description ? { description: input.description } : {}),
          }
        : {}),
    };
    repo.putRemedyRow('remedies', after, false);
    const detail =
      input.step === 'reconsider'
        ? `: ${input.newEvidence}${after.amount_pence !== before.amount_pence ? `; revised to ${remedyLabel(after)}` : ''}`
        : 'note' in input && input.note
          ? `: ${input.note}`
          : '';
    timeline(
      ctx,
      repo,
      complaint.id,
      hlc,
      `remedy-${input.step}`,
      `${STEP_SUMMARY[input.step]} (${remedyLabel(before)})${detail}`,
    );
    const committed = record(
      ctx,
      repo,
      hlc,
      'remedy-step',
      { type: 'remedy', id: input.remedyId },
      before,
      after,
      `remedy:${input.step}`,
    );
    return success({ status: REMEDY_STATUS_AFTER[input.step], ...committed });
  });
}

// ---- post-resolution actions ----

export const addActionInput = lazySchema(() =>
  z.object({
    complaintId: id,
    businessAreaKey: z.string().trim().min(1, 'choose the business area').max(60),
    ownerId: id.optional(),
    description: text(5_000),
    dueDate: isoDateSchema.optional(),
  }),
);
export type AddActionInput = z.input<ReturnType<typeof addActionInput>>;

/** An action the resolution needs from a business area, tracked on that area's dashboard until it is closed. */
export function addAction(
  deps: UseCaseDeps,
  actor: Actor,
  raw: unknown,
): UseCaseResult<{ actionId: string } & Committed> {
  const denied = forbidden<never>(actor, 'add-action');
  if (denied) return denied;
  const parsed = addActionInput().safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const input = parsed.data;
  const ctx = begin(deps, actor, raw);
  if (input.dueDate && compareDates(input.dueDate, ctx.today) < 0) {
    return invalid([{ path: 'dueDate', message: `cannot be in the past (today is ${ctx.today})` }]);
  }
  return transact(ctx, (repo) => {
    const complaint = caseFor(repo, input.complaintId);
    if (isResult(complaint)) return complaint;
    const team = outsideTeam(actor, complaint);
    if (team) return team;
    const area = repo.businessArea(input.businessAreaKey);
    if (!area) return invalid([{ path: 'businessAreaKey', message: 'no such business area' }]);
    if (input.ownerId && !repo.userExists(input.ownerId)) {
      return invalid([{ path: 'ownerId', message: 'no such user' }]);
    }
    const hlc = deps.hlc.next();
    const actionId = ctx.ids.next();
    const row: RemedyRow = {
      id: actionId,
      complaint_id: complaint.id,
      business_area_key: area.key,
      owner_id: input.ownerId ?? null,
      description: input.description,
      due_date: input.dueDate ?? null,
      status: 'open',
      last_update_date: null,
      closed_date: null,
      updated_hlc: hlc,
      created_by: actor.userId,
      created_at: ctx.now,
      last_update_note: null,
      version: 1,
    };
    repo.putRemedyRow('post_resolution_actions', row, true);
    timeline(
      ctx,
      repo,
      complaint.id,
      hlc,
      'action-added',
      `Action for ${area.name}${input.dueDate ? ` by ${input.dueDate}` : ''}: ${clip(input.description)}`,
    );
    const committed = record(ctx, repo, hlc, 'add-action', { type: 'action', id: actionId }, null, row);
    return success({ actionId, ...committed });
  });
}

const updateActionInput = lazySchema(() =>
  z
    .object({
      complaintId: id,
      actionId: id,
      status: z.enum(ACTION_STATUSES),
      note: optionalText(2_000),
    })
    .superRefine((v, ctx) => {
      if (v.status === 'cancelled' && !v.note) {
        ctx.addIssue({ code: 'custom', path: ['note'], message: 'say why the action is cancelled' });
      }
    }),
);
export type UpdateActionInput = z.input<ReturnType<typeof updateActionInput>>;

/**
 * Moves an action on (open -> in progress -> done or cancelled; done and cancelled close it) with a note. The
 * owner of the action's business area may do this for their area's actions, wherever the case sits.
 */
export function updateAction(
  deps: UseCaseDeps,
  actor: Actor,
  raw: unknown,
): UseCaseResult<{ status: ActionStatus } & Committed> {
  const denied = forbidden<never>(actor, 'update-action');
  if (denied) return denied;
  const parsed = updateActionInput().safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const input = parsed.data;
  const ctx = begin(deps, actor, raw);
  return transact(ctx, (repo) => {
    const complaint = caseFor(repo, input.complaintId);
    if (isResult(complaint)) return complaint;
    const before = repo.remedyRow('post_resolution_actions', input.actionId);
    if (!before || before.complaint_id !== complaint.id) {
      return failure({ code: 'not-found', message: `no such action on ${complaint.reference}` });
    }
    const area = repo.businessArea(String(before.business_area_key));
    const notYours = actionUpdateRefusal(
      actor,
      { areaName: area?.name ?? String(before.business_area_key), areaOwnerId: area?.ownerUserId ?? null },
      complaint,
    );
    if (notYours) return failure({ code: 'forbidden', message: notYours });
    const from = String(before.status) as ActionStatus;
    const refusal = actionStepRefusal(from, input.status);
    if (refusal) return failure({ code: 'illegal-transition', message: refusal, fields: [] });
    const hlc = deps.hlc.next();
    const closing = input.status === 'done' || input.status === 'cancelled';
    const after: RemedyRow = {
      ...before,
      status: input.status,
      last_update_date: ctx.today,
      last_update_note: input.note,
      closed_date: closing ? ctx.today : null,
      updated_hlc: hlc,
      version: Number(before.version) + 1,
    };
    repo.putRemedyRow('post_resolution_actions', after, false);
    timeline(
      ctx,
      repo,
      complaint.id,
      hlc,
      closing ? 'action-closed' : 'action-updated',
      `Action for ${area?.name ?? String(before.business_area_key)} ${ACTION_STATUS_NAMES[input.status].toLowerCase()}${input.note ? `: ${clip(input.note)}` : ''}`,
    );
    const committed = record(
      ctx,
      repo,
      hlc,
      'update-action',
      { type: 'action', id: input.actionId },
      before,
      after,
      `action:${input.status}`,
    );
    return success({ status: input.status, ...committed });
  });
}

const clip = (s: string) => (s.length > 120 ? s.slice(0, 117) + '…' : s);
