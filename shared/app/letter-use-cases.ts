// The letter and weekly-calibration use cases. Like every use case they validate, check the actor, apply the
// rules and write change + timeline + audit + outbox in one transaction (use-cases.ts transact/record); the
// server re-runs them on its canonical rows. Rows are built here, whole, with the desk's column names.
//
// What the desk decides outside the use case travels in the input: the rendered HTML of a version and its
// SHA-256 (shared/ has no crypto; the desk hashes with Node's), and the calibration population (the letters
// each Team Leader authorised that week), which the use case re-checks letter by letter.
import * as z from 'zod';
import { isoDateSchema, type IsoDate } from '../domain/dates.js';
import { applyCommand, type CaseCommand } from '../domain/lifecycle/transitions.js';
import type { CaseRecord } from '../domain/lifecycle/types.js';
import { findProfile } from '../domain/profiles/registry.js';
import type { PolicyProfile } from '../domain/profiles/types.js';
import { drawCalibration as drawItems, canonicalPopulation, weekBounds } from '../domain/letters/calibration.js';
import { checkLetter } from '../domain/letters/content.js';
import { MERGE_FIELD_NAMES, mergeFields, parseDecision, parseLetterDate } from '../domain/letters/merge.js';
import { placeholdersOf } from '../domain/letters/render.js';
import { builtInTemplate } from '../domain/letters/templates.js';
import {
  CALIBRATION_AGREEMENTS,
  CALIBRATION_ALGORITHM,
  CALIBRATION_CRITERIA,
  CALIBRATION_SCORE_MAX,
  CONTENT_ITEMS,
  LETTER_KINDS,
  LETTER_KIND_NAMES,
  LETTER_SEND_CHANNELS,
  type LetterKind,
  type LetterStatus,
  type LetterTemplate,
  type TemplateSection,
} from '../domain/letters/types.js';
import { letterAction, type LetterAction } from '../domain/letters/workflow.js';
import type { LetterRow } from './letter-ports.js';
import type { Actor, ComplaintRecord, DeskRepository, DeskSettings, NewCorrespondence, UseCaseDeps } from './ports.js';
import { failure, fieldErrors, invalid, success, type UseCaseResult } from './result.js';
import { begin, calendarOf, columnsOf, record, runningOf, transact, type Committed } from './use-cases.js';
import { id, lazySchema } from './schemas.js';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex');
const html = lazySchema(() => z.string().min(1).max(2_000_000));

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));

