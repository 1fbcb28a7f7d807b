// The desk's use cases. Each validates its input, checks the actor's permission, applies the rules engine and
// writes, in ONE transaction, the change, its timeline event, an audit entry and an outbox entry for sync.
// Invalid input, a refused permission or an illegal transition writes nothing.
import * as z from 'zod';
import { BANK_HOLIDAYS, type Region } from '../domain/calendar/bank-holidays.js';
import { calendarFor, type WorkingCalendar } from '../domain/calendar/working-days.js';
import { ADJUSTMENT_SUPPORTS, CHANNELS, CONVERSION_REASONS, PREFERRED_CHANNELS } from '../domain/vocabulary.js';
import { compareDates, isoDateSchema, type IsoDate } from '../domain/dates.js';
import { roleRefusal } from '../domain/details.js';
import { applyCommand, newEnquiry, runningDeadlines, type CaseCommand } from '../domain/lifecycle/transitions.js';
import type { CaseRecord, RunningDeadline } from '../domain/lifecycle/types.js';
import { findProfile, profileInForce } from '../domain/profiles/registry.js';
import { EXCEPTION_CODES, EXCLUSION_CODES, type PolicyProfile } from '../domain/profiles/types.js';
import { can, type Permission } from './permissions.js';
import {
  AUTHORISATION_KINDS,
  RELATIONSHIPS,
  type IdSource,
  type Actor,
  type ComplaintColumns,
  type ComplaintRecord,
  type DeskRepository,
  type DeskSettings,
  type ReferenceKind,
  type UseCaseDeps,
} from './ports.js';
import { failure, fieldErrors, invalid, success, type FieldError, type UseCaseResult } from './result.js';
import {
  authoriseLetter,
  createLetterDraft,
  drawCalibration,
  returnLetter,
  saveLetterDraft,
  saveLetterTemplate,
  scoreCalibrationItem,
  sendLetter,
  submitLetter,
} from './letter-use-cases.js';
import { resolveConflict, updateComplaintDetails, updateContact, updatePerson } from './merge-use-cases.js';
import { addAction, offerRemedy, remedyStep, updateAction } from './remedy-use-cases.js';
import { mergeFields } from './field-merge.js';
import { id, lazySchema, optionalText, text } from './schemas.js';

export { CHANNELS };

const newPersonSchema = lazySchema(() =>
  z.object({
    givenName: optionalText(100),
    familyName: optionalText(100),
    email: z
      .string()
      .trim()
      .email('must be an email address')
      .optional()
      .transform((s) => s ?? null),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()-]{6,20}$/, 'must be a phone number')
      .optional()
      .transform((s) => s ?? null),
    addressLine1: optionalText(200),
    town: optionalText(100),
    postcode: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/, 'must be a UK postcode')
      .optional()
      .transform((s) => s ?? null),
  }),
);

/**
 * Communication preferences and reasonable adjustments told to us with the contact. Stored as given (empty
 * means none) so letters and contacts can honour them; `language` is the language to translate into.
 */
export const adjustmentsSchema = lazySchema(() =>
  z.object({
    supports: z
      .array(z.enum(ADJUSTMENT_SUPPORTS))
      .max(ADJUSTMENT_SUPPORTS.length)
      .default([])
      .transform((a) => ADJUSTMENT_SUPPORTS.filter((s) => a.includes(s))),
    language: optionalText(60),
    preferredChannel: z
      .enum(PREFERRED_CHANNELS)
      .optional()
      .transform((c) => c ?? null),
    detail: optionalText(2_000),
  }),
);
export type ContactAdjustments = z.output<ReturnType<typeof adjustmentsSchema>>;

