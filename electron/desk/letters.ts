// The letters and weekly-calibration DeskApi methods of the desk service: reads straight from the desk
// database, commands through the use cases (shared/app/letter-use-cases.ts). The rendered HTML of a version
// and its SHA-256 are made here (Node's crypto), the DOCX with the `docx` package (letters-docx.ts).
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { bankHolidayOverrides, deskCalendar, type DeskDatabase } from '../../db/sqlite/index.js';
import { appendAudit } from '../../db/sqlite/audit.js';
import { stmt } from '../../db/sqlite/statements.js';
import type { LetterRow } from '../../shared/app/letter-ports.js';
import {
  authoriseLetter,
  createLetterDraft,
  drawCalibration,
  letterFromRow,
  returnLetter,
  saveLetterDraft,
  saveLetterTemplate,
  scoreCalibrationItem,
  sendLetter,
  submitLetter,
  templateFromRow,
  type LetterRecord,
} from '../../shared/app/letter-use-cases.js';
import type { Actor, Clock, UseCaseDeps } from '../../shared/app/ports.js';
import type { UseCaseResult } from '../../shared/app/result.js';
import { BANK_HOLIDAYS, type BankHolidayOverride, type Region } from '../../shared/domain/calendar/bank-holidays.js';
import { calendarFor } from '../../shared/domain/calendar/working-days.js';
import { isoDateSchema, type IsoDate } from '../../shared/domain/dates.js';
import { runningDeadlines } from '../../shared/domain/lifecycle/transitions.js';
import type { CaseRecord } from '../../shared/domain/lifecycle/types.js';
import { findProfile } from '../../shared/domain/profiles/registry.js';
import {
  averageScore,
  calibrationTrends,
  toCsv,
  verifyDraw,
  weekBounds,
} from '../../shared/domain/letters/calibration.js';
import { checkLetter } from '../../shared/domain/letters/content.js';
import { mergeFields } from '../../shared/domain/letters/merge.js';
import {
  letterAdjustments,
  NO_PREFERENCES,
  renderLetterHtml,
  type ResidentPreferences,
} from '../../shared/domain/letters/render.js';
import { builtInTemplate } from '../../shared/domain/letters/templates.js';
import {
  CALIBRATION_CRITERIA,
  CALIBRATION_CRITERION_NAMES,
  LETTER_KINDS,
  LETTER_KIND_NAMES,
  type CalibrationAgreement,
  type CalibrationCriterion,
  type LetterSendChannel,
  type LetterStatus,
  type LetterTemplate,
} from '../../shared/domain/letters/types.js';
import { letterAction } from '../../shared/domain/letters/workflow.js';
import type {
  AwaitingLetter,
  CalibrationItemSummary,
  CalibrationScoreCard,
  CalibrationWeek,
  DESK_API,
  DeskApiError,
  DeskApiMethod,
  DeskApiOutputs,
  DeskApiResult,
  LetterCaseSummary,
  LetterDetail,
  LetterReviewEvent,
  LetterSummary,
  LetterVersion,
} from '../../shared/contracts/desk-api.js';

export const LETTER_METHODS = [
  'letterTemplates',
  'saveLetterTemplate',
  'createLetterDraft',
  'letterDetail',
  'saveLetterDraft',
  'submitLetter',
  'returnLetter',
  'authoriseLetter',
  'sendLetter',
  'lettersAwaiting',
  'caseLetters',
  'myLetters',
  'letterDocx',
  'calibrationWeek',
  'drawCalibration',
  'calibrationItem',
  'scoreCalibrationItem',
  'calibrationHistory',
  'calibrationExportCsv',
  'myCalibrationFeedback',
  'calibrationSettings',
  'setCalibrationWeekStart',
] as const satisfies readonly DeskApiMethod[];
export type LetterMethod = (typeof LETTER_METHODS)[number];

type Input<M extends DeskApiMethod> = z.output<(typeof DESK_API)[M]>;
export type LetterHandlers = {
  [M in LetterMethod]: (
    input: Input<M>,
  ) => DeskApiResult<DeskApiOutputs[M]> | Promise<DeskApiResult<DeskApiOutputs[M]>>;
};

export interface LetterHost {
  // Functions, not values: the service builds its handler table before its constructor body runs.
  desk(): DeskDatabase;
  clock(): Clock;
  deps(): UseCaseDeps;
  me(): Actor;
}

const ok = <T>(value: T): DeskApiResult<T> => ({ ok: true, value });
const err = <T = never>(error: DeskApiError): DeskApiResult<T> => ({ ok: false, error });
const fromUseCase = <T>(r: UseCaseResult<T>): DeskApiResult<T> => (r.ok ? r : err(r.error));

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