/** Who may do what with letters beyond the workflow's own rules (workflow.ts). */
function hasRole(actor: Actor, ...roles: string[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}
const forbid = (message: string) => failure({ code: 'forbidden', message });

// ---- templates ----

const sectionSchema = lazySchema(() =>
  z.object({
    key: z.string().regex(/^[a-z][a-z0-9-]{0,59}$/, 'a section key is a-z, 0-9 and -'),
    heading: z.string().trim().max(200).nullable(),
    mode: z.enum(['fixed', 'free']),
    text: z.string().max(5_000),
    provides: z.array(z.enum(CONTENT_ITEMS)).max(CONTENT_ITEMS.length),
  }),
);

const saveTemplateInput = lazySchema(() =>
  z
    .object({
      kind: z.enum(LETTER_KINDS),
      profileFamily: z
        .string()
        .regex(/^[a-z0-9-]{1,60}$/)
        .nullable(),
      name: z.string().trim().min(1, 'required').max(200),
      sections: z.array(sectionSchema()).min(1, 'a template needs at least one section').max(40),
    })
    .superRefine((v, ctx) => {
      const seen = new Set<string>();
      v.sections.forEach((s, i) => {
        if (seen.has(s.key)) ctx.addIssue({ code: 'custom', path: ['sections', i, 'key'], message: 'used twice' });
        seen.add(s.key);
        if (s.mode === 'fixed') {
          for (const f of placeholdersOf(s.text)) {
            if (!(f in MERGE_FIELD_NAMES)) {
              ctx.addIssue({ code: 'custom', path: ['sections', i, 'text'], message: `no merge field {{${f}}}` });
            }
          }
        }
      });
    }),
);

export function templateFromRow(r: LetterRow): LetterTemplate {
  return {
    id: String(r.id),
    kind: String(r.kind) as LetterKind,
    name: String(r.name),
    profileFamily: str(r.profile_key),
    version: num(r.template_version),
    sections: JSON.parse(String(r.body)) as TemplateSection[],
    builtIn: false,
    createdAt: str(r.created_at),
    createdBy: str(r.created_by),
  };
}

/** The template a new letter of this kind starts from: the family's latest, else the general latest, else built in. */
export function currentTemplate(repo: DeskRepository, kind: LetterKind, family: string | null): LetterTemplate {
  const rows = repo.findLetterRows('letter_templates', { kind }).filter((r) => num(r.active) === 1);
  const latest = (f: string | null) =>
    rows.filter((r) => str(r.profile_key) === f).sort((a, b) => num(b.template_version) - num(a.template_version))[0];
  const row = (family ? latest(family) : undefined) ?? latest(null);
  return row ? templateFromRow(row) : builtInTemplate(kind);
}

/** An administrator saves a new version of a template; letters already drafted keep the copy they have. */
export function saveLetterTemplate(
  deps: UseCaseDeps,
  actor: Actor,
  raw: unknown,
): UseCaseResult<{ templateId: string; version: number } & Committed> {
  if (!hasRole(actor, 'administrator')) return forbid('only an administrator may edit letter templates');
  const parsed = saveTemplateInput().safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const input = parsed.data;
  const ctx = begin(deps, actor, raw);
  return transact(ctx, (repo) => {
    const existing = repo
      .findLetterRows('letter_templates', { kind: input.kind })
      .filter((r) => str(r.profile_key) === input.profileFamily);
    // The shipped template is version 1 of the general one, so an edit of it starts at 2.
    const floor = input.profileFamily === null ? 1 : 0;
    const version = Math.max(floor, ...existing.map((r) => num(r.template_version))) + 1;
    const hlc = deps.hlc.next();
    const templateId = ctx.ids.next();
    const row: LetterRow = {
      id: templateId,
      kind: input.kind,
      profile_key: input.profileFamily,
      name: input.name,
      template_version: version,
      body: JSON.stringify(input.sections),
      active: 1,
      valid_from: ctx.today,
      updated_hlc: hlc,
      created_by: actor.userId,
      created_at: ctx.now,
    };
    repo.putLetterRow('letter_templates', row, true);
    const committed = record(
      ctx,
      repo,
      hlc,
      'save-letter-template',
      { type: 'letter_template', id: templateId },
      null,
      {
        kind: input.kind,
        profileFamily: input.profileFamily,
        version,
      },
    );
    return success({ templateId, version, ...committed });
  });
}

// ---- letters ----

function complaintContext(repo: DeskRepository, complaintId: string) {
  const complaint = repo.getComplaint(complaintId);
  if (!complaint) return null;
  const profile = findProfile(complaint.state.profileId);
  if (!profile) return null;
  return { complaint, profile };
}

/** Merge fields from what every store knows of the case (no person or landlord: they add no required content). */
function caseFields(settings: DeskSettings, complaint: ComplaintRecord, profile: PolicyProfile, on: IsoDate) {
  return mergeFields({
    letterDate: on,
    landlordName: null,
    reference: complaint.reference,
    state: complaint.state,
    profile,
    summary: '',
    outcomeWanted: null,
    person: null,
    running: runningOf(settings, complaint, profile),
  });
}

function currentStage(state: CaseRecord) {
  return state.stages[state.stages.length - 1];
}

export interface LetterRecord {
  readonly row: LetterRow;
  readonly status: LetterStatus;
  readonly draftedBy: string;
  readonly kind: LetterKind;
  readonly template: LetterTemplate;
  readonly sections: Record<string, string>;
  readonly complaintId: string;
  readonly version: number;
}

export function letterFromRow(row: LetterRow): LetterRecord {
  const kind = String(row.kind) as LetterKind;
  return {
    row,
    status: String(row.status) as LetterStatus,
    draftedBy: String(row.drafted_by),
    kind,
    template: row.template_json ? (JSON.parse(String(row.template_json)) as LetterTemplate) : builtInTemplate(kind),
    sections: JSON.parse(String(row.sections_json ?? '{}')) as Record<string, string>,
    complaintId: String(row.complaint_id),
    version: num(row.version),
  };
}

/** The content check as any store can run it: the desk before submitting, the server when it replays. */
export function checkStoredLetter(settings: DeskSettings, repo: DeskRepository, letter: LetterRecord, on: IsoDate) {
  const c = complaintContext(repo, letter.complaintId);
  if (!c) return null;
  const stage = currentStage(c.complaint.state);
  return checkLetter({
    kind: letter.kind,
    template: letter.template,
    sections: letter.sections,
    fields: caseFields(settings, c.complaint, c.profile, on),
    profile: c.profile,
    stageKey: stage?.key ?? null,
    decisionRecorded: stage?.decision != null,
  });
}

const createInput = lazySchema(() => z.object({ complaintId: id, kind: z.enum(LETTER_KINDS) }));

export function createLetterDraft(
  deps: UseCaseDeps,
  actor: Actor,
  raw: unknown,
): UseCaseResult<{ letterId: string } & Committed> {
  if (!hasRole(actor, 'agent', 'team-leader', 'manager')) return forbid('your role may not draft letters');
  const parsed = createInput().safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const ctx = begin(deps, actor, raw);
  return transact(ctx, (repo) => {
    const c = complaintContext(repo, parsed.data.complaintId);
    if (!c) return failure({ code: 'not-found', message: 'no such complaint on this desk' });
    const template = currentTemplate(repo, parsed.data.kind, c.profile.family);
    const hlc = deps.hlc.next();
    const letterId = ctx.ids.next();
    const row: LetterRow = {
      id: letterId,
      complaint_id: c.complaint.id,
      contact_id: c.complaint.contactId,
      person_id: null,
      kind: parsed.data.kind,
      template_id: template.builtIn ? null : template.id,
      status: 'draft',
      current_version_id: null,
      drafted_by: actor.userId,
      submitted_at: null,
      authorised_by: null,
      authorised_at: null,
      returned_comments: null,
      sent_at: null,
      sent_channel: null,
      large_print: 0,
      updated_hlc: hlc,
      version: 1,
      template_json: JSON.stringify(template),
      sections_json: '{}',
      stage_key: currentStage(c.complaint.state)?.key ?? null,
      created_at: ctx.now,
      sent_date: null,
      authorised_date: null,
      sent_transition: null,
    };
    repo.putLetterRow('letters', row, true);
    repo.appendTimeline({
      id: ctx.ids.next(),
      complaintId: c.complaint.id,
      contactId: null,
      hlc,
      occurredAt: ctx.now,
      actorId: actor.userId,
      kind: 'letter-drafted',
      summary: `${LETTER_KIND_NAMES[parsed.data.kind]} letter drafted`,
      detail: { letterId, kind: parsed.data.kind, templateId: template.id, templateVersion: template.version },
    });
    const committed = record(ctx, repo, hlc, 'create-letter', { type: 'letter', id: letterId }, null, {
      kind: parsed.data.kind,
      complaintId: c.complaint.id,
    });
    return success({ letterId, ...committed });
  });
}

/** Loads the letter and checks the workflow allows the action, or says why not. */
function loadFor(
  repo: DeskRepository,
  letterId: string,
  action: LetterAction,
  actor: Actor,
  expectedVersion: number | undefined,
): UseCaseResult<LetterRecord> {
  const row = repo.letterRow('letters', letterId);
  if (!row) return failure({ code: 'not-found', message: 'no such letter on this desk' });
  const letter = letterFromRow(row);
  const allowed = letterAction(action, letter, actor);
  if (!allowed.ok) {
    return allowed.code === 'forbidden'
      ? forbid(allowed.reason)
      : failure({ code: 'illegal-transition', message: allowed.reason, fields: [] });
  }
  if (expectedVersion !== undefined && expectedVersion !== letter.version) {
    return failure({ code: 'conflict', message: 'this letter changed since you opened it; reload it and try again' });
  }
  return success(letter);
}

const saveInput = lazySchema(() =>
  z.object({
    letterId: id,
    sections: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,59}$/), z.string().max(20_000)),
    largePrint: z.boolean().optional(),
    expectedVersion: z.number().int().positive().optional(),
  }),
);