export const logContactInput = lazySchema(() =>
  z
    .object({
      receivedDate: isoDateSchema.optional(),
      channel: z.enum(CHANNELS),
      madeBy: z.enum(['resident', 'representative', 'group', 'anonymous']),
      personId: id.optional(),
      person: newPersonSchema().optional(),
      group: z
        .object({
          name: text(200),
          members: z.array(newPersonSchema()).min(1, 'name at least one member').max(500, 'at most 500 members'),
          /** Which member is the nominated signatory (policy 000: correspondence goes to them). */
          signatory: z.number().int().min(0),
        })
        .optional(),
      representative: newPersonSchema()
        .extend({
          relationship: z.enum(RELATIONSHIPS),
          authorisationKind: z.enum(AUTHORISATION_KINDS),
          authorisationDate: isoDateSchema.optional().transform((d) => d ?? null),
        })
        .optional(),
      groupId: id.optional(),
      propertyId: id.optional(),
      categoryKey: optionalText(60),
      businessAreaKey: optionalText(60),
      kind: z.enum(['enquiry', 'service-request', 'feedback', 'compliment']).default('enquiry'),
      whatHappened: text(20_000),
      outcomeWanted: optionalText(5_000),
      dissatisfaction: z.boolean().default(false),
      adjustments: adjustmentsSchema().optional(),
    })
    .superRefine((v, ctx) => {
      if (v.madeBy !== 'anonymous' && !v.personId && !v.person && v.madeBy !== 'group') {
        ctx.addIssue({ code: 'custom', path: ['person'], message: 'find the resident or enter their details' });
      }
      if (v.person && !v.person.givenName && !v.person.familyName) {
        ctx.addIssue({ code: 'custom', path: ['person', 'familyName'], message: 'a name is needed' });
      }
      if (v.madeBy === 'representative' && !v.representative) {
        ctx.addIssue({ code: 'custom', path: ['representative'], message: 'enter the representative' });
      }
      if (v.madeBy === 'group' && !v.groupId && !v.group) {
        ctx.addIssue({ code: 'custom', path: ['groupId'], message: 'choose the group or petition, or register it' });
      }
      if (v.group && v.group.signatory >= v.group.members.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['group', 'signatory'],
          message: 'the signatory must be one of the members',
        });
      }
      if (v.adjustments?.supports.includes('translation') && !v.adjustments.language) {
        ctx.addIssue({
          code: 'custom',
          path: ['adjustments', 'language'],
          message: 'which language to translate into',
        });
      }
      v.group?.members.forEach((m, i) => {
        if (!m.givenName && !m.familyName) {
          ctx.addIssue({ code: 'custom', path: ['group', 'members', i, 'familyName'], message: 'a name is needed' });
        }
      });
    }),
);
export type LogContactInput = z.input<ReturnType<typeof logContactInput>>;

export const USE_CASE_NAMES = [
  'log-contact',
  'resolve-enquiry',
  'convert-to-complaint',
  'complaint-command',
  'add-note',
  'assign',
  'add-correspondence',
  // sync merge (merge-use-cases.ts)
  'update-complaint-details',
  'update-person',
  'update-contact',
  'resolve-conflict',
  // letters and the weekly calibration (letter-use-cases.ts)
  'save-letter-template',
  'create-letter',
  'save-letter',
  'submit-letter',
  'return-letter',
  'authorise-letter',
  'send-letter',
  'draw-calibration',
  'score-calibration',
  // putting things right (remedy-use-cases.ts)
  'offer-remedy',
  'remedy-step',
  'add-action',
  'update-action',
] as const;
export type UseCaseName = (typeof USE_CASE_NAMES)[number];

/** What an outbox entry carries: the input and the desk's decisions, for an exact replay on the server. */
export interface MutationPayload {
  readonly input: unknown;
  readonly context: {
    readonly now: string;
    readonly today: IsoDate;
    readonly ids: readonly string[];
    readonly references: readonly string[];
  };
}

export interface Committed {
  readonly hlc: string;
  readonly mutationId: string;
}

/** A failure value returned from inside a unit of work rolls the whole transaction back. */
class Rollback {
  constructor(readonly result: UseCaseResult<never>) {}
}

export function transact<T>(ctx: Context, work: (repo: DeskRepository) => UseCaseResult<T>): UseCaseResult<T> {
  try {
    return ctx.deps.uow.run((inner) => {
      // References issued are recorded, like ids, so the server can replay the use case exactly.
      const repo: DeskRepository = Object.create(inner) as DeskRepository;
      repo.nextReference = (kind) => {
        const ref = inner.nextReference(kind);
        ctx.references.push(ref);
        return ref;
      };
      const r = work(repo);
      if (!r.ok) throw new Rollback(r);
      return r;
    });
  } catch (e) {
    if (e instanceof Rollback) return e.result;
    throw e;
  }
}

export interface Context {
  readonly deps: UseCaseDeps;
  readonly actor: Actor;
  readonly now: string;
  readonly today: IsoDate;
  /** Ids generated by this use case, in order (recorded for replay on the server). */
  readonly ids: IdSource;
  readonly generated: string[];
  readonly references: string[];
  /** The input as it goes to the server. */
  raw: unknown;
}

export function begin(deps: UseCaseDeps, actor: Actor, raw: unknown): Context {
  const generated: string[] = [];
  return {
    deps,
    actor,
    now: deps.clock.nowIso(),
    today: deps.clock.today(),
    generated,
    references: [],
    raw,
    ids: {
      next: () => {
        const id = deps.ids.next();
        generated.push(id);
        return id;
      },
    },
  };
}

export function forbidden<T>(actor: Actor, permission: Permission): UseCaseResult<T> | null {
  return can(actor, permission)
    ? null
    : failure({
        code: 'forbidden',
        message: roleRefusal(actor.roles, permission),
      });
}

/**
 * Writes the audit and outbox entries that go with every change, in the caller's transaction. The outbox
 * entry carries the input and what the desk decided for it (time, ids, references) so that the server can
 * re-run the same use case, with the same rules and its own permission checks, and reach the same rows.
 */