interface ComplaintRow {
  id: string;
  reference: string;
  contact_id: string | null;
  person_id: string | null;
  region: string;
  received_date: string;
  summary: string;
  outcome_wanted: string | null;
  state_json: string;
  status: string;
  stage_key: string | null;
  team_id: string | null;
  /** The display name of the complaint's person, read with the row. */
  person_name: string | null;
}

interface PersonRow {
  display_name: string;
  address_line1: string | null;
  address_line2: string | null;
  town: string | null;
  postcode: string | null;
}

const SUMMARY_SQL = `SELECT l.*, c.reference AS complaint_reference, p.display_name AS person_name
  FROM letters l JOIN complaints c ON c.id = l.complaint_id LEFT JOIN people p ON p.id = c.person_id`;

type SummaryRow = LetterRow & { complaint_reference: string; person_name: string | null };

const COMPLAINT_COLUMNS = `c.id, c.reference, c.contact_id, c.person_id, c.region, c.received_date, c.summary,
  c.outcome_wanted, c.state_json, c.status, c.stage_key, c.team_id, p.display_name AS person_name`;
const COMPLAINT_FROM = 'FROM complaints c LEFT JOIN people p ON p.id = c.person_id';

/** A submitted letter with its case's columns (prefixed c_) and its authors' names, in one row. */
type AwaitingRow = SummaryRow & {
  drafted_by_name: string | null;
  authorised_by_name: string | null;
} & Record<`c_${string}`, unknown>;

/** "demo-housing" → "Demo Housing": the landlord's name as letters print it (the desk keeps only the key). */
export function landlordName(organisationKey: string): string {
  return organisationKey
    .split('-')
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join(' ');
}

