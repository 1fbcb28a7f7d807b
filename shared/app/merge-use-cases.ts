// The use cases sync merges through (field-merge.ts): editing a complaint's details or a person's details
// (last-writer-wins fields: the server re-runs them on its rows, where an edit older by HLC than a field's
// last write leaves that field alone), and resolving a decision conflict the server detected.
import * as z from 'zod';
import { DECISIONS, type CaseRecord, type Decision } from '../domain/lifecycle/types.js';
import { findProfile } from '../domain/profiles/registry.js';
import { ADJUSTMENT_SUPPORTS, PREFERRED_CHANNELS } from '../domain/vocabulary.js';
import { ADJUSTMENT_PARTS, CONFLICT_RESOLUTIONS, mergeFields } from './field-merge.js';
import type { Actor, FieldValue, UseCaseDeps } from './ports.js';
import { failure, fieldErrors, invalid, success, type UseCaseResult } from './result.js';
import {
  adjustmentsJson,
  begin,
  columnsOf,
  forbidden,
  record,
  runningOf,
  transact,
  unknownReferences,
  type Committed,
} from './use-cases.js';
import { id, lazySchema } from './schemas.js';

/** A field that may be cleared: absent = leave it, null or blank = clear it. */
const clearable = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .nullable()
    .optional()
    .transform((s) => (s === undefined ? undefined : s ? s : null));
const key = lazySchema(() =>
  z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{1,60}$/, 'must be a key')
    .nullable()
    .optional(),
);

const complaintDetailsInput = lazySchema(() =>
  z
    .object({
      complaintId: id,
      summary: z.string().trim().min(1, 'required').max(20_000, 'at most 20000 characters').optional(),
      outcomeWanted: clearable(5_000),
      categoryKey: key(),
      businessAreaKey: key(),
    })
    .strict()
    .refine(
      (v) =>
        v.summary !== undefined ||
        v.outcomeWanted !== undefined ||
        v.categoryKey !== undefined ||
        v.businessAreaKey !== undefined,
      { message: 'change at least one detail', path: ['summary'] },
    ),
);

const FIELD_LABELS: Readonly<Record<string, string>> = {
  summary: 'summary',
  outcome_wanted: 'outcome wanted',
  category_key: 'category',
  business_area_key: 'business area',
  given_name: 'given name',
  family_name: 'family name',
  email: 'email',
  phone: 'phone',
  address_line1: 'address',
  town: 'town',
  postcode: 'postcode',
  [ADJUSTMENT_PARTS.supports]: 'support needed',
  [ADJUSTMENT_PARTS.language]: 'language',
  [ADJUSTMENT_PARTS.preferredChannel]: 'preferred channel',
  [ADJUSTMENT_PARTS.detail]: 'adjustment detail',
};

function summaryOfEdit(what: string, applied: readonly string[], superseded: readonly string[]): string {
  const names = (fs: readonly string[]) => fs.map((f) => FIELD_LABELS[f] ?? f).join(', ');
  if (applied.length === 0) return `${what}: edit recorded; later edits stand (${names(superseded)})`;
  return `${what} edited: ${names(applied)}${superseded.length ? `; later edits stand for ${names(superseded)}` : ''}`;
}

/** Edits a complaint's summary, outcome wanted, category or business area; field by field, last writer wins. */
export function updateComplaintDetails(
  deps: UseCaseDeps,
  actor: Actor,
  raw: unknown,
): UseCaseResult<{ applied: string[]; superseded: string[] } & Committed> {
  const denied = forbidden<never>(actor, 'edit-details');
  if (denied) return denied;
  const parsed = complaintDetailsInput().safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const { complaintId, ...input } = parsed.data;
  const changes: Record<string, FieldValue> = {};
  if (input.summary !== undefined) changes.summary = input.summary;
  if (input.outcomeWanted !== undefined) changes.outcome_wanted = input.outcomeWanted;
  if (input.categoryKey !== undefined) changes.category_key = input.categoryKey;
  if (input.businessAreaKey !== undefined) changes.business_area_key = input.businessAreaKey;
  const ctx = begin(deps, actor, raw);
  return transact(ctx, (repo) => {
    const complaint = repo.getComplaint(complaintId);
    const row = repo.getEditable('complaints', complaintId);
    if (!complaint || !row) return failure({ code: 'not-found', message: 'no such complaint on this desk' });
    const unknown = unknownReferences(repo, [
      ['categoryKey', 'category', input.categoryKey],
      ['businessAreaKey', 'business-area', input.businessAreaKey],
    ]);
    if (unknown.length > 0) return invalid(unknown);
    const hlc = deps.hlc.next();
    const merge = mergeFields(row.fieldHlcs, changes, hlc);
    const applied = Object.keys(merge.applied);
    if (applied.length > 0) {
      repo.writeEditable('complaints', complaintId, merge.applied, {
        fieldHlcs: merge.fieldHlcs,
        hlc,
        teamId: complaint.teamId,
      });
    }
    repo.appendTimeline({
      id: ctx.ids.next(),
      complaintId,
      contactId: null,
      hlc,
      occurredAt: ctx.now,
      actorId: actor.userId,
      kind: 'details-edited',
      summary: summaryOfEdit('Details', applied, merge.superseded),
      detail: { applied: merge.applied, superseded: merge.superseded },
    });
    const before = Object.fromEntries(applied.map((f) => [f, row.values[f] ?? null]));
    const committed = record(
      ctx,
      repo,
      hlc,
      'update-complaint-details',
      { type: 'complaint', id: complaintId },
      before,
      merge.applied,
    );
    return success({ applied, superseded: [...merge.superseded], ...committed });
  });
}