export function record(
  ctx: Context,
  repo: DeskRepository,
  hlc: string,
  useCase: UseCaseName,
  entity: { type: string; id: string },
  before: unknown,
  after: unknown,
  action: string = useCase,
): Committed {
  const payload: MutationPayload = {
    input: ctx.raw,
    context: { now: ctx.now, today: ctx.today, ids: [...ctx.generated], references: [...ctx.references] },
  };
  const mutationId = ctx.deps.ids.next(); // the mutation's own id: not part of the replay
  repo.appendAudit({
    actorId: ctx.actor.userId,
    deskId: ctx.actor.deskId,
    occurredAt: ctx.now,
    hlc,
    entityType: entity.type,
    entityId: entity.id,
    action,
    before,
    after,
  });
  repo.enqueueOutbox({ mutationId, useCase, payload, hlc, actorId: ctx.actor.userId, createdAt: ctx.now });
  return { hlc, mutationId };
}

const REFERENCE_NAMES: Readonly<Record<ReferenceKind, string>> = {
  category: 'category',
  'business-area': 'business area',
  team: 'team',
};

/**
 * The reference keys an input names that the organisation's reference data does not have, as field errors.
 * Checked before writing, so an unknown key is a clear message naming the field (on the desk and in the
 * server's re-run alike) rather than a database's foreign-key error, or a row no desk could take.
 */
export function unknownReferences(
  repo: DeskRepository,
  refs: readonly (readonly [path: string, kind: ReferenceKind, key: string | null | undefined])[],
): FieldError[] {
  return refs
    .filter(([, kind, key]) => typeof key === 'string' && !repo.referenceExists(kind, key))
    .map(([path, kind, key]) => ({
      path,
      message: `no ${REFERENCE_NAMES[kind]} "${key ?? ''}" in the reference data; choose one from the list`,
    }));
}

export function logContact(
  deps: UseCaseDeps,
  actor: Actor,
  raw: unknown,
): UseCaseResult<{ contactId: string; reference: string } & Committed> {
  const denied = forbidden<never>(actor, 'log-contact');
  if (denied) return denied;
  const parsed = logContactInput().safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const input = parsed.data;
  const ctx = begin(deps, actor, raw);
  const receivedDate = input.receivedDate ?? ctx.today;
  if (compareDates(receivedDate, ctx.today) > 0) {
    return invalid([{ path: 'receivedDate', message: `cannot be in the future (today is ${ctx.today})` }]);
  }
  return transact(ctx, (repo) => {
    if (input.personId && !repo.personExists(input.personId)) {
      return invalid([{ path: 'personId', message: 'no such person on this desk' }]);
    }
    const unknown = unknownReferences(repo, [
      ['categoryKey', 'category', input.categoryKey],
      ['businessAreaKey', 'business-area', input.businessAreaKey],
    ]);
    if (unknown.length > 0) return invalid(unknown);
    const hlc = deps.hlc.next();
    const contactId = ctx.ids.next();
    const reference = repo.nextReference('enquiry');
    const person = input.person
      ? {
          id: ctx.ids.next(),
          ...input.person,
          displayName: [input.person.givenName, input.person.familyName].filter(Boolean).join(' '),
        }
      : null;
    const representative = input.representative
      ? {
          id: ctx.ids.next(),
          representationId: ctx.ids.next(),
          ...input.representative,
          displayName:
            [input.representative.givenName, input.representative.familyName].filter(Boolean).join(' ') ||
            'Representative',
        }
      : null;
    const group = input.group
      ? {
          id: ctx.ids.next(),
          displayName: input.group.name,
          members: input.group.members.map((m, i) => ({
            id: ctx.ids.next(),
            membershipId: ctx.ids.next(),
            isSignatory: i === input.group?.signatory,
            ...m,
            displayName: [m.givenName, m.familyName].filter(Boolean).join(' '),
          })),
        }
      : null;
    const contact = {
      id: contactId,
      reference,
      receivedAt: ctx.now,
      receivedDate,
      channel: input.channel,
      madeBy: input.madeBy,
      person,
      personId: input.personId ?? person?.id ?? null,
      representative,
      groupId: input.groupId ?? group?.id ?? null,
      group,
      propertyId: input.propertyId ?? null,
      categoryKey: input.categoryKey,
      businessAreaKey: input.businessAreaKey,
      kind: input.kind,
      whatHappened: input.whatHappened,
      outcomeWanted: input.outcomeWanted,
      dissatisfaction: input.dissatisfaction,
      adjustments: adjustmentsJson(input.adjustments),
      loggedBy: actor.userId,
      teamId: actor.teamId,
      hlc,
    };
    repo.insertContact(contact);
    repo.appendTimeline({
      id: ctx.ids.next(),
      complaintId: null,
      contactId,
      hlc,
      occurredAt: ctx.now,
      actorId: actor.userId,
      kind: 'contact-logged',
      summary: `${input.kind === 'enquiry' ? 'Enquiry' : input.kind} logged (${input.channel})${input.dissatisfaction ? ': dissatisfaction expressed, possible complaint' : ''}`,
    });
    const committed = record(ctx, repo, hlc, 'log-contact', { type: 'contact', id: contactId }, null, contact);
    return success({ contactId, reference, ...committed });
  });
}