export function saveLetterDraft(
  deps: UseCaseDeps,
  actor: Actor,
  raw: unknown,
): UseCaseResult<{ version: number } & Committed> {
  const parsed = saveInput().safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const input = parsed.data;
  const ctx = begin(deps, actor, raw);
  return transact(ctx, (repo) => {
    const loaded = loadFor(repo, input.letterId, 'edit', actor, input.expectedVersion);
    if (!loaded.ok) return loaded;
    const letter = loaded.value;
    const free = new Set(letter.template.sections.filter((s) => s.mode === 'free').map((s) => s.key));
    const unknown = Object.keys(input.sections).filter((k) => !free.has(k));
    if (unknown.length) {
      return invalid(unknown.map((k) => ({ path: `sections.${k}`, message: 'not a section of this letter to write' })));
    }
    const sections: Record<string, string> = { ...letter.sections, ...input.sections };
    const hlc = deps.hlc.next();
    const row: LetterRow = {
      ...letter.row,
      sections_json: JSON.stringify(sections),
      large_print: input.largePrint === undefined ? (letter.row.large_print ?? 0) : input.largePrint ? 1 : 0,
      updated_hlc: hlc,
      version: letter.version + 1,
    };
    repo.putLetterRow('letters', row, false);
    const committed = record(ctx, repo, hlc, 'save-letter', { type: 'letter', id: letter.row.id as string }, null, {
      sections: Object.keys(input.sections),
    });
    return success({ version: letter.version + 1, ...committed });
  });
}