const personInput = lazySchema(() =>
  z
    .object({
      personId: id,
      /**
       * The case or enquiry the edit was made from, if any: its timeline records the edit and its team sees it.
       * From the person's own records page there is neither: the audit trail records the edit (the timeline
       * belongs to a complaint or an enquiry), and the change goes to the editor's team.
       */
      complaintId: id.optional(),
      contactId: id.optional(),
      givenName: clearable(100),
      familyName: clearable(100),
      email: z
        .string()
        .trim()
        .email('must be an email address')
        .nullable()
        .optional()
        .or(z.literal('').transform(() => null)),
      phone: z
        .string()
        .trim()
        .regex(/^\+?[0-9 ()-]{6,20}$/, 'must be a phone number')
        .nullable()
        .optional()
        .or(z.literal('').transform(() => null)),
      addressLine1: clearable(200),
      town: clearable(100),
      postcode: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/, 'must be a UK postcode')
        .nullable()
        .optional()
        .or(z.literal('').transform(() => null)),
    })
    .strict(),
);

/** Edits a person's name and contact details; field by field, last writer wins. */
export function updatePerson(
  deps: UseCaseDeps,
  actor: Actor,
  raw: unknown,
): UseCaseResult<{ applied: string[]; superseded: string[] } & Committed> {
  const denied = forbidden<never>(actor, 'edit-details');
  if (denied) return denied;
  const parsed = personInput().safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const { personId, complaintId, contactId, ...input } = parsed.data;
  const changes: Record<string, FieldValue> = {};
  const map: [keyof typeof input, string][] = [
    ['givenName', 'given_name'],
    ['familyName', 'family_name'],
    ['email', 'email'],
    ['phone', 'phone'],
    ['addressLine1', 'address_line1'],
    ['town', 'town'],
    ['postcode', 'postcode'],
  ];
  for (const [k, col] of map) if (input[k] !== undefined) changes[col] = input[k];
  if (Object.keys(changes).length === 0) return invalid([{ path: 'givenName', message: 'change at least one detail' }]);
  const ctx = begin(deps, actor, raw);
  return transact(ctx, (repo) => {
    const row = repo.getEditable('people', personId);
    if (!row) return failure({ code: 'not-found', message: 'no such person on this desk' });
    if (row.values.kind === 'group' && ('given_name' in changes || 'family_name' in changes)) {
      return invalid([{ path: 'givenName', message: 'a group or petition is named, not a person: its name stays' }]);
    }
    const complaint = complaintId ? repo.getComplaint(complaintId) : null;
    if (complaintId && !complaint) return failure({ code: 'not-found', message: 'no such complaint on this desk' });
    const contact = contactId ? repo.getContact(contactId) : null;
    if (contactId && !contact) return failure({ code: 'not-found', message: 'no such enquiry on this desk' });
    const hlc = deps.hlc.next();
    const merge = mergeFields(row.fieldHlcs, changes, hlc);
    const applied = Object.keys(merge.applied);
    if (applied.length > 0) {
      const values: Record<string, FieldValue> = { ...merge.applied };
      // The display name is derived from the merged name fields, never merged itself: whatever order the edits
      // arrive in, it is computed from the final given and family names by the last edit that changed either.
      if ('given_name' in values || 'family_name' in values) {
        const given = 'given_name' in values ? values.given_name : (row.values.given_name ?? null);
        const family = 'family_name' in values ? values.family_name : (row.values.family_name ?? null);
        values.display_name = [given, family].filter(Boolean).join(' ') || String(row.values.display_name ?? '');
      }
      repo.writeEditable('people', personId, values, {
        fieldHlcs: merge.fieldHlcs,
        hlc,
        // From the person's own page no case names a team: the editor's team's desks get the change (a people row
        // has no team of its own, and a change with none reaches only managers' and administrators' desks).
        teamId: complaint || contact ? (complaint?.teamId ?? contact?.teamId ?? row.teamId) : actor.teamId,
      });
    }
    if (complaintId || contactId) {
      repo.appendTimeline({
        id: ctx.ids.next(),
        complaintId: complaintId ?? null,
        contactId: complaintId ? null : (contactId ?? null),
        hlc,
        occurredAt: ctx.now,
        actorId: actor.userId,
        kind: 'person-edited',
        summary: summaryOfEdit('Contact details', applied, merge.superseded),
        detail: { personId, applied: merge.applied, superseded: merge.superseded },
      });
    }
    const before = Object.fromEntries(applied.map((f) => [f, row.values[f] ?? null]));
    const committed = record(ctx, repo, hlc, 'update-person', { type: 'person', id: personId }, before, merge.applied);
    return success({ applied, superseded: [...merge.superseded], ...committed });
  });
}