/** The adjustments as the contact row keeps them: JSON in a fixed key order, or null when none were given. */
export function adjustmentsJson(a: ContactAdjustments | undefined): string | null {
  if (!a || (a.supports.length === 0 && !a.language && !a.preferredChannel && !a.detail)) return null;
  return JSON.stringify({
    supports: a.supports,
    language: a.language,
    preferredChannel: a.preferredChannel,
    detail: a.detail,
  });
}

const resolveInput = lazySchema(() => z.object({ contactId: id, resolution: text(5_000) }));

export function resolveEnquiry(deps: UseCaseDeps, actor: Actor, raw: unknown): UseCaseResult<Committed> {
  const denied = forbidden<never>(actor, 'resolve-enquiry');
  if (denied) return denied;
  const parsed = resolveInput().safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const ctx = begin(deps, actor, raw);
  return transact(ctx, (repo) => {
    const contact = repo.getContact(parsed.data.contactId);
    if (!contact) return failure({ code: 'not-found', message: 'no such enquiry on this desk' });
    if (contact.status !== 'open') {
      return failure({ code: 'illegal-transition', message: `this enquiry is already ${contact.status}`, fields: [] });
    }
    const hlc = deps.hlc.next();
    repo.resolveContact(contact.id, parsed.data.resolution, ctx.now, hlc);
    repo.appendTimeline({
      id: ctx.ids.next(),
      complaintId: null,
      contactId: contact.id,
      hlc,
      occurredAt: ctx.now,
      actorId: actor.userId,
      kind: 'enquiry-resolved',
      summary: 'Enquiry resolved',
      detail: { resolution: parsed.data.resolution },
    });
    return success(
      record(
        ctx,
        repo,
        hlc,
        'resolve-enquiry',
        { type: 'contact', id: contact.id },

        { status: contact.status },
        { status: 'resolved', resolution: parsed.data.resolution },
      ),
    );
  });
}

const convertInput = lazySchema(() =>
  z.object({
    contactId: id,
    reason: z.enum(CONVERSION_REASONS),
    residentOfferedChoice: z.boolean(),
  }),
);

function profileFor(deps: UseCaseDeps, received: IsoDate): PolicyProfile {
  return profileInForce(received, deps.settings.profileAssignments);
}

export function columnsOf(
  state: CaseRecord,
  deadlines: readonly RunningDeadline[],
  assigneeId: string | null,
  teamId: string | null,
  on: IsoDate,
): ComplaintColumns {
  const next = [...deadlines].sort((a, b) => compareDates(a.due, b.due))[0];
  return {
    state,
    assigneeId,
    teamId,
    deadlines,
    nextDeadline: next ? { date: next.due, kind: `${next.stage}:${next.kind}` } : null,
    on,
  };
}

export function convertToComplaint(
  deps: UseCaseDeps,
  actor: Actor,
  raw: unknown,
): UseCaseResult<{ complaintId: string; reference: string; profileId: string } & Committed> {
  const denied = forbidden<never>(actor, 'convert-to-complaint');
  if (denied) return denied;
  const parsed = convertInput().safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const ctx = begin(deps, actor, raw);
  return transact(ctx, (repo) => {
    const contact = repo.getContact(parsed.data.contactId);
    if (!contact) return failure({ code: 'not-found', message: 'no such enquiry on this desk' });
    if (contact.status === 'converted') {
      return failure({ code: 'illegal-transition', message: 'this enquiry is already a complaint', fields: [] });
    }
    const profile = profileFor(deps, contact.receivedDate);
    if (contact.madeBy === 'representative' && profile.thirdParty.requiresSignedAuthorisation) {
      const evidence = contact.representationAuthorisation;
      const accepted = ['signed-form', ...profile.thirdParty.acceptedAlternatives];
      if (!evidence || !accepted.includes(evidence)) {
        return failure({
          code: 'guard-failed',
          message: `${profile.name} deals with a third party only with a signed authorisation form (or ${profile.thirdParty.acceptedAlternatives.join(' or ')}); this contact has ${evidence ?? 'none'}`,
          fields: [{ path: 'representative.authorisationKind', message: 'authorisation needed' }],
        });
      }
    }
    const region = (contact.propertyId ? repo.regionForProperty(contact.propertyId) : null) ?? deps.settings.region;
    const enquiry: CaseRecord = {
      ...newEnquiry(profile, region, contact.receivedDate),
      status: contact.status === 'resolved' ? 'enquiry-resolved' : 'enquiry',
    };
    const result = applyCommand(
      enquiry,
      {
        type: 'convert-to-complaint',
        on: ctx.today,
        reason: parsed.data.reason,
        residentOfferedChoice: parsed.data.residentOfferedChoice,
      },
      { profile, calendar: calendarOf(deps.settings, region) },
    );
    if (!result.ok) {
      return failure({
        code: result.error.code === 'invalid-input' ? 'guard-failed' : result.error.code,
        message: result.error.message,
        fields: result.error.field ? [{ path: result.error.field, message: result.error.message }] : [],
      });
    }
    const hlc = deps.hlc.next();
    const complaintId = ctx.ids.next();
    const reference = repo.nextReference('complaint');
    const cols = columnsOf(result.state, result.deadlines, actor.userId, contact.teamId ?? actor.teamId, ctx.today);
    repo.insertComplaint({
      id: complaintId,
      reference,
      contact,
      profileFamily: profile.family,
      region,
      createdBy: actor.userId,
      hlc,
      ...cols,
    });
    repo.convertContact(contact.id, complaintId, hlc);
    repo.appendTimeline({
      id: ctx.ids.next(),
      complaintId,
      contactId: contact.id,
      hlc,
      occurredAt: ctx.now,
      actorId: actor.userId,
      kind: 'converted-to-complaint',
      summary: `Converted to complaint ${reference} under ${profile.name}`,
      detail: { reason: parsed.data.reason, residentOfferedChoice: true, receivedDate: contact.receivedDate },
    });
    const committed = record(
      ctx,
      repo,
      hlc,
      'convert-to-complaint',
      { type: 'complaint', id: complaintId },
      { contact: contact.status },
      result.state,
    );
    return success({ complaintId, reference, profileId: profile.id, ...committed });
  });
}

