// Letters and a past week's calibration for the demo organisation, written through the real use cases so
// the Letters and Calibration views are not empty: last week's acknowledgements drafted by the agents,
// authorised by the Team Leader and sent (the letters of record for acknowledgements already made), drawn
// and scored by the manager this Monday; this week's letters in every state (draft, submitted and waiting,
// returned with comments, authorised, sent).
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { stmt } from '../../db/sqlite/statements.js';
import {
  authoriseLetter,
  createLetterDraft,
  drawCalibration,
  letterFromRow,
  returnLetter,
  saveLetterDraft,
  scoreCalibrationItem,
  sendLetter,
  submitLetter,
} from '../../shared/app/letter-use-cases.js';
import type { LetterRow } from '../../shared/app/letter-ports.js';
import type { Actor, UseCaseDeps } from '../../shared/app/ports.js';
import type { UseCaseResult } from '../../shared/app/result.js';
import { addCalendarDays, compareDates, type IsoDate } from '../../shared/domain/dates.js';
import type { CaseRecord } from '../../shared/domain/lifecycle/types.js';
import { findProfile } from '../../shared/domain/profiles/registry.js';
import { weekBounds } from '../../shared/domain/letters/calibration.js';
import { mergeFields } from '../../shared/domain/letters/merge.js';
import { letterAdjustments, NO_PREFERENCES, renderLetterHtml } from '../../shared/domain/letters/render.js';
import { LETTER_KIND_NAMES, CALIBRATION_CRITERIA } from '../../shared/domain/letters/types.js';
import { runningDeadlines } from '../../shared/domain/lifecycle/transitions.js';
import { calendarFor } from '../../shared/domain/calendar/working-days.js';

export interface DemoLetterHost {
  readonly db: Database.Database;
  readonly deps: UseCaseDeps;
  actor(key: string): Actor;
  /** Moves the demo's clock to that day (ids and times follow it). */
  setDay(day: IsoDate): void;
  readonly today: IsoDate;
  check<T>(what: string, r: UseCaseResult<T>): T | null;
}

interface Candidate {
  id: string;
  reference: string;
  state: CaseRecord;
  personName: string | null;
}

function candidates(db: Database.Database): Candidate[] {
  return stmt<[], { id: string; reference: string; state_json: string; person_name: string | null }>(
    db,
    `SELECT c.id, c.reference, c.state_json, p.display_name AS person_name FROM complaints c
     LEFT JOIN people p ON p.id = c.person_id WHERE c.status = 'open' ORDER BY c.reference`,
  )
    .all()
    .map((r) => ({
      id: r.id,
      reference: r.reference,
      state: JSON.parse(r.state_json) as CaseRecord,
      personName: r.person_name,
    }));
}

/** The letter's HTML and hash as the desk would make them (electron/desk/letters.ts does the same, fully merged). */
function rendered(db: Database.Database, letterId: string, on: IsoDate): { html: string; contentSha256: string } {
  const row = stmt<[string], LetterRow>(db, 'SELECT * FROM letters WHERE id = ?').get(letterId);
  if (!row) throw new Error('no such letter');
  const letter = letterFromRow(row);
  const c = stmt<
    [string],
    {
      reference: string;
      state_json: string;
      summary: string;
      display_name: string | null;
      address_line1: string | null;
      address_line2: string | null;
      town: string | null;
      postcode: string | null;
    }
  >(
    db,
    `SELECT c.reference, c.state_json, c.summary, p.display_name, p.address_line1, p.address_line2, p.town, p.postcode
     FROM complaints c LEFT JOIN people p ON p.id = c.person_id WHERE c.id = ?`,
  ).get(letter.complaintId);
  if (!c) throw new Error('no such complaint');
  const state = JSON.parse(c.state_json) as CaseRecord;
  const profile = findProfile(state.profileId);
  if (!profile) throw new Error('no such profile');
  const fields = mergeFields({
    letterDate: on,
    landlordName: 'Demo Housing',
    reference: c.reference,
    state,
    profile,
    summary: c.summary,
    outcomeWanted: null,
    person:
      c.display_name === null
        ? null
        : {
            displayName: c.display_name,
            addressLine1: c.address_line1,
            addressLine2: c.address_line2,
            town: c.town,
            postcode: c.postcode,
          },
    running: runningDeadlines(state, { profile, calendar: calendarFor(state.region) }),
  });
  const html = renderLetterHtml({
    template: letter.template,
    sections: letter.sections,
    fields,
    adjustments: letterAdjustments(NO_PREFERENCES, false),
    title: `${LETTER_KIND_NAMES[letter.kind]}: ${c.reference}`,
  });
  return { html, contentSha256: createHash('sha256').update(html, 'utf8').digest('hex') };
}

const AGENTS = ['agent', 'agent2', 'agent3'];

