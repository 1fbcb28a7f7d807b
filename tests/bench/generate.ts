// Builds (once) and caches a realistic, reproducible desk store for the benchmarks: at BENCH_SCALE=1,
// 1,000,000 contacts and 150,000 complaints with their stages, deadlines, timeline events, letters and notes,
// plus the residents and homes behind them. Written through the real migrations and triggers (so the search
// index is built the way the app builds it), 10,000 rows per transaction with prepared statements.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodeHlc } from '../../shared/domain/hlc.js';
import { uuidv7 } from '../../shared/domain/ids.js';
import { addCalendarDays, isoDate, type IsoDate } from '../../shared/domain/dates.js';
import { calendarFor } from '../../shared/domain/calendar/working-days.js';
import { formatReference, loadMigrations, openDeskDatabase, withSearchTriggersOff } from '../../db/sqlite/index.js';
import { Prng } from './prng.js';
import {
  BLOCKS,
  CHANNELS,
  GIVEN_NAMES,
  STREETS,
  SURNAMES,
  THEMES,
  TOWNS,
  email,
  phone,
  postcode,
} from './vocabulary.js';

/** Bump when the generated data changes shape, so cached stores are rebuilt. */
const GENERATOR_VERSION = 2;
export const BENCH_TODAY = isoDate('2025-06-16');
const FIRST_DAY = isoDate('2020-07-01');
const LAST_DAY = isoDate('2025-06-13');
export const DESK_CODE = 'K7Q2';
const NODE = 'bench-desk';
const BATCH = 10_000;

export interface BenchStore {
  readonly file: string;
  readonly scale: number;
  readonly counts: Record<string, number>;
  readonly teamIds: readonly string[];
  readonly agentIds: readonly string[];
  readonly generatedMs: number | null;
}

export interface BenchSizes {
  people: number;
  properties: number;
  contacts: number;
  complaints: number;
}

export function sizesFor(scale: number): BenchSizes {
  return {
    people: Math.max(100, Math.round(400_000 * scale)),
    properties: Math.max(60, Math.round(250_000 * scale)),
    contacts: Math.max(200, Math.round(1_000_000 * scale)),
    complaints: Math.max(30, Math.round(150_000 * scale)),
  };
}

function fingerprint(scale: number, seed: number): string {
  const h = createHash('sha256');
  for (const m of loadMigrations()) h.update(m.checksum);
  h.update(`${GENERATOR_VERSION}:${scale}:${seed}`);
  return h.digest('hex').slice(0, 12);
}

const dayMs = (d: IsoDate): number => Date.parse(`${d}T00:00:00Z`);

export function benchFile(root: string, scale: number, seed: number): string {
  return path.join(root, '.bench', `desk-s${scale}-seed${seed}-${fingerprint(scale, seed)}.db`);
}

/** Team and agent ids are derived from the seed, so run.ts can pick them without reading the store. */
export function staffIds(seed: number): { teamIds: string[]; agentIds: string[]; leaderIds: string[] } {
  const rng = new Prng(seed ^ 0x5eed);
  const id = (ms: number): string => uuidv7(ms, rng.bytes(10));
  const base = dayMs(FIRST_DAY) - 86_400_000;
  const teamIds = Array.from({ length: 20 }, (_, i) => id(base + i));
  const agentIds = Array.from({ length: 200 }, (_, i) => id(base + 100 + i));
  const leaderIds = Array.from({ length: 20 }, (_, i) => id(base + 400 + i));
  return { teamIds, agentIds, leaderIds };
}