// ---- lifecycle commands on a complaint ----

const exclusionSchema = lazySchema(() => z.object({ code: z.enum(EXCLUSION_CODES), evidence: text(2_000) }));
const commandSchema = lazySchema(() =>
  z.discriminatedUnion('type', [
    z.object({
      type: z.literal('accept'),
      entryStage: z.enum(['feedback-investigation', 'stage1', 'stage2']).optional(),
      issueDate: isoDateSchema.optional(),
      awareDate: isoDateSchema.optional(),
      exceptions: z.array(z.enum(EXCEPTION_CODES)).optional(),
    }),
    z.object({
      type: z.literal('refuse'),
      exclusions: z.array(exclusionSchema()).default([]),
      issueDate: isoDateSchema.optional(),
      awareDate: isoDateSchema.optional(),
      exceptions: z.array(z.enum(EXCEPTION_CODES)).optional(),
    }),
    z.object({ type: z.literal('acknowledge'), understanding: text(10_000), outcomeSought: text(5_000) }),
    z.object({ type: z.literal('extend'), to: isoDateSchema, reason: text(2_000), residentAgreed: z.boolean() }),
    z.object({ type: z.literal('respond'), decision: z.enum(['upheld', 'partly-upheld', 'not-upheld']) }),
    z.object({
      type: z.literal('request-escalation'),
      lateDiscretionReason: optionalText(2_000),
      becauseOfCyberIncident: z.boolean().optional(),
    }),
    z.object({ type: z.literal('refuse-escalation'), reasons: text(5_000) }),
    z.object({ type: z.literal('close'), note: z.string().trim().max(5_000).default('') }),
    z.object({ type: z.literal('withdraw'), reason: text(2_000) }),
    z.object({
      type: z.literal('reopen'),
      newInformation: text(10_000),
      exceptions: z.array(z.enum(EXCEPTION_CODES)).optional(),
    }),
  ]),
);
const complaintCommandInput = lazySchema(() =>
  z.object({
    complaintId: id,
    expectedVersion: z.number().int().positive().optional(),
    command: commandSchema(),
  }),
);

export function complaintCommand(
  deps: UseCaseDeps,
  actor: Actor,
  raw: unknown,
): UseCaseResult<
  {
    state: CaseRecord;
    deadlines: readonly RunningDeadline[];
    lettersOwed: readonly string[];
    version: number;
  } & Committed