const contactInput = lazySchema(() =>
  z
    .object({
      contactId: id,
      outcomeWanted: clearable(5_000),
      categoryKey: key(),
      businessAreaKey: key(),
      /** The parts of the communication preferences and reasonable adjustments to change (absent: leave). */
      adjustments: z
        .object({
          supports: z
            .array(z.enum(ADJUSTMENT_SUPPORTS))
            .max(ADJUSTMENT_SUPPORTS.length)
            .transform((a) => ADJUSTMENT_SUPPORTS.filter((s) => a.includes(s)))
            .optional(),
          language: clearable(60),
          preferredChannel: z.enum(PREFERRED_CHANNELS).nullable().optional(),
          detail: clearable(2_000),
        })
        .strict()
        .optional(),
    })
    .strict()
    .superRefine((v, ctx) => {
      const a = v.adjustments;
      const parts = a ? [a.supports, a.language, a.preferredChannel, a.detail] : [];
      if (
        ![v.outcomeWanted, v.categoryKey, v.businessAreaKey, ...parts].some((x) => x !== undefined) ||
        (a && parts.every((x) => x === undefined))
      ) {
        ctx.addIssue({ code: 'custom', path: ['outcomeWanted'], message: 'change at least one detail' });
      }
      if (a?.supports?.includes('translation') && a.language === null) {
        ctx.addIssue({
          code: 'custom',
          path: ['adjustments', 'language'],
          message: 'which language to translate into',
        });
      }
    }),
);

type StoredAdjustments = {
  supports: (typeof ADJUSTMENT_SUPPORTS)[number][];
  language: string | null;
  preferredChannel: (typeof PREFERRED_CHANNELS)[number] | null;
  detail: string | null;
};

function storedAdjustments(json: FieldValue | undefined): StoredAdjustments {
  const none: StoredAdjustments = { supports: [], language: null, preferredChannel: null, detail: null };
  if (typeof json !== 'string') return none;
  const v = JSON.parse(json) as Partial<StoredAdjustments>;
  return {
    supports: v.supports ?? [],
    language: v.language ?? null,
    preferredChannel: v.preferredChannel ?? null,
    detail: v.detail ?? null,
  };
}

/**
 * Edits an enquiry's outcome wanted, category, business area, and its communication preferences and reasonable
 * adjustments part by part (support needed, language, preferred channel, detail); field by field, last writer
 * wins, so two desks changing different parts offline both keep their change.
 */