function addReview(
  repo: DeskRepository,
  ctx: ReturnType<typeof begin>,
  letterId: string,
  action: 'submitted' | 'returned' | 'authorised' | 'sent',
  hlc: string,
  comments: string | null,
  versionNo: number | null,
): void {
  repo.putLetterRow(
    'letter_reviews',
    {
      id: ctx.ids.next(),
      letter_id: letterId,
      action,
      actor_id: ctx.actor.userId,
      at: ctx.now,
      comments,
      version_no: versionNo,
      hlc,
    },
    true,
  );
}

function nextVersionNo(repo: DeskRepository, letterId: string): number {
  return (
    Math.max(0, ...repo.findLetterRows('letter_versions', { letter_id: letterId }).map((v) => num(v.version_no))) + 1
  );
}

/** An immutable copy of the letter as it went for authorisation or to the resident, with its content hash. */
function storeVersion(
  repo: DeskRepository,
  ctx: ReturnType<typeof begin>,
  input: { letterId: string; html: string; contentSha256: string },
  hlc: string,
  reason: 'submitted' | 'sent',
): { versionId: string; versionNo: number } {
  const versionId = ctx.ids.next();
  const versionNo = nextVersionNo(repo, input.letterId);
  repo.putLetterRow(
    'letter_versions',
    {
      id: versionId,
      letter_id: input.letterId,
      version_no: versionNo,
      content_sha256: input.contentSha256,
      body: input.html,
      rendered_sha256: null,
      created_by: ctx.actor.userId,
      created_at: ctx.now,
      hlc,
      reason,
    },
    true,
  );
  return { versionId, versionNo };
}

const submitInput = lazySchema(() =>
  z.object({
    letterId: id,
    expectedVersion: z.number().int().positive().optional(),
    html: html(),
    contentSha256: sha256,
  }),
);

export function submitLetter(
  deps: UseCaseDeps,
  actor: Actor,
  raw: unknown,
): UseCaseResult<{ version: number; versionNo: number; contentSha256: string } & Committed> {
  const parsed = submitInput().safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const input = parsed.data;
  const ctx = begin(deps, actor, raw);
  return transact(ctx, (repo) => {
    const loaded = loadFor(repo, input.letterId, 'submit', actor, input.expectedVersion);
    if (!loaded.ok) return loaded;
    const letter = loaded.value;
    const checks = checkStoredLetter(deps.settings, repo, letter, ctx.today);
    if (!checks) return failure({ code: 'not-found', message: "the letter's complaint is not on this desk" });
    if (!checks.complete) {
      return invalid(
        checks.missing.map((m) => ({ path: `content.${m.item}`, message: `${m.label} is missing: ${m.hint}` })),
      );
    }
    const hlc = deps.hlc.next();
    const { versionId, versionNo } = storeVersion(repo, ctx, input, hlc, 'submitted');
    addReview(repo, ctx, input.letterId, 'submitted', hlc, null, versionNo);
    repo.putLetterRow(
      'letters',
      {
        ...letter.row,
        status: 'submitted',
        current_version_id: versionId,
        submitted_at: ctx.now,
        returned_comments: null,
        updated_hlc: hlc,
        version: letter.version + 1,
      },
      false,
    );
    repo.appendTimeline({
      id: ctx.ids.next(),
      complaintId: letter.complaintId,
      contactId: null,
      hlc,
      occurredAt: ctx.now,
      actorId: actor.userId,
      kind: 'letter-submitted',
      summary: `${LETTER_KIND_NAMES[letter.kind]} letter submitted for authorisation (version ${versionNo})`,
      detail: { letterId: input.letterId, versionNo, contentSha256: input.contentSha256 },
    });
    const committed = record(ctx, repo, hlc, 'submit-letter', { type: 'letter', id: input.letterId }, null, {
      status: 'submitted',
      versionNo,
      contentSha256: input.contentSha256,
    });
    return success({ version: letter.version + 1, versionNo, contentSha256: input.contentSha256, ...committed });
  });
}