> {
  const parsed = complaintCommandInput().safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const { complaintId, command: input } = parsed.data;
  const denied = forbidden<never>(actor, input.type);
  if (denied) return denied;
  const ctx = begin(deps, actor, raw);
  return transact(ctx, (repo) => {
    const complaint = repo.getComplaint(complaintId);
    if (!complaint) return failure({ code: 'not-found', message: 'no such complaint on this desk' });
    if (parsed.data.expectedVersion !== undefined && parsed.data.expectedVersion !== complaint.version) {
      return failure({
        code: 'conflict',
        message: `${complaint.reference} changed since you opened it; reload it and try again`,
      });
    }
    const profile = findProfile(complaint.state.profileId);
    if (!profile)
      return failure({ code: 'not-found', message: `profile ${complaint.state.profileId} is not known to this desk` });
    const on = ctx.today;
    const command = { ...input, on, ...('by' in input ? {} : { by: actor.userId }) } as CaseCommand;
    const result = applyCommand(complaint.state, command, {
      profile,
      calendar: calendarOf(deps.settings, complaint.region),
    });
    if (!result.ok) {
      const fields = result.error.field
        ? [{ path: `command.${result.error.field}`, message: result.error.message }]
        : [];
      return result.error.code === 'invalid-input'
        ? invalid(fields.length ? fields : [{ path: 'command', message: result.error.message }])
        : failure({ code: result.error.code, message: result.error.message, fields });
    }
    const hlc = deps.hlc.next();
    const cols = columnsOf(result.state, result.deadlines, complaint.assigneeId, complaint.teamId, ctx.today);
    if (!repo.updateComplaint(complaint.id, complaint.version, cols, hlc)) {
      return failure({
        code: 'conflict',
        message: `${complaint.reference} changed while saving; reload it and try again`,
      });
    }
    repo.appendTimeline({
      id: ctx.ids.next(),
      complaintId: complaint.id,
      contactId: null,
      hlc,
      occurredAt: ctx.now,
      actorId: actor.userId,
      kind: input.type,
      summary: summaryOf(input, result.lettersOwed),
      detail: input,
    });
    const committed = record(
      ctx,
      repo,
      hlc,
      'complaint-command',
      { type: 'complaint', id: complaint.id },
      complaint.state,
      result.state,
      `complaint:${input.type}`,
    );
    return success({
      state: result.state,
      deadlines: result.deadlines,
      lettersOwed: result.lettersOwed,
      version: complaint.version + 1,
      ...committed,
    });
  });
}

function summaryOf(input: z.infer<ReturnType<typeof commandSchema>>, letters: readonly string[]): string {
  const owed = letters.length ? `; letter owed: ${letters.join(', ')}` : '';
  switch (input.type) {
    case 'accept':
      return `Accepted into the procedure${owed}`;
    case 'refuse':
      return `Not accepted: ${input.exclusions.map((e) => e.code).join(', ') || 'time limit'}${owed}`;
    case 'acknowledge':
      return `Acknowledged and defined${owed}`;
    case 'extend':
      return `Response extended to ${input.to}: ${input.reason}${owed}`;
    case 'respond':
      return `Responded: ${input.decision}${owed}`;
    case 'request-escalation':
      return `Escalation requested${owed}`;
    case 'refuse-escalation':
      return `Escalation refused${owed}`;
    case 'close':
      return 'Closed';
    case 'withdraw':
      return `Withdrawn: ${input.reason}`;
    case 'reopen':
      return `Re-opened with new information${owed}`;
  }
}

const noteInput = lazySchema(() =>
  z
    .object({ complaintId: id.optional(), contactId: id.optional(), body: text(20_000) })
    .refine((v) => v.complaintId || v.contactId, {
      message: 'a note belongs to a complaint or an enquiry',
      path: ['complaintId'],
    }),
);

export function addNote(deps: UseCaseDeps, actor: Actor, raw: unknown): UseCaseResult<{ noteId: string } & Committed> {
  const denied = forbidden<never>(actor, 'add-note');
  if (denied) return denied;
  const parsed = noteInput().safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const ctx = begin(deps, actor, raw);
  const { complaintId, contactId, body } = parsed.data;
  return transact(ctx, (repo) => {
    if (complaintId && !repo.getComplaint(complaintId))
      return failure({ code: 'not-found', message: 'no such complaint on this desk' });
    if (contactId && !repo.getContact(contactId))
      return failure({ code: 'not-found', message: 'no such enquiry on this desk' });
    const hlc = deps.hlc.next();
    const noteId = ctx.ids.next();
    repo.insertNote({
      id: noteId,
      complaintId: complaintId ?? null,
      contactId: contactId ?? null,
      authorId: actor.userId,
      body,
      createdAt: ctx.now,
      hlc,
    });
    repo.appendTimeline({
      id: ctx.ids.next(),
      complaintId: complaintId ?? null,
      contactId: contactId ?? null,
      hlc,
      occurredAt: ctx.now,
      actorId: actor.userId,
      kind: 'note',
      summary: body.length > 120 ? body.slice(0, 117) + '…' : body,
    });
    return success({
      noteId,
      ...record(ctx, repo, hlc, 'add-note', { type: 'note', id: noteId }, null, { body }),
    });
  });
}

const assignInput = lazySchema(() =>
  z.object({
    complaintId: id,
    assigneeId: id,
    teamId: id.optional(),
    expectedVersion: z.number().int().positive().optional(),
  }),
);