export function ensureBenchStore(root: string, scale: number, seed: number, log: (s: string) => void): BenchStore {
  const file = benchFile(root, scale, seed);
  const done = `${file}.done`;
  const { teamIds, agentIds } = staffIds(seed);
  if (existsSync(file) && existsSync(done)) {
    return { file, scale, counts: {}, teamIds, agentIds, generatedMs: null };
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`, done]) rmSync(f, { force: true });
  mkdirSync(path.dirname(file), { recursive: true });
  const started = performance.now();
  const counts = generate(file, scale, seed, log);
  writeFileSync(done, JSON.stringify({ counts, at: new Date().toISOString() }));
  const generatedMs = performance.now() - started;
  log(`generated in ${(generatedMs / 1000).toFixed(1)} s, ${(statSync(file).size / 1e6).toFixed(0)} MB`);
  return { file, scale, counts, teamIds, agentIds, generatedMs };
}

function generate(file: string, scale: number, seed: number, log: (s: string) => void): Record<string, number> {
  const sizes = sizesFor(scale);
  const rng = new Prng(seed);
  const desk = openDeskDatabase(file, { now: () => new Date('2025-06-16T08:00:00Z') });
  const db = desk.db;
  // Generation only: a crash just means regenerating (the .done marker is written last).
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const counts: Record<string, number> = {};
  const bump = (k: string, n = 1): void => {
    counts[k] = (counts[k] ?? 0) + n;
  };
  let hlcCounter = 0;
  const hlcAt = (ms: number): string => encodeHlc({ wallMs: ms, counter: hlcCounter++ & 0xffff, node: NODE });
  const newId = (ms: number): string => uuidv7(ms, rng.bytes(10));
  // Memoised: the same few thousand (date, n) pairs recur across a million rows.
  const workingDays = new Map<string, IsoDate>();
  const base = calendarFor('england-and-wales');
  const calendar = {
    addWorkingDays(d: IsoDate, n: number): IsoDate {
      const key = `${d}|${n}`;
      let r = workingDays.get(key);
      if (r === undefined) {
        r = base.addWorkingDays(d, n);
        workingDays.set(key, r);
      }
      return r;
    },
  };
  const { teamIds, agentIds, leaderIds } = staffIds(seed);
  const deskId = newId(dayMs(FIRST_DAY));
  const t0 = dayMs(FIRST_DAY);
  const span = dayMs(LAST_DAY) - t0;

  // ------------------------------------------------------------------ reference data and staff
  db.transaction(() => {
    db.prepare(
      `INSERT INTO desk_identity (singleton, desk_id, desk_code, organisation_key, display_name, enrolled_at)
       VALUES (1, ?, ?, 'bench-ha', 'Benchmark desk', '2020-06-30T09:00:00.000Z')`,
    ).run(deskId, DESK_CODE);
    const areas = ['repairs', 'asb', 'income', 'customer-services', 'neighbourhoods'];
    for (const a of areas) db.prepare('INSERT INTO business_areas (key, name) VALUES (?, ?)').run(a, a);
    for (const t of THEMES) {
      db.prepare('INSERT OR IGNORE INTO categories (key, name, business_area_key) VALUES (?, ?, ?)').run(
        t.category,
        t.category,
        t.businessArea,
      );
    }
    teamIds.forEach((id, i) =>
      db
        .prepare('INSERT INTO teams (id, name, updated_hlc) VALUES (?, ?, ?)')
        .run(id, `Complaints team ${i + 1}`, hlcAt(t0)),
    );
    const user = db.prepare('INSERT INTO users (id, display_name, email, team_id, updated_hlc) VALUES (?, ?, ?, ?, ?)');
    const role = db.prepare('INSERT INTO user_roles (user_id, role_key) VALUES (?, ?)');
    agentIds.forEach((id, i) => {
      user.run(
        id,
        `${rng.pick(GIVEN_NAMES)} ${rng.pick(SURNAMES)}`,
        `agent${i}@bench.example`,
        teamIds[i % teamIds.length] ?? null,
        hlcAt(t0),
      );
      role.run(id, 'agent');
    });
    leaderIds.forEach((id, i) => {
      user.run(
        id,
        `${rng.pick(GIVEN_NAMES)} ${rng.pick(SURNAMES)}`,
        `leader${i}@bench.example`,
        teamIds[i] ?? null,
        hlcAt(t0),
      );
      role.run(id, 'team-leader');
    });
  })();

  const batched = <T>(label: string, total: number, make: (i: number) => T, write: (row: T) => void): void => {
    const tx = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) write(make(i));
    });
    const started = performance.now();
    for (let from = 0; from < total; from += BATCH) {
      tx(from, Math.min(total, from + BATCH));
      if ((from / BATCH) % 20 === 19) log(`  ${label}: ${Math.min(total, from + BATCH)} / ${total}`);
    }
    log(`${label}: ${total} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };

  // The search index is built in bulk after the load (see withSearchTriggersOff), as an import would.
  let seq = 0;
  withSearchTriggersOff(db, () => {
    // ------------------------------------------------------------------ properties
    const propertyIds: string[] = [];
    const propertyTown: number[] = [];
    const insProperty = db.prepare(
      `INSERT INTO properties (id, uprn, address_line1, address_line2, town, postcode, region, updated_hlc)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    batched(
      'properties',
      sizes.properties,
      (i) => {
        const town = rng.int(0, TOWNS.length - 1);
        const t = TOWNS[town] ?? TOWNS[0];
        if (!t) throw new Error('no towns');
        const inBlock = rng.chance(0.6);
        const street = rng.pickSkewed(STREETS);
        const line1 = inBlock ? `${rng.pick(BLOCKS)} ${rng.int(1, 120)}` : `${rng.int(1, 240)} ${street}`;
        const line2 = inBlock
          ? `${rng.pick(['Beacon', 'Lime', 'Hazel', 'Cedar', 'Priory', 'Canal', 'Mill'])} House, ${street}`
          : null;
        const ms = t0 - 86_400_000 + i;
        return [
          newId(ms),
          String(10_000_000_000 + i * 7),
          line1,
          line2,
          t.town,
          postcode(rng, t.area),
          t.region,
          hlcAt(ms),
          town,
        ] as const;
      },
      (r) => {
        insProperty.run(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
        propertyIds.push(r[0]);
        propertyTown.push(r[8]);
      },
    );
    bump('properties', sizes.properties);

    // ------------------------------------------------------------------ people (residents)
    const personIds: string[] = [];
    const personProperty: number[] = [];
    const insPerson = db.prepare(
      `INSERT INTO people (id, kind, title, given_name, family_name, display_name, email, phone, address_line1,
       address_line2, town, postcode, created_at, updated_hlc)
     SELECT ?, 'resident', ?, ?, ?, ?, ?, ?, address_line1, address_line2, town, postcode, ?, ? FROM properties WHERE id = ?`,
    );
    batched(
      'people',
      sizes.people,
      (i) => {
        const given = rng.pick(GIVEN_NAMES);
        const family = rng.pickSkewed(SURNAMES);
        const prop = i < propertyIds.length ? i : rng.int(0, propertyIds.length - 1);
        // Residents are added as they first get in touch, so their records spread over the years like the cases.
        const ms = t0 - 43_200_000 + Math.floor((i / sizes.people) * span) + (i % 1000);
        return {
          id: newId(ms),
          title: rng.pick(['Mr', 'Mrs', 'Ms', 'Miss', 'Mx', null]),
          given,
          family,
          email: rng.chance(0.7) ? email(rng, given, family) : null,
          phone: rng.chance(0.9) ? phone(rng) : null,
          ms,
          prop,
        };
      },
      (p) => {
        insPerson.run(
          p.id,
          p.title,
          p.given,
          p.family,
          `${p.given} ${p.family}`,
          p.email,
          p.phone,
          new Date(p.ms).toISOString(),
          hlcAt(p.ms),
          propertyIds[p.prop],
        );
        personIds.push(p.id);
        personProperty.push(p.prop);
      },
    );
    bump('people', sizes.people);

    // ------------------------------------------------------------------ contacts, complaints and everything under them
    const insContact = db.prepare(
      `INSERT INTO contacts (id, reference, received_at, received_date, channel, made_by, person_id, property_id,
       category_key, business_area_key, what_happened, outcome_wanted, dissatisfaction, offered_choice_to_complain,
       status, resolution, resolved_at, logged_by, team_id, created_hlc, updated_hlc)
     VALUES (?, ?, ?, ?, ?, 'resident', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const convertContact = db.prepare(
      `UPDATE contacts SET status = 'converted', resolution = NULL, resolved_at = NULL, complaint_id = ? WHERE id = ?`,
    );
    const insComplaint = db.prepare(
      `INSERT INTO complaints (id, reference, contact_id, profile_key, profile_version_id, region, received_date,
       person_id, property_id, category_key, business_area_key, summary, outcome_wanted, state_json, status,
       stage_key, stage_status, assignee_id, team_id, next_deadline_date, next_deadline_kind, outcome,
       resolved_at_stage, closed_date, created_by, created_hlc, updated_hlc)
     VALUES (?, ?, ?, 'hos-code-2024', 'hos-code-2024@2024-04-01', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insStage = db.prepare(
      `INSERT INTO complaint_stages (id, complaint_id, stage_key, stage_number, status, opened_date, acknowledged_date,
       definition, response_due_date, responded_date, decision_maker_id, decision, outcome, updated_hlc)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insDeadline = db.prepare(
      `INSERT INTO deadlines (id, complaint_id, stage_id, kind, due_date, status, met_date, created_hlc, updated_hlc)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insEvent = db.prepare(
      `INSERT INTO timeline_events (id, complaint_id, contact_id, hlc, occurred_at, actor_id, kind, summary, detail_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insLetter = db.prepare(
      `INSERT INTO letters (id, complaint_id, person_id, kind, status, current_version_id, drafted_by, submitted_at,
       authorised_by, authorised_at, sent_at, sent_channel, updated_hlc)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insVersion = db.prepare(
      `INSERT INTO letter_versions (id, letter_id, version_no, content_sha256, body, created_by, created_at, hlc)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insNote = db.prepare(
      `INSERT INTO notes (id, complaint_id, author_id, body, created_at, hlc) VALUES (?, ?, ?, ?, ?, ?)`,
    );

    const complaintEvery = sizes.contacts / sizes.complaints;
    let complaintsMade = 0;
    const ymd = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10) as IsoDate;
    const iso = (ms: number): string => new Date(ms).toISOString();

    const writeCase = (i: number): void => {
      const ms = t0 + Math.floor((i / sizes.contacts) * span) + rng.int(8, 17) * 3_600_000;
      const received = ymd(ms);
      const personIdx = rng.chance(0.3)
        ? rng.int(0, Math.min(personIds.length, 20_000) - 1)
        : rng.int(0, personIds.length - 1);
      const personId = personIds[personIdx] ?? '';
      const propIdx = personProperty[personIdx] ?? 0;
      const propertyId = propertyIds[propIdx] ?? '';
      const theme = rng.pick(THEMES);
      const text = theme.text(rng);
      const outcome = theme.outcome(rng);
      const agent = rng.pick(agentIds);
      const agentIdx = agentIds.indexOf(agent);
      const team = teamIds[agentIdx % teamIds.length] ?? '';
      const isComplaint = Math.floor((i + 1) / complaintEvery) > complaintsMade;
      const contactId = newId(ms);
      const enqRef = formatReference('enquiry', DESK_CODE, ++seq);
      const dissatisfied = isComplaint || rng.chance(0.25);
      insContact.run(
        contactId,
        enqRef,
        iso(ms),
        received,
        rng.pick(CHANNELS),
        personId,
        propertyId,
        theme.category,
        theme.businessArea,
        text,
        outcome,
        dissatisfied ? 1 : 0,
        dissatisfied ? 1 : 0,
        isComplaint ? 'open' : 'resolved',
        isComplaint ? null : 'Resolved at first contact',
        isComplaint ? null : iso(ms + 600_000),
        agent,
        team,
        hlcAt(ms),
        hlcAt(ms),
      );
      insEvent.run(
        newId(ms),
        null,
        contactId,
        hlcAt(ms),
        iso(ms),
        agent,
        'contact-logged',
        `Contact logged by ${'phone'}`,
        null,
      );
      bump('contacts');
      bump('timeline_events');
      if (!isComplaint) return;

      complaintsMade++;
      const complaintId = newId(ms + 60_000);
      const reference = formatReference('complaint', DESK_CODE, ++seq);
      const recentDays = (dayMs(BENCH_TODAY) - dayMs(received)) / 86_400_000;
      const open = recentDays < 45 || rng.chance(0.05);
      const stage2 = !open && rng.chance(0.22);
      const ack1 = calendar.addWorkingDays(received, rng.int(1, 5));
      const due1 = calendar.addWorkingDays(ack1, 10);
      const resp1 = calendar.addWorkingDays(ack1, rng.int(4, 14));
      const closedOutcome = rng.pick(['upheld', 'partly-upheld', 'not-upheld'] as const);
      let status = 'closed';
      let stageKey = stage2 ? 'stage-2' : 'stage-1';
      let stageStatus = 'closed';
      let nextDue: IsoDate | null = null;
      let nextKind: string | null = null;
      let closed: IsoDate | null = stage2 ? calendar.addWorkingDays(resp1, 30) : calendar.addWorkingDays(resp1, 20);
      if (open) {
        status = 'open';
        closed = null;
        const phase = rng.int(0, 2);
        stageKey = 'stage-1';
        stageStatus = ['awaiting-acknowledgement', 'investigating', 'extended'][phase] ?? 'investigating';
        nextKind = phase === 0 ? 'acknowledgement' : 'response';
        // Deadlines cluster around today: some breached, most within the next few weeks.
        nextDue = addCalendarDays(BENCH_TODAY, rng.int(-10, 25));
      }
      const state = { v: 1, stage: stageKey, stageStatus, received, ack: ack1, due: nextDue ?? due1 };
      const summary = text.length > 160 ? `${text.slice(0, 157)}...` : text;
      insComplaint.run(
        complaintId,
        reference,
        contactId,
        'england-and-wales',
        received,
        personId,
        propertyId,
        theme.category,
        theme.businessArea,
        summary,
        outcome,
        JSON.stringify(state),
        status,
        stageKey,
        stageStatus,
        agent,
        team,
        nextDue,
        nextKind,
        open ? null : closedOutcome,
        open ? null : stageKey,
        closed,
        agent,
        hlcAt(ms + 60_000),
        hlcAt(ms + 60_000),
      );
      convertContact.run(complaintId, contactId);
      bump('complaints');
      if (open) bump('open_complaints');

      const ackMs = dayMs(ack1) + 36_000_000;
      const stage1Id = newId(ms + 120_000);
      insStage.run(
        stage1Id,
        complaintId,
        'stage-1',
        1,
        open ? stageStatus : 'responded',
        received,
        open && stageStatus === 'awaiting-acknowledgement' ? null : ack1,
        `Complaint about ${theme.category.replace(/-/g, ' ')}: ${outcome.toLowerCase()}`,
        due1,
        open ? null : resp1,
        agent,
        open ? null : 'We have investigated your complaint.',
        open ? null : closedOutcome,
        hlcAt(ms + 120_000),
      );
      bump('complaint_stages');
      insDeadline.run(
        newId(ms + 130_000),
        complaintId,
        stage1Id,
        'acknowledgement',
        calendar.addWorkingDays(received, 5),
        'met',
        ack1,
        hlcAt(ms),
        hlcAt(ackMs),
      );
      insDeadline.run(
        newId(ms + 140_000),
        complaintId,
        stage1Id,
        'response',
        nextDue ?? due1,
        open ? 'open' : 'met',
        open ? null : resp1,
        hlcAt(ms),
        hlcAt(ackMs),
      );
      bump('deadlines', 2);

      const events: [string, string, number][] = [
        ['converted', 'Converted to a complaint', ms + 60_000],
        ['assigned', `Assigned to agent ${agentIdx + 1}`, ms + 90_000],
        ['acknowledged', 'Acknowledged and defined', ackMs],
      ];
      if (!open) {
        events.push(['letter-authorised', 'Stage 1 response authorised', dayMs(resp1) + 30_000_000]);
        events.push(['responded', `Stage 1 response sent: ${closedOutcome}`, dayMs(resp1) + 36_000_000]);
      }
      if (stage2) {
        events.push(['escalation-requested', 'Resident asked to escalate to stage 2', dayMs(resp1) + 5 * 86_400_000]);
        events.push(['responded', 'Final response sent', dayMs(resp1) + 30 * 86_400_000]);
      }
      if (!open) events.push(['closed', 'Complaint closed', dayMs(closed ?? resp1) + 40_000_000]);
      for (const [kind, summaryText, at] of events) {
        insEvent.run(newId(at), complaintId, null, hlcAt(at), iso(at), agent, kind, summaryText, null);
      }
      bump('timeline_events', events.length);

      const leader = leaderIds[agentIdx % leaderIds.length] ?? '';
      const letters: [string, number][] = [['acknowledgement', ackMs]];
      if (!open) letters.push(['stage-response', dayMs(resp1) + 30_000_000]);
      if (stage2) letters.push(['final-response', dayMs(resp1) + 30 * 86_400_000]);
      for (const [kind, at] of letters) {
        const letterId = newId(at);
        const versions = rng.chance(0.3) ? 2 : 1;
        let current = '';
        const versionRows: [string, number, string, string][] = [];
        for (let v = 1; v <= versions; v++) {
          const body =
            `Dear ${rng.pick(['Mr', 'Mrs', 'Ms'])} resident,\n\nYour complaint reference ${reference}. ` +
            `${kind === 'acknowledgement' ? `We received your complaint on ${received}. Our understanding is: ${summary} You would like: ${outcome}. We will respond by ${due1}.` : `Our decision at ${stageKey}: your complaint is ${closedOutcome}. Reasons: we reviewed the records and spoke to the team involved. ${stage2 ? 'This is our final response. You may refer your complaint to the Housing Ombudsman.' : 'If you are not satisfied you can ask us to escalate your complaint to stage 2.'}`}\n\nYours sincerely,\nComplaints Team`;
          current = newId(at + v);
          versionRows.push([current, v, createHash('sha256').update(body).digest('hex'), body]);
        }
        insLetter.run(
          letterId,
          complaintId,
          personId,
          kind,
          'sent',
          current,
          agent,
          iso(at - 3_600_000),
          leader,
          iso(at - 1_800_000),
          iso(at),
          'email',
          hlcAt(at),
        );
        for (const [vid, v, sha, body] of versionRows)
          insVersion.run(vid, letterId, v, sha, body, agent, iso(at - 3_600_000), hlcAt(at));
        bump('letters');
        bump('letter_versions', versionRows.length);
      }
      if (rng.chance(0.5)) {
        const at = ackMs + 86_400_000;
        insNote.run(
          newId(at),
          complaintId,
          agent,
          rng.pick([
            'Called the resident, no answer; left a voicemail.',
            'Spoke to the repairs supervisor who will book a surveyor.',
            'Resident confirmed the outcome they want; agreed to email updates.',
            'Chased the contractor for the job sheet and photos.',
            'Resident is vulnerable: large print letters requested.',
          ]),
          iso(at),
          hlcAt(at),
        );
        bump('notes');
      }
    };

    const tx = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) writeCase(i);
    });
    const started = performance.now();
    for (let from = 0; from < sizes.contacts; from += BATCH) {
      tx(from, Math.min(sizes.contacts, from + BATCH));
      if ((from / BATCH) % 10 === 9)
        log(
          `  contacts: ${Math.min(sizes.contacts, from + BATCH)} / ${sizes.contacts} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
        );
    }
    log(`contacts and cases in ${((performance.now() - started) / 1000).toFixed(1)} s; building the search index…`);
  });
  db.prepare('UPDATE desk_identity SET last_reference_seq = ?').run(seq);
  const opt = performance.now();
  db.exec('ANALYZE');
  db.pragma('wal_checkpoint(TRUNCATE)');
  log(`search index + analyze in ${((performance.now() - opt) / 1000).toFixed(1)} s`);
  desk.close();
  return counts;
}