const returnInput = lazySchema(() =>
  z.object({ letterId: id, comments: z.string().trim().min(1, 'say what to change').max(5_000) }),
);

export function returnLetter(
  deps: UseCaseDeps,
  actor: Actor,
  raw: unknown,
): UseCaseResult<{ version: number } & Committed> {
  const parsed = returnInput().safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const input = parsed.data;
  const ctx = begin(deps, actor, raw);
  return transact(ctx, (repo) => {
    const loaded = loadFor(repo, input.letterId, 'return', actor, undefined);
    if (!loaded.ok) return loaded;
    const letter = loaded.value;
    const hlc = deps.hlc.next();
    const versionNo = nextVersionNo(repo, input.letterId) - 1;
    addReview(repo, ctx, input.letterId, 'returned', hlc, input.comments, versionNo || null);
    repo.putLetterRow(
      'letters',
      {
        ...letter.row,
        status: 'returned',
        returned_comments: input.comments,
        updated_hlc: hlc,
        version: letter.version + 1,
      },
      false,
    );
    repo.appendTimeline({
      id: ctx.ids.next(),
      complaintId: letter.complaintId,
      contactId: null,
      hlc,
      occurredAt: ctx.now,
      actorId: actor.userId,
      kind: 'letter-returned',
      summary: `${LETTER_KIND_NAMES[letter.kind]} letter returned with comments`,
      detail: { letterId: input.letterId, comments: input.comments },
    });
    const committed = record(ctx, repo, hlc, 'return-letter', { type: 'letter', id: input.letterId }, null, {
      status: 'returned',
      comments: input.comments,
    });
    return success({ version: letter.version + 1, ...committed });
  });
}

const authoriseInput = lazySchema(() =>
  z.object({ letterId: id, expectedVersion: z.number().int().positive().optional() }),
);

export function authoriseLetter(
  deps: UseCaseDeps,
  actor: Actor,
  raw: unknown,
): UseCaseResult<{ version: number } & Committed> {
  const parsed = authoriseInput().safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const input = parsed.data;
  const ctx = begin(deps, actor, raw);
  return transact(ctx, (repo) => {
    const loaded = loadFor(repo, input.letterId, 'authorise', actor, input.expectedVersion);
    if (!loaded.ok) return loaded;
    const letter = loaded.value;
    const hlc = deps.hlc.next();
    const versionNo = nextVersionNo(repo, input.letterId) - 1;
    addReview(repo, ctx, input.letterId, 'authorised', hlc, null, versionNo || null);
    repo.putLetterRow(
      'letters',
      {
        ...letter.row,
        status: 'authorised',
        authorised_by: actor.userId,
        authorised_at: ctx.now,
        authorised_date: ctx.today,
        updated_hlc: hlc,
        version: letter.version + 1,
      },
      false,
    );
    repo.appendTimeline({
      id: ctx.ids.next(),
      complaintId: letter.complaintId,
      contactId: null,
      hlc,
      occurredAt: ctx.now,
      actorId: actor.userId,
      kind: 'letter-authorised',
      summary: `${LETTER_KIND_NAMES[letter.kind]} letter authorised (version ${versionNo})`,
      detail: { letterId: input.letterId, versionNo },
    });
    const committed = record(ctx, repo, hlc, 'authorise-letter', { type: 'letter', id: input.letterId }, null, {
      status: 'authorised',
    });
    return success({ version: letter.version + 1, ...committed });
  });
}

const sendInput = lazySchema(() =>
  z.object({
    letterId: id,
    channel: z.enum(LETTER_SEND_CHANNELS),
    sentDate: isoDateSchema,
    html: html(),
    contentSha256: sha256,
  }),
);

const CORRESPONDENCE_CHANNEL = {
  post: 'letter',
  email: 'email',
  'my-account': 'my-account',
  'hand-delivered': 'in-person',
} as const satisfies Record<(typeof LETTER_SEND_CHANNELS)[number], NewCorrespondence['channel']>;

type Transition = { command: CaseCommand; name: string } | { recorded: string } | { error: string } | null;

/**
 * "The send date drives the deadlines": the lifecycle step a letter of this kind stands for, dated the send
 * date, when the case still owes it; or the step already recorded; or why the letter cannot go yet.
 */