export function assignComplaint(
  deps: UseCaseDeps,
  actor: Actor,
  raw: unknown,
): UseCaseResult<{ version: number } & Committed> {
  const parsed = assignInput().safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const toSelf = parsed.data.assigneeId === actor.userId && !parsed.data.teamId;
  const denied = forbidden<never>(actor, toSelf ? 'assign-to-self' : 'assign');
  if (denied) return denied;
  const ctx = begin(deps, actor, raw);
  return transact(ctx, (repo) => {
    const complaint: ComplaintRecord | null = repo.getComplaint(parsed.data.complaintId);
    if (!complaint) return failure({ code: 'not-found', message: 'no such complaint on this desk' });
    if (!repo.userExists(parsed.data.assigneeId))
      return invalid([{ path: 'assigneeId', message: 'no such user on this desk' }]);
    const unknownTeam = unknownReferences(repo, [['teamId', 'team', parsed.data.teamId]]);
    if (unknownTeam.length > 0) return invalid(unknownTeam);
    if (parsed.data.expectedVersion !== undefined && parsed.data.expectedVersion !== complaint.version) {
      return failure({
        code: 'conflict',
        message: `${complaint.reference} changed since you opened it; reload it and try again`,
      });
    }
    const profile = findProfile(complaint.state.profileId);
    if (!profile)
      return failure({ code: 'not-found', message: `profile ${complaint.state.profileId} is not known to this desk` });
    const hlc = deps.hlc.next();
    const teamId = parsed.data.teamId ?? complaint.teamId;
    // The assignment is a last-writer-wins field (field-merge.ts): an assignment made earlier (by HLC) than the
    // one the case holds, arriving late from an offline desk, is recorded but does not take the case back.
    const merge = mergeFields(
      repo.getEditable('complaints', complaint.id)?.fieldHlcs ?? {},
      { assignee_id: parsed.data.assigneeId, ...(parsed.data.teamId ? { team_id: parsed.data.teamId } : {}) },
      hlc,
    );
    const applied = Object.keys(merge.applied).length > 0;
    if (applied) {
      const assigneeId = 'assignee_id' in merge.applied ? parsed.data.assigneeId : complaint.assigneeId;
      const team = 'team_id' in merge.applied ? teamId : complaint.teamId;
      const cols = columnsOf(
        complaint.state,
        runningOf(deps.settings, complaint, profile),
        assigneeId,
        team,
        ctx.today,
      );
      if (!repo.updateComplaint(complaint.id, complaint.version, cols, hlc)) {
        return failure({
          code: 'conflict',
          message: `${complaint.reference} changed while saving; reload it and try again`,
        });
      }
      repo.writeEditable('complaints', complaint.id, {}, { fieldHlcs: merge.fieldHlcs, hlc, teamId: team });
    }
    repo.appendTimeline({
      id: ctx.ids.next(),
      complaintId: complaint.id,
      contactId: null,
      hlc,
      occurredAt: ctx.now,
      actorId: actor.userId,
      kind: 'assigned',
      summary: applied ? 'Assigned' : 'Assignment recorded; a later assignment stands',
      detail: { assigneeId: parsed.data.assigneeId, teamId },
    });
    const committed = record(
      ctx,
      repo,
      hlc,
      'assign',
      { type: 'complaint', id: complaint.id },
      { assigneeId: complaint.assigneeId, teamId: complaint.teamId },
      { assigneeId: parsed.data.assigneeId, teamId },
    );
    return success({ version: complaint.version + (applied ? 1 : 0), ...committed });
  });
}

/** A region's working-day calendar as the organisation has it: the shipped bank holidays and its overrides. */
export function calendarOf(settings: DeskSettings, region: Region): WorkingCalendar {
  return calendarFor(region, BANK_HOLIDAYS, settings.bankHolidayOverrides ?? []);
}

export function runningOf(
  settings: DeskSettings,
  complaint: ComplaintRecord,
  profile: PolicyProfile,
): RunningDeadline[] {
  return runningDeadlines(complaint.state, { profile, calendar: calendarOf(settings, complaint.region) });
}

export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

const correspondenceInput = lazySchema(() =>
  z
    .object({
      complaintId: id.optional(),
      contactId: id.optional(),
      direction: z.enum(['inbound', 'outbound']),
      channel: z.enum(['email', 'letter', 'phone', 'sms', 'my-account', 'in-person', 'other']),
      counterparty: text(200),
      subject: optionalText(500),
      body: optionalText(100_000),
      occurredAt: z.iso.datetime({ offset: true }),
      attachments: z
        .array(
          z.object({
            filename: z
              .string()
              .trim()
              .min(1, 'required')
              .max(255)
              .refine(
                (f) => !f.includes('/') && !f.includes('\\') && !f.includes(String.fromCharCode(0)),
                'a file name, not a path',
              ),
            mediaType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a media type such as application/pdf'),
            bytes: z
              .instanceof(Uint8Array)
              .refine((b) => b.byteLength <= MAX_ATTACHMENT_BYTES, `at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`),
          }),
        )
        .max(20, 'at most 20 attachments')
        .default([]),
    })
    .refine((v) => v.complaintId || v.contactId, {
      message: 'correspondence belongs to a complaint or an enquiry',
      path: ['complaintId'],
    })
    .refine((v) => v.body || v.attachments.length > 0 || v.subject, {
      message: 'record what was said or attach it',
      path: ['body'],
    }),
);