export function letterHandlers(host: LetterHost): LetterHandlers {
  const db = () => host.desk().db;
  const today = (): IsoDate => host.clock().today();
  const isRole = (...roles: string[]) => host.me().roles.some((r) => roles.includes(r));

  const names = (): Map<string, string> =>
    new Map(
      stmt<[], { id: string; display_name: string }>(db(), 'SELECT id, display_name FROM users')
        .all()
        .map((u) => [u.id, u.display_name]),
    );

  function summaryOf(r: SummaryRow, who: Map<string, string>): LetterSummary {
    const draftedBy = String(r.drafted_by);
    const authorisedBy = str(r.authorised_by);
    return {
      id: String(r.id),
      complaintId: String(r.complaint_id),
      complaintReference: r.complaint_reference,
      kind: String(r.kind) as LetterSummary['kind'],
      status: String(r.status) as LetterStatus,
      stageKey: str(r.stage_key),
      personName: r.person_name,
      draftedBy,
      draftedByName: who.get(draftedBy) ?? null,
      createdAt: String(r.created_at),
      submittedAt: str(r.submitted_at),
      authorisedBy,
      authorisedByName: authorisedBy ? (who.get(authorisedBy) ?? null) : null,
      authorisedAt: str(r.authorised_at),
      sentDate: str(r.sent_date),
      sentChannel: str(r.sent_channel) as LetterSendChannel | null,
      returnedComments: r.status === 'returned' ? str(r.returned_comments) : null,
      version: Number(r.version),
    };
  }

  function summaryRow(letterId: string): SummaryRow | undefined {
    return stmt<[string], SummaryRow>(db(), `${SUMMARY_SQL} WHERE l.id = ?`).get(letterId);
  }

  function complaintRow(complaintId: string): ComplaintRow | undefined {
    return stmt<[string], ComplaintRow>(db(), `SELECT ${COMPLAINT_COLUMNS} ${COMPLAINT_FROM} WHERE c.id = ?`).get(
      complaintId,
    );
  }

  /** `overrides`: the desk's bank-holiday overrides, when the caller has read them already (a list). */
  function caseSummary(
    c: ComplaintRow,
    overrides: readonly BankHolidayOverride[] = bankHolidayOverrides(db()),
  ): LetterCaseSummary {
    const state = JSON.parse(c.state_json) as CaseRecord;
    const profile = findProfile(state.profileId);
    const stage = state.stages[state.stages.length - 1];
    const calendar = calendarFor(state.region, BANK_HOLIDAYS, overrides);
    return {
      complaintId: c.id,
      reference: c.reference,
      profileId: state.profileId,
      profileName: profile?.name ?? state.profileId,
      status: c.status,
      stageKey: c.stage_key,
      receivedDate: c.received_date,
      summary: c.summary,
      outcomeWanted: c.outcome_wanted,
      personName: c.person_name,
      understanding: stage?.definition?.understanding ?? null,
      outcomeSought: stage?.definition?.outcomeSought ?? null,
      decision: stage?.decision ?? null,
      running: profile ? runningDeadlines(state, { profile, calendar }) : [],
    };
  }

  /** The resident's preferences: their person record's, its active adjustments, and the contact's. */
  function preferencesOf(c: ComplaintRow): ResidentPreferences {
    const prefs = c.person_id
      ? stmt<
          [string],
          {
            preferred_channel: string | null;
            language: string | null;
            large_print: number;
            font_size_pt: number | null;
            braille: number;
            easy_read: number;
          }
        >(
          db(),
          'SELECT preferred_channel, language, large_print, font_size_pt, braille, easy_read FROM communication_preferences WHERE person_id = ?',
        ).get(c.person_id)
      : undefined;
    const adjustments = c.person_id
      ? stmt<[string], { kind: string; detail: string }>(
          db(),
          'SELECT kind, detail FROM reasonable_adjustments WHERE person_id = ? AND active = 1 ORDER BY recorded_at',
        ).all(c.person_id)
      : [];
    const contact = c.contact_id
      ? stmt<[string], { adjustments_json: string | null }>(
          db(),
          'SELECT adjustments_json FROM contacts WHERE id = ?',
        ).get(c.contact_id)
      : undefined;
    const told = contact?.adjustments_json
      ? (JSON.parse(contact.adjustments_json) as {
          supports?: string[];
          language?: string | null;
          preferredChannel?: string | null;
          detail?: string | null;
        })
      : null;
    const supports = told?.supports ?? [];
    return {
      ...NO_PREFERENCES,
      largePrint: Boolean(prefs?.large_print) || supports.includes('large-print'),
      fontSizePt: prefs?.font_size_pt ?? null,
      preferredChannel: prefs?.preferred_channel ?? told?.preferredChannel ?? null,
      language: prefs?.language ?? told?.language ?? null,
      easyRead: Boolean(prefs?.easy_read) || supports.includes('easy-read'),
      braille: Boolean(prefs?.braille),
      adjustments: [
        ...adjustments,
        ...supports.map((s) => ({ kind: s, detail: 'told us with the contact' })),
        ...(told?.detail ? [{ kind: 'other', detail: told.detail }] : []),
      ],
    };
  }

  /** Everything the letter is on this desk now: merged fields, checks, the rendered document. */
  function build(letter: LetterRecord, letterDate: IsoDate) {
    const c = complaintRow(letter.complaintId);
    if (!c) return null;
    const state = JSON.parse(c.state_json) as CaseRecord;
    const profile = findProfile(state.profileId);
    if (!profile) return null;
    const person = c.person_id
      ? stmt<[string], PersonRow>(
          db(),
          'SELECT display_name, address_line1, address_line2, town, postcode FROM people WHERE id = ?',
        ).get(c.person_id)
      : undefined;
    const identity = stmt<[], { organisation_key: string }>(
      db(),
      'SELECT organisation_key FROM desk_identity WHERE singleton = 1',
    ).get();
    const running = runningDeadlines(state, { profile, calendar: deskCalendar(db(), state.region) });
    const fields = mergeFields({
      letterDate,
      landlordName: identity ? landlordName(identity.organisation_key) : null,
      reference: c.reference,
      state,
      profile,
      summary: c.summary,
      outcomeWanted: c.outcome_wanted,
      person: person
        ? {
            displayName: person.display_name,
            addressLine1: person.address_line1,
            addressLine2: person.address_line2,
            town: person.town,
            postcode: person.postcode,
          }
        : null,
      running,
    });
    const stage = state.stages[state.stages.length - 1];
    const adjustments = letterAdjustments(preferencesOf(c), Number(letter.row.large_print) === 1);
    const checks = checkLetter({
      kind: letter.kind,
      template: letter.template,
      sections: letter.sections,
      fields,
      profile,
      stageKey: stage?.key ?? null,
      decisionRecorded: stage?.decision != null,
    });
    const html = renderLetterHtml({
      template: letter.template,
      sections: letter.sections,
      fields,
      adjustments,
      title: `${LETTER_KIND_NAMES[letter.kind]}: ${c.reference}`,
    });
    return { complaint: c, fields, adjustments, checks, html };
  }

  function loadLetter(letterId: string): LetterRecord | null {
    const row = stmt<[string], LetterRow>(db(), 'SELECT * FROM letters WHERE id = ?').get(letterId);
    return row ? letterFromRow(row) : null;
  }

  const notFound = () => err<never>({ code: 'not-found', message: 'no such letter on this desk' });

  function versionsOf(letterId: string): LetterVersion[] {
    return stmt<[string], LetterRow>(db(), 'SELECT * FROM letter_versions WHERE letter_id = ? ORDER BY version_no')
      .all(letterId)
      .map((v) => ({
        id: String(v.id),
        versionNo: Number(v.version_no),
        contentSha256: String(v.content_sha256),
        html: String(v.body),
        createdBy: String(v.created_by),
        createdAt: String(v.created_at),
        reason: v.reason === 'sent' ? 'sent' : 'submitted',
      }));
  }

  function reviewsOf(letterId: string, who: Map<string, string>): LetterReviewEvent[] {
    return stmt<[string], LetterRow>(db(), 'SELECT * FROM letter_reviews WHERE letter_id = ? ORDER BY at, hlc')
      .all(letterId)
      .map((r) => ({
        id: String(r.id),
        action: String(r.action) as LetterReviewEvent['action'],
        actorId: String(r.actor_id),
        actorName: who.get(String(r.actor_id)) ?? null,
        at: String(r.at),
        comments: str(r.comments),
        versionNo: r.version_no === null ? null : Number(r.version_no),
      }));
  }

  /** The HTML of record: what was sent, else what was submitted (authorised), else the live draft. */
  function documentOf(letter: LetterRecord): { html: string; sha: string } | null {
    if (letter.status !== 'draft' && letter.status !== 'returned' && letter.row.current_version_id) {
      const v = stmt<[string], { body: string; content_sha256: string }>(
        db(),
        'SELECT body, content_sha256 FROM letter_versions WHERE id = ?',
      ).get(String(letter.row.current_version_id));
      if (v) return { html: v.body, sha: v.content_sha256 };
    }
    const b = build(letter, today());
    return b ? { html: b.html, sha: sha256Hex(b.html) } : null;
  }

  function detail(letterId: string): DeskApiResult<LetterDetail> {
    const letter = loadLetter(letterId);
    const row = summaryRow(letterId);
    if (!letter || !row) return notFound();
    const letterDate = (str(letter.row.sent_date) as IsoDate | null) ?? today();
    const b = build(letter, letterDate);
    if (!b) return err({ code: 'not-found', message: "the letter's complaint or profile is not on this desk" });
    const who = names();
    const me = host.me();
    const can = (a: Parameters<typeof letterAction>[0]) => letterAction(a, letter, me);
    const edit = can('edit');
    const submit = can('submit');
    const authorise = can('authorise');
    const ret = can('return');
    const send = can('send');
    // The reason that matters at this point of the workflow, when the user cannot take its next step.
    const next =
      letter.status === 'submitted'
        ? authorise
        : letter.status === 'authorised'
          ? send
          : letter.status === 'sent'
            ? edit
            : submit;
    const doc = documentOf(letter);
    return ok({
      letter: summaryOf(row, who),
      template: letter.template,
      sections: letter.sections,
      largePrint: Number(letter.row.large_print) === 1,
      // Sent and submitted letters show the stored version (exactly what was authorised or sent).
      html: doc?.html ?? b.html,
      mergeFields: b.fields,
      checks: b.checks,
      adjustments: b.adjustments,
      versions: versionsOf(letterId),
      reviews: reviewsOf(letterId, who),
      case: caseSummary(b.complaint),
      can: {
        edit: edit.ok,
        submit: submit.ok && b.checks.complete,
        authorise: authorise.ok,
        return: ret.ok,
        send: send.ok,
        reason: !next.ok
          ? next.reason
          : submit.ok && !b.checks.complete
            ? 'something the letter must say is missing: see the checks'
            : null,
      },
    });
  }

  // ---- calibration helpers ----

  interface ItemRow {
    id: string;
    draw_id: string;
    team_leader_id: string;
    letter_id: string;
    position: number;
    scores_json: string;
    agreement: string | null;
    feedback: string | null;
    scored_by: string | null;
    scored_at: string | null;
    week_start: string;
  }

  function cardOf(i: ItemRow): CalibrationScoreCard {
    const scores = JSON.parse(i.scores_json) as Partial<Record<CalibrationCriterion, number>>;
    return {
      scores,
      agreement: i.agreement as CalibrationAgreement | null,
      feedback: i.feedback,
      scoredBy: i.scored_by,
      scoredAt: i.scored_at,
      average: i.agreement ? averageScore(scores) : null,
    };
  }

  function itemSummary(i: ItemRow, who: Map<string, string>): CalibrationItemSummary | null {
    const row = summaryRow(i.letter_id);
    if (!row) return null;
    return {
      id: i.id,
      position: i.position,
      teamLeaderId: i.team_leader_id,
      letter: summaryOf(row, who),
      card: cardOf(i),
      scored: i.agreement !== null,
    };
  }

  // The calibration week's first day is an organisation setting an administrator keeps on the desk
  // (desk_settings, migration 0009). Why the desk and not the server's reference data: the draw is made and
  // recorded on the desk, a local-only desk has no server to ask, and each draw records its own bounds (and
  // the use case re-checks them from the start day carried in its input), so a later change of the setting
  // never alters a recorded draw on any desk. Absent or unreadable means Monday, the Code's default.
  const WEEK_START_KEY = 'calibration_week_start_day';
  function weekStartDay(): number {
    const row = stmt<[string], { value: string }>(db(), 'SELECT value FROM desk_settings WHERE key = ?').get(
      WEEK_START_KEY,
    );
    const n = row ? Number(row.value) : 1;
    return Number.isInteger(n) && n >= 0 && n <= 6 ? n : 1;
  }
  /** The recorded draw covering `date`, whatever start day it was drawn with. */
  function drawCovering(date: IsoDate): LetterRow | undefined {
    return stmt<[string, string], LetterRow>(
      db(),
      'SELECT * FROM calibration_draws WHERE week_start <= ? AND week_end >= ? ORDER BY week_start DESC LIMIT 1',
    ).get(date, date);
  }
  /** The week containing `date`: a recorded draw's own bounds when one covers it, else the configured week. */
  function boundsOf(date: IsoDate): { start: IsoDate; end: IsoDate } {
    const d = drawCovering(date);
    return d
      ? { start: String(d.week_start) as IsoDate, end: String(d.week_end) as IsoDate }
      : weekBounds(date, weekStartDay());
  }

  const ITEM_SQL = `SELECT i.*, d.week_start FROM calibration_items i JOIN calibration_draws d ON d.id = i.draw_id`;

  /** Letters each Team Leader authorised in the week, by authorisation date (London). */
  function population(start: IsoDate, end: IsoDate): { teamLeaderId: string; letterIds: string[] }[] {
    const rows = stmt<[string, string], { authorised_by: string; id: string }>(
      db(),
      `SELECT authorised_by, id FROM letters WHERE authorised_date BETWEEN ? AND ? AND authorised_by IS NOT NULL
       AND status IN ('authorised', 'sent') ORDER BY authorised_by, id`,
    ).all(start, end);
    // After the week's first day changes, the first new week can overlap the last recorded draw: the letters
    // that draw already covered are left out, so none is calibrated twice and no letter falls between weeks.
    const covered = new Set<string>();
    for (const d of stmt<[string, string], { population_json: string }>(
      db(),
      'SELECT population_json FROM calibration_draws WHERE week_start <= ? AND week_end >= ?',
    ).all(end, start)) {
      for (const p of JSON.parse(d.population_json) as { letterIds: string[] }[]) {
        for (const l of p.letterIds) covered.add(l);
      }
    }
    const by = new Map<string, string[]>();
    for (const r of rows) {
      if (!covered.has(r.id)) by.set(r.authorised_by, [...(by.get(r.authorised_by) ?? []), r.id]);
    }
    return [...by.entries()].map(([teamLeaderId, letterIds]) => ({ teamLeaderId, letterIds }));
  }

  function week({ start, end }: { start: IsoDate; end: IsoDate }): CalibrationWeek {
    const who = names();
    const draw = stmt<[string], LetterRow>(db(), 'SELECT * FROM calibration_draws WHERE week_start = ?').get(start);
    const live = population(start, end);
    const items = draw
      ? stmt<[string], ItemRow>(db(), `${ITEM_SQL} WHERE i.draw_id = ? ORDER BY i.team_leader_id, i.position`).all(
          String(draw.id),
        )
      : [];
    const recorded = draw
      ? (JSON.parse(String(draw.population_json)) as { teamLeaderId: string; letterIds: string[] }[])
      : live;
    const tls = [...new Set([...recorded.map((p) => p.teamLeaderId), ...items.map((i) => i.team_leader_id)])].sort(
      (a, b) => (who.get(a) ?? a).localeCompare(who.get(b) ?? b),
    );
    return {
      weekStart: start,
      weekEnd: end,
      draw: draw
        ? {
            id: String(draw.id),
            weekStart: String(draw.week_start),
            weekEnd: String(draw.week_end),
            seed: String(draw.seed),
            algorithm: String(draw.algorithm),
            drawnBy: String(draw.manager_id),
            drawnByName: who.get(String(draw.manager_id)) ?? null,
            drawnAt: String(draw.drawn_at),
            population: recorded,
            verified: verifyDraw({
              seed: String(draw.seed),
              algorithm: String(draw.algorithm),
              population: recorded,
              items: items.map((i) => ({
                teamLeaderId: i.team_leader_id,
                letterId: i.letter_id,
                position: i.position,
              })),
            }),
          }
        : null,
      teamLeaders: tls.map((teamLeaderId) => ({
        teamLeaderId,
        name: who.get(teamLeaderId) ?? null,
        authorisedThisWeek: recorded.find((p) => p.teamLeaderId === teamLeaderId)?.letterIds.length ?? 0,
        items: items
          .filter((i) => i.team_leader_id === teamLeaderId)
          .map((i) => itemSummary(i, who))
          .filter((x): x is CalibrationItemSummary => x !== null),
      })),
      progress: { drawn: items.length, scored: items.filter((i) => i.agreement !== null).length },
      canDraw: isRole('manager'),
    };
  }

  const asWeek = (s: string | undefined): { start: IsoDate; end: IsoDate } | null => {
    if (s === undefined) return boundsOf(today());
    const d = isoDateSchema.safeParse(s);
    return d.success ? boundsOf(d.data) : null;
  };
  const badWeek = () =>
    err<never>({
      code: 'invalid-input',
      message: 'weekStart: must be a date, YYYY-MM-DD',
      fields: [{ path: 'weekStart', message: 'must be a date, YYYY-MM-DD' }],
    });

  function allItems(where: string, ...params: string[]): ItemRow[] {
    return stmt<string[], ItemRow>(
      db(),
      `${ITEM_SQL} ${where} ORDER BY d.week_start, i.team_leader_id, i.position`,
    ).all(...params);
  }

  return {
    letterTemplates: (i) => {
      const stored = stmt<[], LetterRow>(
        db(),
        'SELECT * FROM letter_templates WHERE active = 1 ORDER BY kind, profile_key, template_version DESC',
      )
        .all()
        .map(templateFromRow);
      const latest = new Map<string, LetterTemplate>();
      for (const t of stored) {
        const key = `${t.kind}|${t.profileFamily ?? ''}`;
        if (!latest.has(key)) latest.set(key, t);
      }
      const kinds = i.kind ? [i.kind] : [...LETTER_KINDS];
      const out: LetterTemplate[] = [];
      for (const kind of kinds) {
        if (!latest.has(`${kind}|`)) out.push(builtInTemplate(kind));
        out.push(...[...latest.values()].filter((t) => t.kind === kind));
      }
      return ok(out);
    },
    saveLetterTemplate: (i) => fromUseCase(saveLetterTemplate(host.deps(), host.me(), i)),
    createLetterDraft: (i) => fromUseCase(createLetterDraft(host.deps(), host.me(), i)),
    letterDetail: (i) => detail(i.letterId),
    saveLetterDraft: (i) => {
      const r = saveLetterDraft(host.deps(), host.me(), i);
      if (!r.ok) return err(r.error);
      const letter = loadLetter(i.letterId);
      const b = letter ? build(letter, today()) : null;
      if (!b) return notFound();
      return ok({ ...r.value, checks: b.checks });
    },
    submitLetter: (i) => {
      const letter = loadLetter(i.letterId);
      if (!letter) return notFound();
      const b = build(letter, today());
      if (!b) return notFound();
      return fromUseCase(
        submitLetter(host.deps(), host.me(), { ...i, html: b.html, contentSha256: sha256Hex(b.html) }),
      );
    },
    returnLetter: (i) => fromUseCase(returnLetter(host.deps(), host.me(), i)),
    authoriseLetter: (i) => fromUseCase(authoriseLetter(host.deps(), host.me(), i)),
    sendLetter: (i) => {
      const sentDate = isoDateSchema.safeParse(i.sentDate);
      if (!sentDate.success) {
        return err({
          code: 'invalid-input',
          message: 'sentDate: must be a real calendar date, YYYY-MM-DD',
          fields: [{ path: 'sentDate', message: 'must be a real calendar date, YYYY-MM-DD' }],
        });
      }
      const letter = loadLetter(i.letterId);
      if (!letter) return notFound();
      // The letter as it goes: dated the send date (the authorised wording, the date line filled in).
      const b = build(letter, sentDate.data);
      if (!b) return notFound();
      return fromUseCase(sendLetter(host.deps(), host.me(), { ...i, html: b.html, contentSha256: sha256Hex(b.html) }));
    },
    lettersAwaiting: () => {
      // One query for the letters, their cases, people and authors, and one for the calendar's overrides,
      // however long the queue is.
      const rows = stmt<[], AwaitingRow>(
        db(),
        `SELECT l.*, c.reference AS complaint_reference, p.display_name AS person_name,
           du.display_name AS drafted_by_name, au.display_name AS authorised_by_name,
           c.id AS c_id, c.reference AS c_reference, c.contact_id AS c_contact_id, c.person_id AS c_person_id,
           c.region AS c_region, c.received_date AS c_received_date, c.summary AS c_summary,
           c.outcome_wanted AS c_outcome_wanted, c.state_json AS c_state_json, c.status AS c_status,
           c.stage_key AS c_stage_key, c.team_id AS c_team_id, p.display_name AS c_person_name
         ${COMPLAINT_FROM} JOIN letters l ON l.complaint_id = c.id
         LEFT JOIN users du ON du.id = l.drafted_by LEFT JOIN users au ON au.id = l.authorised_by
         WHERE l.status = 'submitted' ORDER BY l.submitted_at, l.id`,
      ).all();
      const overrides = bankHolidayOverrides(db());
      const who = new Map<string, string>();
      for (const r of rows) {
        if (r.drafted_by_name !== null) who.set(String(r.drafted_by), r.drafted_by_name);
        if (r.authorised_by_name !== null) who.set(String(r.authorised_by), r.authorised_by_name);
      }
      return ok(
        rows.map((r): AwaitingLetter => {
          const c = Object.fromEntries(
            Object.entries(r)
              .filter(([k]) => k.startsWith('c_'))
              .map(([k, v]) => [k.slice(2), v]),
          ) as unknown as ComplaintRow;
          const submitted = (String(r.submitted_at).slice(0, 10) || today()) as IsoDate;
          const calendar = calendarFor(c.region as Region, BANK_HOLIDAYS, overrides);
          return {
            letter: summaryOf(r, who),
            case: caseSummary(c, overrides),
            waitingWorkingDays: Math.max(0, -calendar.workingDaysLeft(today(), submitted)),
          };
        }),
      );
    },
    caseLetters: (i) => {
      const who = names();
      return ok(
        stmt<[string], SummaryRow>(db(), `${SUMMARY_SQL} WHERE l.complaint_id = ? ORDER BY l.created_at, l.id`)
          .all(i.complaintId)
          .map((r) => summaryOf(r, who)),
      );
    },
    myLetters: () => {
      const who = names();
      return ok(
        stmt<[string], SummaryRow>(
          db(),
          `${SUMMARY_SQL} WHERE l.drafted_by = ?
           ORDER BY CASE l.status WHEN 'returned' THEN 0 WHEN 'draft' THEN 1 WHEN 'authorised' THEN 2
                    WHEN 'submitted' THEN 3 ELSE 4 END, l.created_at DESC`,
        )
          .all(host.me().userId)
          .map((r) => summaryOf(r, who)),
      );
    },
    letterDocx: async (i) => {
      const letter = loadLetter(i.letterId);
      const row = summaryRow(i.letterId);
      if (!letter || !row) return notFound();
      const doc = documentOf(letter);
      if (!doc) return notFound();
      const title = `${LETTER_KIND_NAMES[letter.kind]}: ${row.complaint_reference}`;
      // The DOCX writer (the docx package) is loaded on the first download, not at every start of the desk.
      const { letterDocx } = await import('./letters-docx.js');
      const bytes = await letterDocx(doc.html, title);
      return ok({
        filename: `${row.complaint_reference}-${letter.kind}.docx`,
        mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        base64: bytes.toString('base64'),
      });
    },
    calibrationWeek: (i) => {
      const bounds = asWeek(i.weekStart);
      return bounds ? ok(week(bounds)) : badWeek();
    },
    drawCalibration: (i) => {
      const bounds = asWeek(i.weekStart);
      if (!bounds) return badWeek();
      const { start, end } = bounds;
      const existing = stmt<[string], { updated_hlc: string }>(
        db(),
        'SELECT updated_hlc FROM calibration_draws WHERE week_start = ?',
      ).get(start);
      // Idempotent: a week already drawn shows its recorded draw; nothing is re-rolled.
      if (existing) {
        if (!isRole('manager'))
          return err({ code: 'forbidden', message: 'only a manager runs the weekly calibration' });
        return ok({ ...week(bounds), hlc: existing.updated_hlc, mutationId: '' });
      }
      const r = drawCalibration(host.deps(), host.me(), {
        weekStart: start,
        weekStartDay: weekStartDay(),
        population: population(start, end),
      });
      if (!r.ok) return err(r.error);
      return ok({ ...week(bounds), hlc: r.value.hlc, mutationId: r.value.mutationId });
    },
    calibrationItem: (i) => {
      const item = allItems('WHERE i.id = ?', i.itemId)[0];
      const me = host.me();
      if (!item) return err({ code: 'not-found', message: 'no such calibration item on this desk' });
      if (!isRole('manager') && item.team_leader_id !== me.userId) {
        return err({ code: 'forbidden', message: 'only managers and the Team Leader concerned see calibration items' });
      }
      const who = names();
      const summary = itemSummary(item, who);
      const letter = loadLetter(item.letter_id);
      const c = letter ? complaintRow(letter.complaintId) : undefined;
      const doc = letter ? documentOf(letter) : null;
      if (!summary || !letter || !c || !doc) return notFound();
      return ok({
        item: summary,
        weekStart: item.week_start,
        letterHtml: doc.html,
        contentSha256: doc.sha,
        case: caseSummary(c),
        reviews: reviewsOf(letter.row.id as string, who),
        canScore: isRole('manager'),
      });
    },
    scoreCalibrationItem: (i) => {
      const r = scoreCalibrationItem(host.deps(), host.me(), i);
      if (!r.ok) return err(r.error);
      const item = allItems('WHERE i.id = ?', i.itemId)[0];
      if (!item) return err({ code: 'not-found', message: 'no such calibration item on this desk' });
      return ok({ card: cardOf(item), hlc: r.value.hlc, mutationId: r.value.mutationId });
    },
    calibrationHistory: (i) => {
      const me = host.me();
      const manager = isRole('manager');
      if (!manager && !isRole('team-leader')) {
        return err({ code: 'forbidden', message: 'calibration history is for managers and Team Leaders' });
      }
      // A Team Leader sees their own history only.
      const tl = manager ? (i.teamLeaderId ?? null) : me.userId;
      const items = tl ? allItems('WHERE i.team_leader_id = ?', tl) : allItems('');
      const who = names();
      const trends = calibrationTrends(
        items.map((x) => ({
          teamLeaderId: x.team_leader_id,
          weekStart: x.week_start,
          scores: JSON.parse(x.scores_json) as Partial<Record<CalibrationCriterion, number>>,
          agreement: x.agreement as CalibrationAgreement | null,
        })),
      );
      return ok({ teamLeaders: trends.map((t) => ({ ...t, name: who.get(t.teamLeaderId) ?? null })) });
    },
    calibrationExportCsv: (i) => {
      if (!isRole('manager')) return err({ code: 'forbidden', message: 'only a manager exports the calibration' });
      const from = i.from ?? '0000-01-01';
      const to = i.to ?? '9999-12-31';
      const items = allItems('WHERE d.week_start BETWEEN ? AND ?', from, to);
      const who = names();
      const rows: (string | number | null)[][] = [
        [
          'week_start',
          'team_leader',
          'complaint',
          'letter_kind',
          'authorised_at',
          ...CALIBRATION_CRITERIA.map((c) => CALIBRATION_CRITERION_NAMES[c]),
          'average',
          'agreement',
          'feedback',
          'scored_by',
          'scored_at',
        ],
      ];
      for (const x of items) {
        const l = summaryRow(x.letter_id);
        const card = cardOf(x);
        rows.push([
          x.week_start,
          who.get(x.team_leader_id) ?? x.team_leader_id,
          l?.complaint_reference ?? null,
          l ? String(l.kind) : null,
          l ? str(l.authorised_at) : null,
          ...CALIBRATION_CRITERIA.map((c) => card.scores[c] ?? null),
          card.average,
          card.agreement,
          card.feedback,
          card.scoredBy ? (who.get(card.scoredBy) ?? card.scoredBy) : null,
          card.scoredAt,
        ]);
      }
      return ok({ filename: `calibration-${i.from ?? 'all'}-${i.to ?? today()}.csv`, csv: toCsv(rows) });
    },
    calibrationSettings: () => ok({ weekStartDay: weekStartDay(), canChange: isRole('administrator') }),
    setCalibrationWeekStart: (i) => {
      if (!isRole('administrator')) {
        return err({ code: 'forbidden', message: "only an administrator sets the calibration week's first day" });
      }
      const before = weekStartDay();
      if (before !== i.startDay) {
        const me = host.me();
        const now = host.clock().nowIso();
        db().transaction(() => {
          stmt(
            db(),
            `INSERT INTO desk_settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by,
             updated_at = excluded.updated_at`,
          ).run(WEEK_START_KEY, String(i.startDay), me.userId, now);
          appendAudit(db(), {
            actorId: me.userId,
            deskId: me.deskId,
            occurredAt: now,
            hlc: host.deps().hlc.next(),
            entityType: 'desk_setting',
            entityId: WEEK_START_KEY,
            action: 'set-calibration-week-start',
            before: { weekStartDay: before },
            after: { weekStartDay: i.startDay },
          });
        })();
      }
      return ok({ weekStartDay: i.startDay, canChange: true });
    },
    myCalibrationFeedback: () => {
      const who = names();
      return ok(
        allItems('WHERE i.team_leader_id = ? AND i.agreement IS NOT NULL', host.me().userId)
          .reverse()
          .map((x) => {
            const l = summaryRow(x.letter_id);
            return l ? { itemId: x.id, weekStart: x.week_start, letter: summaryOf(l, who), card: cardOf(x) } : null;
          })
          .filter((x): x is NonNullable<typeof x> => x !== null),
      );
    },
  };
}