export function transitionForLetter(letter: LetterRecord, state: CaseRecord, on: IsoDate, by: string): Transition {
  const stage = currentStage(state);
  const s = letter.sections;
  switch (letter.kind) {
    case 'acknowledgement':
    case 'escalation-acknowledgement': {
      if (!stage) return { error: 'the complaint has not been accepted into a stage yet' };
      if (stage.status !== 'entered') return { recorded: 'acknowledge' };
      return {
        name: 'acknowledge',
        command: {
          type: 'acknowledge',
          on,
          by,
          understanding: (s['understanding'] ?? '').trim(),
          outcomeSought: (s['outcome-sought'] ?? '').trim(),
        },
      };
    }
    case 'extension': {
      if (!stage) return { error: 'the complaint has not been accepted into a stage yet' };
      const to = parseLetterDate(s['new-date'] ?? '');
      if (!to) return { error: 'the letter does not give the new date as a date' };
      if (stage.extensions.some((e) => e.to === to)) return { recorded: 'extend' };
      return {
        name: 'extend',
        command: {
          type: 'extend',
          on,
          to,
          reason: (s['reason'] ?? '').trim(),
          residentAgreed: (s['resident-agreement'] ?? '').trim().length > 0,
        },
      };
    }
    case 'stage-response':
    case 'final-response': {
      if (!stage) return { error: 'the complaint has not been accepted into a stage yet' };
      if (stage.status === 'responded') return { recorded: 'respond' };
      const decision = parseDecision(s['decision'] ?? '');
      if (!decision) return { error: 'the decision must begin with Upheld, Partly upheld or Not upheld' };
      return { name: 'respond', command: { type: 'respond', on, by, decision } };
    }
    case 'refusal':
      return state.status === 'refused'
        ? { recorded: 'refuse' }
        : { error: 'record the decision not to accept the complaint (a manager decides) before sending this letter' };
    case 'escalation-refusal':
      return state.closure?.kind === 'escalation-refused'
        ? { recorded: 'refuse-escalation' }
        : { error: 'record the refusal to escalate (a manager decides) before sending this letter' };
    case 'cyber-incident-apology':
    case 'unacceptable-behaviour-decision':
      return null;
  }
}