export function updateContact(
  deps: UseCaseDeps,
  actor: Actor,
  raw: unknown,
): UseCaseResult<{ applied: string[]; superseded: string[] } & Committed> {
  const denied = forbidden<never>(actor, 'edit-details');
  if (denied) return denied;
  const parsed = contactInput().safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const { contactId, adjustments, ...input } = parsed.data;
  const changes: Record<string, FieldValue> = {};
  if (input.outcomeWanted !== undefined) changes.outcome_wanted = input.outcomeWanted;
  if (input.categoryKey !== undefined) changes.category_key = input.categoryKey;
  if (input.businessAreaKey !== undefined) changes.business_area_key = input.businessAreaKey;
  if (adjustments?.supports !== undefined) changes[ADJUSTMENT_PARTS.supports] = JSON.stringify(adjustments.supports);
  if (adjustments?.language !== undefined) changes[ADJUSTMENT_PARTS.language] = adjustments.language;
  if (adjustments?.preferredChannel !== undefined) {
    changes[ADJUSTMENT_PARTS.preferredChannel] = adjustments.preferredChannel;
  }
  if (adjustments?.detail !== undefined) changes[ADJUSTMENT_PARTS.detail] = adjustments.detail;
  const ctx = begin(deps, actor, raw);
  return transact(ctx, (repo) => {
    const contact = repo.getContact(contactId);
    const row = repo.getEditable('contacts', contactId);
    if (!contact || !row) return failure({ code: 'not-found', message: 'no such enquiry on this desk' });
    const unknown = unknownReferences(repo, [
      ['categoryKey', 'category', input.categoryKey],
      ['businessAreaKey', 'business-area', input.businessAreaKey],
    ]);
    if (unknown.length > 0) return invalid(unknown);
    const hlc = deps.hlc.next();
    const merge = mergeFields(row.fieldHlcs, changes, hlc);
    const applied = Object.keys(merge.applied);
    const values: Record<string, FieldValue> = {};
    const parts = Object.values(ADJUSTMENT_PARTS) as string[];
    for (const [f, v] of Object.entries(merge.applied)) if (!parts.includes(f)) values[f] = v;
    if (applied.some((f) => parts.includes(f))) {
      // The column is rebuilt from its parts: the stored value of each, with the parts this edit won.
      const a = storedAdjustments(row.values.adjustments_json);
      const won = (part: string) => part in merge.applied;
      if (won(ADJUSTMENT_PARTS.supports)) {
        a.supports = JSON.parse(String(merge.applied[ADJUSTMENT_PARTS.supports])) as StoredAdjustments['supports'];
      }
      if (won(ADJUSTMENT_PARTS.language))
        a.language = (merge.applied[ADJUSTMENT_PARTS.language] ?? null) as string | null;
      if (won(ADJUSTMENT_PARTS.preferredChannel)) {
        a.preferredChannel = (merge.applied[ADJUSTMENT_PARTS.preferredChannel] ??
          null) as StoredAdjustments['preferredChannel'];
      }
      if (won(ADJUSTMENT_PARTS.detail)) a.detail = (merge.applied[ADJUSTMENT_PARTS.detail] ?? null) as string | null;
      values.adjustments_json = adjustmentsJson(a);
    }
    if (applied.length > 0) {
      repo.writeEditable('contacts', contactId, values, { fieldHlcs: merge.fieldHlcs, hlc, teamId: contact.teamId });
    }
    repo.appendTimeline({
      id: ctx.ids.next(),
      complaintId: contact.complaintId,
      contactId: contact.complaintId ? null : contact.id,
      hlc,
      occurredAt: ctx.now,
      actorId: actor.userId,
      kind: 'contact-edited',
      summary: summaryOfEdit('Enquiry details', applied, merge.superseded),
      detail: { applied: merge.applied, superseded: merge.superseded },
    });
    const before = Object.fromEntries(Object.keys(values).map((f) => [f, row.values[f] ?? null]));
    const committed = record(ctx, repo, hlc, 'update-contact', { type: 'contact', id: contactId }, before, values);
    return success({ applied, superseded: [...merge.superseded], ...committed });
  });
}

const resolveConflictInput = lazySchema(() =>
  z
    .object({
      conflictId: id,
      complaintId: id,
      resolution: z.enum(CONFLICT_RESOLUTIONS),
      /** For 'merged' on a stage decision: the decision that stands. */
      decision: z.enum(DECISIONS as unknown as [Decision, ...Decision[]]).optional(),
      note: clearable(5_000),
    })
    .strict()
    .superRefine((v, ctx) => {
      if (v.resolution === 'merged' && !v.decision && !v.note) {
        ctx.addIssue({
          code: 'custom',
          path: ['note'],
          message: 'say what was agreed, or choose the decision that stands',
        });
      }
    }),
);

function amendDecision(state: CaseRecord, stageKey: string, decision: Decision, by: string): CaseRecord | null {
  const i = state.stages.map((s) => s.key as string).lastIndexOf(stageKey);
  const stage = state.stages[i];
  if (!stage || stage.decision === null) return null;
  return { ...state, stages: state.stages.map((s, j) => (j === i ? { ...s, decision, decidedBy: by } : s)) };
}