/** Records a letter, email, call or other correspondence with the resident or others, with its attachments. */
export function addCorrespondence(
  deps: UseCaseDeps,
  actor: Actor,
  raw: unknown,
): UseCaseResult<{ correspondenceId: string; attachments: string[] } & Committed> {
  const denied = forbidden<never>(actor, 'add-note');
  if (denied) return denied;
  const parsed = correspondenceInput().safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const ctx = begin(deps, actor, raw);
  const input = parsed.data;
  if (input.occurredAt > ctx.now) return invalid([{ path: 'occurredAt', message: 'cannot be in the future' }]);
  return transact(ctx, (repo) => {
    if (input.complaintId && !repo.getComplaint(input.complaintId))
      return failure({ code: 'not-found', message: 'no such complaint on this desk' });
    if (input.contactId && !repo.getContact(input.contactId))
      return failure({ code: 'not-found', message: 'no such enquiry on this desk' });
    const hlc = deps.hlc.next();
    const correspondenceId = ctx.ids.next();
    const attachments = input.attachments.map((a) => ({
      sha256: repo.storeAttachment(a.bytes, a.mediaType, ctx.now),
      filename: a.filename,
      mediaType: a.mediaType,
      size: a.bytes.byteLength,
    }));
    repo.insertCorrespondence({
      id: correspondenceId,
      complaintId: input.complaintId ?? null,
      contactId: input.contactId ?? null,
      direction: input.direction,
      channel: input.channel,
      counterparty: input.counterparty,
      subject: input.subject,
      body: input.body,
      occurredAt: input.occurredAt,
      recordedBy: actor.userId,
      hlc,
      attachments,
    });
    repo.appendTimeline({
      id: ctx.ids.next(),
      complaintId: input.complaintId ?? null,
      contactId: input.contactId ?? null,
      hlc,
      occurredAt: input.occurredAt,
      actorId: actor.userId,
      kind: 'correspondence',
      summary: `${input.direction === 'inbound' ? 'From' : 'To'} ${input.counterparty} (${input.channel})${input.subject ? `: ${input.subject}` : ''}${attachments.length ? `, ${attachments.length} attachment(s)` : ''}`,
    });
    // The outbox carries attachments by hash; their bytes travel separately.
    const { attachments: _bytes, ...rest } = input;
    const payload = {
      ...rest,
      correspondenceId,
      attachments: attachments.map(({ sha256, filename, mediaType, size }) => ({ sha256, filename, mediaType, size })),
    };
    ctx.raw = payload;
    const committed = record(
      ctx,
      repo,
      hlc,
      'add-correspondence',
      { type: 'correspondence', id: correspondenceId },
      null,
      payload,
    );
    return success({ correspondenceId, attachments: attachments.map((a) => a.sha256), ...committed });
  });
}

/** Every use case by the name its outbox entries carry: what the server re-runs when a desk pushes. */
export const USE_CASES: Readonly<
  Record<UseCaseName, (deps: UseCaseDeps, actor: Actor, raw: unknown) => UseCaseResult<unknown>>
> = {
  'log-contact': logContact,
  'resolve-enquiry': resolveEnquiry,
  'convert-to-complaint': convertToComplaint,
  'complaint-command': complaintCommand,
  'add-note': addNote,
  assign: assignComplaint,
  'add-correspondence': addCorrespondence,
  'update-complaint-details': updateComplaintDetails,
  'update-person': updatePerson,
  'update-contact': (d, a, r) => updateContact(d, a, r),
  'resolve-conflict': resolveConflict,
  // Called through arrows: letter-use-cases.ts imports this module, so its bindings may not be ready when
  // this object is built (whichever module a host loads first).
  'save-letter-template': (d, a, r) => saveLetterTemplate(d, a, r),
  'create-letter': (d, a, r) => createLetterDraft(d, a, r),
  'save-letter': (d, a, r) => saveLetterDraft(d, a, r),
  'submit-letter': (d, a, r) => submitLetter(d, a, r),
  'return-letter': (d, a, r) => returnLetter(d, a, r),
  'authorise-letter': (d, a, r) => authoriseLetter(d, a, r),
  'send-letter': (d, a, r) => sendLetter(d, a, r),
  'draw-calibration': (d, a, r) => drawCalibration(d, a, r),
  'score-calibration': (d, a, r) => scoreCalibrationItem(d, a, r),
  'offer-remedy': (d, a, r) => offerRemedy(d, a, r),
  'remedy-step': (d, a, r) => remedyStep(d, a, r),
  'add-action': (d, a, r) => addAction(d, a, r),
  'update-action': (d, a, r) => updateAction(d, a, r),
};