export function sendLetter(
  deps: UseCaseDeps,
  actor: Actor,
  raw: unknown,
): UseCaseResult<{ version: number; versionNo: number; contentSha256: string; transition: string | null } & Committed> {
  const parsed = sendInput().safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const input = parsed.data;
  const ctx = begin(deps, actor, raw);
  if (input.sentDate > ctx.today) {
    return invalid([{ path: 'sentDate', message: `cannot be in the future (today is ${ctx.today})` }]);
  }
  return transact(ctx, (repo) => {
    const loaded = loadFor(repo, input.letterId, 'send', actor, undefined);
    if (!loaded.ok) return loaded;
    const letter = loaded.value;
    const authorisedDate = str(letter.row.authorised_date);
    if (authorisedDate && input.sentDate < authorisedDate) {
      return invalid([{ path: 'sentDate', message: `cannot be before the letter was authorised (${authorisedDate})` }]);
    }
    const c = complaintContext(repo, letter.complaintId);
    if (!c) return failure({ code: 'not-found', message: "the letter's complaint is not on this desk" });
    const hlc = deps.hlc.next();
    // The lifecycle step first: if the case refuses it (e.g. an extension after the deadline), nothing is sent.
    const t = transitionForLetter(letter, c.complaint.state, input.sentDate, letter.draftedBy);
    let transition: string | null = null;
    if (t && 'error' in t) return failure({ code: 'guard-failed', message: t.error, fields: [] });
    if (t && 'command' in t) {
      const ctxLc = { profile: c.profile, calendar: calendarOf(deps.settings, c.complaint.region) };
      const result = applyCommand(c.complaint.state, t.command, ctxLc);
      if (!result.ok) {
        return failure({
          code: result.error.code === 'invalid-input' ? 'guard-failed' : result.error.code,
          message: `the letter cannot go on ${input.sentDate}: ${result.error.message}`,
          fields: [],
        });
      }
      const cols = columnsOf(
        result.state,
        result.deadlines,
        c.complaint.assigneeId,
        c.complaint.teamId,
        input.sentDate,
      );
      if (!repo.updateComplaint(c.complaint.id, c.complaint.version, cols, hlc)) {
        return failure({ code: 'conflict', message: `${c.complaint.reference} changed while saving; try again` });
      }
      transition = t.name;
      repo.appendTimeline({
        id: ctx.ids.next(),
        complaintId: c.complaint.id,
        contactId: null,
        hlc,
        occurredAt: ctx.now,
        actorId: actor.userId,
        kind: t.command.type,
        summary: `${t.name === 'acknowledge' ? 'Acknowledged and defined' : t.name === 'extend' ? `Response extended to ${'to' in t.command ? t.command.to : ''}` : 'Responded'} by letter sent ${input.sentDate}`,
        detail: { ...t.command, byLetter: input.letterId },
      });
    }
    const { versionId, versionNo } = storeVersion(repo, ctx, input, hlc, 'sent');
    addReview(repo, ctx, input.letterId, 'sent', hlc, null, versionNo);
    // The letter is also outbound correspondence on the case, pointing at the exact version that went.
    repo.insertCorrespondence({
      id: ctx.ids.next(),
      complaintId: letter.complaintId,
      contactId: null,
      direction: 'outbound',
      channel: CORRESPONDENCE_CHANNEL[input.channel],
      counterparty: 'Resident',
      subject: `${LETTER_KIND_NAMES[letter.kind]} (${c.complaint.reference})`,
      body: null,
      occurredAt: ctx.now,
      recordedBy: actor.userId,
      hlc,
      attachments: [],
      letterVersionId: versionId,
    });
    repo.putLetterRow(
      'letters',
      {
        ...letter.row,
        status: 'sent',
        current_version_id: versionId,
        sent_at: ctx.now,
        sent_date: input.sentDate,
        sent_channel: input.channel,
        sent_transition: transition ?? (t && 'recorded' in t ? t.recorded : null),
        updated_hlc: hlc,
        version: letter.version + 1,
      },
      false,
    );
    repo.appendTimeline({
      id: ctx.ids.next(),
      complaintId: letter.complaintId,
      contactId: null,
      hlc,
      occurredAt: ctx.now,
      actorId: actor.userId,
      kind: 'letter-sent',
      summary: `${LETTER_KIND_NAMES[letter.kind]} letter sent ${input.sentDate} by ${input.channel} (SHA-256 ${input.contentSha256.slice(0, 12)}…)`,
      detail: {
        letterId: input.letterId,
        versionNo,
        contentSha256: input.contentSha256,
        sentDate: input.sentDate,
        channel: input.channel,
        transition,
      },
    });
    const committed = record(ctx, repo, hlc, 'send-letter', { type: 'letter', id: input.letterId }, null, {
      status: 'sent',
      sentDate: input.sentDate,
      channel: input.channel,
      contentSha256: input.contentSha256,
      transition,
    });
    return success({
      version: letter.version + 1,
      versionNo,
      contentSha256: input.contentSha256,
      transition,
      ...committed,
    });
  });
}

// ---- the weekly calibration ----

const drawInput = lazySchema(() =>
  z.object({
    weekStart: isoDateSchema,
    population: z.array(z.object({ teamLeaderId: id, letterIds: z.array(id).max(10_000) })).max(1_000),
    // The organisation's calibration week start (0 = Sunday ... 6 = Saturday), carried in the input so the draw
    // records the bounds it was drawn with and a replay elsewhere checks the same week.
    weekStartDay: z.number().int().min(0).max(6).default(1),
  }),
);
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/**
 * A manager draws the week: up to 3 letters per Team Leader from the letters they authorised that week.
 * One draw per week, ever: a week already drawn is refused here (the DeskApi shows the recorded draw instead),
 * so two managers drawing the same week offline end with the server keeping the first and refusing the second.
 */