export function seedDemoLetters(host: DemoLetterHost): { letters: number; drawn: number } {
  const { db, deps } = host;
  const thisWeek = weekBounds(host.today);
  const lastWeek = { start: addCalendarDays(thisWeek.start, -7), end: addCalendarDays(thisWeek.start, -1) };
  let letters = 0;
  const all = candidates(db);

  const draft = (
    who: string,
    c: Candidate,
    kind: 'acknowledgement' | 'stage-response',
    sections: Record<string, string>,
  ) => {
    const created = host.check(`draft ${kind}`, createLetterDraft(deps, host.actor(who), { complaintId: c.id, kind }));
    if (!created) return null;
    letters++;
    host.check(`save ${kind}`, saveLetterDraft(deps, host.actor(who), { letterId: created.letterId, sections }));
    return created.letterId;
  };
  const submit = (who: string, letterId: string, on: IsoDate) =>
    host.check('submit letter', submitLetter(deps, host.actor(who), { letterId, ...rendered(db, letterId, on) }));
  const ackSections = (c: Candidate) => {
    const stage = c.state.stages[c.state.stages.length - 1];
    return {
      understanding: stage?.definition?.understanding ?? 'You are unhappy with how we handled your repair.',
      'outcome-sought': stage?.definition?.outcomeSought ?? 'The repair done properly and an apology.',
    };
  };

  // Last week: the acknowledgement letters of record, each sent the day the complaint was acknowledged.
  // Only cases still waiting for their stage 1 response: a letter's merge fields are the case's today, and the
  // acknowledgement must say when the response is due (a case already answered has no such date any more).
  const ackedLastWeek = all.filter((c) => {
    const s = c.state.stages[0];
    return (
      c.state.stages.length === 1 &&
      s?.status === 'acknowledged' &&
      s.acknowledgedOn &&
      compareDates(s.acknowledgedOn, lastWeek.start) >= 0 &&
      compareDates(s.acknowledgedOn, lastWeek.end) <= 0
    );
  });
  ackedLastWeek.slice(0, 7).forEach((c, n) => {
    const on = c.state.stages[0]?.acknowledgedOn as IsoDate;
    host.setDay(on);
    const who = AGENTS[n % AGENTS.length] as string;
    const letterId = draft(who, c, 'acknowledgement', ackSections(c));
    if (!letterId) return;
    if (!submit(who, letterId, on)) return;
    if (!host.check('authorise', authoriseLetter(deps, host.actor('leader'), { letterId }))) return;
    host.check(
      'send',
      sendLetter(deps, host.actor(who), {
        letterId,
        channel: n % 2 ? 'email' : 'post',
        sentDate: on,
        ...rendered(db, letterId, on),
      }),
    );
  });

  // This Monday the manager draws last week and scores it (one disagreement, with feedback).
  host.setDay(thisWeek.start);
  const population = new Map<string, string[]>();
  for (const r of stmt<[string, string], { authorised_by: string; id: string }>(
    db,
    "SELECT authorised_by, id FROM letters WHERE authorised_date BETWEEN ? AND ? AND status IN ('authorised', 'sent')",
  ).all(lastWeek.start, lastWeek.end)) {
    population.set(r.authorised_by, [...(population.get(r.authorised_by) ?? []), r.id]);
  }
  let drawn = 0;
  if (population.size > 0 && compareDates(thisWeek.start, host.today) <= 0) {
    const draw = host.check(
      'draw calibration',
      drawCalibration(deps, host.actor('manager'), {
        weekStart: lastWeek.start,
        population: [...population.entries()].map(([teamLeaderId, letterIds]) => ({ teamLeaderId, letterIds })),
      }),
    );
    if (draw) {
      const items = stmt<[string], { id: string }>(
        db,
        'SELECT id FROM calibration_items WHERE draw_id = ? ORDER BY position',
      ).all(draw.drawId);
      drawn = items.length;
      items.forEach((item, n) => {
        const disagree = n === items.length - 1 && n > 0;
        host.check(
          'score calibration',
          scoreCalibrationItem(deps, host.actor('manager'), {
            itemId: item.id,
            scores: Object.fromEntries(
              CALIBRATION_CRITERIA.map((c, i) => [c, disagree ? 2 + (i % 2) : 4 + ((i + n) % 2)]),
            ),
            agreement: disagree ? 'disagree' : 'agree',
            feedback: disagree
              ? 'The letter restates the complaint but not the outcome the resident asked for; please return letters like this.'
              : 'Clear and kind; the next steps are dated.',
          }),
        );
      });
    }
  }

  // This week: letters in every state, for the queue and the editor.
  host.setDay(host.today);
  const waiting = all.filter((c) => c.state.stages[c.state.stages.length - 1]?.status === 'entered').slice(0, 5);
  const responding = all
    .filter((c) => c.state.stages[c.state.stages.length - 1]?.status === 'acknowledged')
    .slice(0, 3);
  waiting.forEach((c, n) => {
    const who = AGENTS[n % AGENTS.length] as string;
    const letterId = draft(who, c, 'acknowledgement', n === 0 ? {} : ackSections(c));
    if (!letterId || n === 0) return; // the first stays a draft, its sections still to write
    if (!submit(who, letterId, host.today)) return;
    if (n === 1) {
      host.check(
        'return',
        returnLetter(deps, host.actor('leader'), {
          letterId,
          comments: 'Please say what the resident wants us to do, in their words, and when the repair is booked.',
        }),
      );
    } else if (n === 2) {
      host.check('authorise', authoriseLetter(deps, host.actor('leader'), { letterId }));
    }
  });
  responding.forEach((c, n) => {
    const who = AGENTS[(n + 1) % AGENTS.length] as string;
    const letterId = draft(who, c, 'stage-response', {
      decision: 'Partly upheld. We should have completed the repair within our target time.',
      reasons:
        'Our records show the first appointment was missed because the engineer had the wrong part. We have spoken to the contractor about this.',
      remedy: 'We apologise. We have offered £50 for the time and trouble this caused you.',
      'outstanding-actions': 'The surveyor will visit on the date we agreed with you. We will call you the day before.',
    });
    if (letterId && n > 0) submit(who, letterId, host.today);
  });
  return { letters, drawn };
}