/**
 * Decides a decision conflict: keep the server's decision ('remote'), the losing desk's ('local'), or record
 * what was agreed ('merged', with the decision that stands). A stage decision can be changed to the chosen one;
 * a refusal that lost to an acceptance cannot be replayed onto a case that moved on, so for those 'local' is
 * refused with the reason and a person uses the case's own commands. Re-checked by the server like any
 * mutation: two people resolving the same conflict at once get one resolution, the other is rejected.
 */
export function resolveConflict(
  deps: UseCaseDeps,
  actor: Actor,
  raw: unknown,
): UseCaseResult<{ resolution: string; decision: string | null } & Committed> {
  const denied = forbidden<never>(actor, 'resolve-conflict');
  if (denied) return denied;
  const parsed = resolveConflictInput().safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const input = parsed.data;
  const ctx = begin(deps, actor, raw);
  return transact(ctx, (repo) => {
    const conflict = repo.getConflict(input.conflictId);
    if (!conflict) return failure({ code: 'not-found', message: 'no such conflict on this desk' });
    if (conflict.entityId !== input.complaintId) {
      return invalid([{ path: 'complaintId', message: 'this conflict is about another complaint' }]);
    }
    if (conflict.resolution !== null) {
      return failure({
        code: 'illegal-transition',
        message: `this conflict has already been resolved (${conflict.resolution})`,
        fields: [],
      });
    }
    const complaint = repo.getComplaint(input.complaintId);
    if (!complaint) return failure({ code: 'not-found', message: 'no such complaint on this desk' });
    const stageField = /^stage:(.+):decision$/.exec(conflict.field);
    const localDecision =
      typeof conflict.local.command.decision === 'string' ? (conflict.local.command.decision as Decision) : null;
    let chosen: Decision | null = null;
    if (input.resolution === 'local') chosen = localDecision;
    if (input.resolution === 'merged') chosen = input.decision ?? null;
    if (chosen !== null && !stageField) {
      return failure({
        code: 'guard-failed',
        message: 'only a stage decision can be changed here; the case has moved on, so use its own commands',
        fields: [{ path: 'resolution', message: 'not possible for this conflict' }],
      });
    }
    if (input.resolution === 'local' && !stageField) {
      return failure({
        code: 'guard-failed',
        message: `the ${conflict.field} decision cannot be replayed onto a case that has moved on; keep the recorded one or record what was agreed`,
        fields: [{ path: 'resolution', message: 'not possible for this conflict' }],
      });
    }
    const hlc = deps.hlc.next();
    let stands: string | null = conflict.remote.stageDecision;
    if (chosen !== null && stageField?.[1] !== undefined) {
      const profile = findProfile(complaint.state.profileId);
      if (!profile) {
        return failure({
          code: 'not-found',
          message: `profile ${complaint.state.profileId} is not known to this desk`,
        });
      }
      const state = amendDecision(complaint.state, stageField[1], chosen, actor.userId);
      if (!state) {
        return failure({
          code: 'guard-failed',
          message: 'that stage has no decision to change any more',
          fields: [{ path: 'resolution', message: 'not possible now' }],
        });
      }
      if (chosen !== complaint.state.stages.find((s) => s.key === stageField[1])?.decision) {
        const cols = columnsOf(
          state,
          runningOf(deps.settings, { ...complaint, state }, profile),
          complaint.assigneeId,
          complaint.teamId,
          ctx.today,
        );
        if (!repo.updateComplaint(complaint.id, complaint.version, cols, hlc)) {
          return failure({ code: 'conflict', message: `${complaint.reference} changed while saving; try again` });
        }
      }
      stands = chosen;
    }
    repo.resolveConflict(conflict.id, {
      resolution: input.resolution,
      resolvedBy: actor.userId,
      resolvedAt: ctx.now,
      note: input.note ?? null,
      resolvedValue: JSON.stringify({ field: conflict.field, decision: stands }),
      hlc,
      teamId: complaint.teamId,
    });
    repo.appendTimeline({
      id: ctx.ids.next(),
      complaintId: complaint.id,
      contactId: null,
      hlc,
      occurredAt: ctx.now,
      actorId: actor.userId,
      kind: 'conflict-resolved',
      summary: `Conflicting decisions resolved (${input.resolution})${stands ? `: ${stands} stands` : ''}`,
      detail: { conflictId: conflict.id, field: conflict.field, resolution: input.resolution, decision: stands },
    });
    const committed = record(
      ctx,
      repo,
      hlc,
      'resolve-conflict',
      { type: 'sync-conflict', id: conflict.id },
      { resolution: null },
      { resolution: input.resolution, decision: stands },
    );
    return success({ resolution: input.resolution, decision: stands, ...committed });
  });
}