export function drawCalibration(
  deps: UseCaseDeps,
  actor: Actor,
  raw: unknown,
): UseCaseResult<{ drawId: string } & Committed> {
  if (!hasRole(actor, 'manager')) return forbid('only a manager runs the weekly calibration');
  const parsed = drawInput().safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const input = parsed.data;
  const { start, end } = weekBounds(input.weekStart, input.weekStartDay);
  if (start !== input.weekStart)
    return invalid([
      { path: 'weekStart', message: `a week starts on a ${DAY_NAMES[input.weekStartDay] ?? 'Monday'} (${start})` },
    ]);
  const ctx = begin(deps, actor, raw);
  if (start > ctx.today) return invalid([{ path: 'weekStart', message: 'this week has not started yet' }]);
  return transact(ctx, (repo) => {
    const existing = repo.findLetterRows('calibration_draws', { week_start: start })[0];
    if (existing) {
      // The DeskApi answers a second "draw" on the same desk with the recorded draw before coming here; reaching
      // this means another desk drew the week first (offline): that draw stands, this one is refused.
      return failure({
        code: 'conflict',
        message: `the week of ${start} was already drawn (${String(existing.drawn_at)}); that draw stands and is not re-rolled`,
      });
    }
    const population = canonicalPopulation(input.population);
    // A draw is final for its week, so an empty one would shut the week before any letter could be drawn.
    if (population.length === 0) {
      return invalid([
        { path: 'population', message: `no letters were authorised in the week of ${start}: nothing to draw yet` },
      ]);
    }
    for (const p of population) {
      if (!repo.userExists(p.teamLeaderId)) return invalid([{ path: 'population', message: 'no such Team Leader' }]);
      for (const letterId of p.letterIds) {
        const l = repo.letterRow('letters', letterId);
        const date = l ? str(l.authorised_date) : null;
        if (!l || str(l.authorised_by) !== p.teamLeaderId || !date || date < start || date > end) {
          return invalid([
            {
              path: 'population',
              message: `letter ${letterId} was not authorised by that Team Leader in the week ${start}`,
            },
          ]);
        }
      }
    }
    const hlc = deps.hlc.next();
    const drawId = ctx.ids.next();
    const seed = ctx.ids.next(); // a fresh UUID: recorded, so the draw can be re-run by anyone
    repo.putLetterRow(
      'calibration_draws',
      {
        id: drawId,
        week_start: start,
        week_end: end,
        manager_id: actor.userId,
        seed,
        algorithm: CALIBRATION_ALGORITHM,
        population_json: JSON.stringify(population),
        drawn_at: ctx.now,
        updated_hlc: hlc,
      },
      true,
    );
    for (const item of drawItems(seed, population)) {
      repo.putLetterRow(
        'calibration_items',
        {
          id: ctx.ids.next(),
          draw_id: drawId,
          team_leader_id: item.teamLeaderId,
          letter_id: item.letterId,
          position: item.position,
          scores_json: '{}',
          agreement: null,
          feedback: null,
          scored_by: null,
          scored_at: null,
          updated_hlc: hlc,
          version: 1,
        },
        true,
      );
    }
    const committed = record(ctx, repo, hlc, 'draw-calibration', { type: 'calibration_draw', id: drawId }, null, {
      weekStart: start,
      seed,
      algorithm: CALIBRATION_ALGORITHM,
    });
    return success({ drawId, ...committed });
  });
}

const scoreInput = lazySchema(() =>
  z
    .object({
      itemId: id,
      scores: z.record(z.enum(CALIBRATION_CRITERIA), z.number().int().min(0).max(CALIBRATION_SCORE_MAX)),
      agreement: z.enum(CALIBRATION_AGREEMENTS),
      feedback: z.string().trim().max(5_000),
    })
    .superRefine((v, ctx) => {
      for (const c of CALIBRATION_CRITERIA) {
        if (v.scores[c] === undefined)
          ctx.addIssue({ code: 'custom', path: ['scores', c], message: 'score every criterion' });
      }
      if (v.agreement === 'disagree' && !v.feedback) {
        ctx.addIssue({
          code: 'custom',
          path: ['feedback'],
          message: 'say why you disagree: the Team Leader will read it',
        });
      }
    }),
);

export function scoreCalibrationItem(
  deps: UseCaseDeps,
  actor: Actor,
  raw: unknown,
): UseCaseResult<{ version: number } & Committed> {
  if (!hasRole(actor, 'manager')) return forbid('only a manager scores the weekly calibration');
  const parsed = scoreInput().safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const input = parsed.data;
  const ctx = begin(deps, actor, raw);
  return transact(ctx, (repo) => {
    const item = repo.letterRow('calibration_items', input.itemId);
    if (!item) return failure({ code: 'not-found', message: 'no such calibration item on this desk' });
    const hlc = deps.hlc.next();
    const scores = Object.fromEntries(CALIBRATION_CRITERIA.map((c) => [c, input.scores[c] ?? 0]));
    const version = num(item.version) + 1;
    repo.putLetterRow(
      'calibration_items',
      {
        ...item,
        scores_json: JSON.stringify(scores),
        agreement: input.agreement,
        feedback: input.feedback || null,
        scored_by: actor.userId,
        scored_at: ctx.now,
        updated_hlc: hlc,
        version,
      },
      false,
    );
    const committed = record(
      ctx,
      repo,
      hlc,
      'score-calibration',
      { type: 'calibration_item', id: input.itemId },
      null,
      {
        scores,
        agreement: input.agreement,
      },
    );
    return success({ version, ...committed });
  });
}
