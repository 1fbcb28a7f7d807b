// The demo organisation: enrols a desk and fills it with teams, a user for each role (with the offline
// sign-in verifiers a real desk gets from signing in online), categories, business areas and a few hundred
// cases driven through the REAL use cases. A deterministic clock walks the working days up to today, so
// every deadline, breach and working-days-left figure is the rules engine's own.
// Online sign-in against the central server will replace this as the source of verifiers.
import { createDeskDeps } from '../../db/sqlite/desk-core.js';
import {
  enrolDesk,
  getDeskIdentity,
  insertProperty,
  upsertBusinessArea,
  upsertCategory,
  upsertTeam,
  upsertUser,
  stmt,
  type DeskDatabase,
} from '../../db/sqlite/index.js';
import type { Actor, Clock, DeskSettings, Role, UseCaseDeps } from '../../shared/app/ports.js';
import {
  complaintCommand,
  convertToComplaint,
  logContact,
  resolveEnquiry,
  CHANNELS,
} from '../../shared/app/use-cases.js';
import type { UseCaseResult } from '../../shared/app/result.js';
import { calendarFor } from '../../shared/domain/calendar/working-days.js';
import { compareDates, type IsoDate } from '../../shared/domain/dates.js';
import { encodeHlc } from '../../shared/domain/hlc.js';
import { uuidv7 } from '../../shared/domain/ids.js';
import { makeVerifier } from './credentials.js';
import { seedDemoLetters } from './demo-letters.js';
import { DEMO_OWNED_AREAS, planRemedies } from './demo-remedies.js';

export interface DemoUser {
  readonly key: string;
  readonly displayName: string;
  readonly email: string;
  readonly password: string;
  readonly roles: readonly Role[];
  readonly team: 'north' | 'south' | null;
}

/** The demo sign-ins (documented in electron/README.md and shown on the sign-in page of a demo desk). */
export const DEMO_USERS: readonly DemoUser[] = [
  {
    key: 'agent',
    displayName: 'Ada Agent',
    email: 'agent@demo.example',
    password: 'demo-agent-1',
    roles: ['agent'],
    team: 'north',
  },
  {
    key: 'agent2',
    displayName: 'Ben Okafor',
    email: 'ben@demo.example',
    password: 'demo-agent-2',
    roles: ['agent'],
    team: 'north',
  },
  {
    key: 'agent3',
    displayName: 'Chloe Evans',
    email: 'chloe@demo.example',
    password: 'demo-agent-3',
    roles: ['agent'],
    team: 'south',
  },
  {
    key: 'leader',
    displayName: 'Lee Leader',
    email: 'leader@demo.example',
    password: 'demo-leader-1',
    roles: ['team-leader'],
    team: 'north',
  },
  {
    key: 'manager',
    displayName: 'Mo Manager',
    email: 'manager@demo.example',
    password: 'demo-manager-1',
    roles: ['manager'],
    team: 'north',
  },
  {
    key: 'owner',
    displayName: 'Oli Owner',
    email: 'owner@demo.example',
    password: 'demo-owner-1',
    roles: ['business-area-owner'],
    team: null,
  },
  {
    key: 'admin',
    displayName: 'Ana Admin',
    email: 'admin@demo.example',
    password: 'demo-admin-1',
    roles: ['administrator'],
    team: null,
  },
];

export const DEMO_ORGANISATION = 'demo-housing';
export const DEMO_DESK_CODE = 'DEMO';

const BUSINESS_AREAS = [
  ['repairs', 'Repairs and maintenance'],
  ['asb', 'Anti-social behaviour'],
  ['income', 'Income and rent'],
  ['estates', 'Estates and grounds'],
  ['customer-services', 'Customer services'],
] as const;

const CATEGORIES = [
  [
    'damp-mould',
    'Damp and mould',
    'repairs',
    'There is black mould in the back bedroom and on the bathroom ceiling again, the third time this year.',
    'Treat the mould properly and fix the cause of the damp.',
  ],
  [
    'repair-delay',
    'Repair delays',
    'repairs',
    'A leak under the kitchen sink was reported six weeks ago and nobody has come out to fix it.',
    'Send someone to fix the leak this week.',
  ],
  [
    'heating',
    'Heating and hot water',
    'repairs',
    'The boiler keeps cutting out and we have had no hot water for four days.',
    'A working boiler and a refund for the days without heating.',
  ],
  [
    'asb-handling',
    'How ASB was handled',
    'asb',
    'I reported noise from the flat above every night for two months and was never called back.',
    'A proper investigation and a named officer to contact.',
  ],
  [
    'rent-account',
    'Rent account',
    'income',
    'My rent account shows arrears although I have paid by direct debit every month.',
    'Correct the account and stop the arrears letters.',
  ],
  [
    'service-charges',
    'Service charges',
    'income',
    'The service charge went up by 40% with no explanation of what it is for.',
    'A breakdown of the charge and a review of the increase.',
  ],
  [
    'staff-conduct',
    'Staff conduct',
    'customer-services',
    'The operative who came to fix the window was rude and left a mess in the hallway.',
    'An apology and for the mess to be cleaned up.',
  ],
  [
    'communication',
    'Communication',
    'customer-services',
    'I have called four times about my transfer and nobody returns my calls.',
    'A call back from someone who can answer.',
  ],
  [
    'estate-cleaning',
    'Estate cleaning',
    'estates',
    'The bin store has not been cleared for three weeks and there are rats.',
    'Clear the bin store and deal with the rats.',
  ],
  [
    'grounds',
    'Grounds maintenance',
    'estates',
    'The grass on the estate has not been cut all summer and the play area is unusable.',
    'Cut the grass and make the play area safe.',
  ],
] as const;

const GIVEN = [
  'Amira',
  'Brian',
  'Carys',
  'Dev',
  'Eleanor',
  'Farid',
  'Grace',
  'Harry',
  'Imani',
  'Jack',
  'Keira',
  'Liam',
  'Maryam',
  'Noah',
  'Olivia',
  'Priya',
  'Quentin',
  'Rosa',
  'Samuel',
  'Tariq',
  'Uma',
  'Victor',
  'Wendy',
  'Yusuf',
  'Zara',
];
const FAMILY = [
  'Ahmed',
  'Brown',
  'Campbell',
  'Davies',
  'Evans',
  'Fletcher',
  'Green',
  'Hughes',
  'Iqbal',
  'Jones',
  'Khan',
  'Lewis',
  'Murphy',
  'Nowak',
  "O'Brien",
  'Patel',
  'Roberts',
  'Smith',
  'Thomas',
  'Walker',
  'Williams',
  'Wright',
];
const STREETS = [
  'Acacia Avenue',
  'Beech Road',
  'Canal Street',
  'Dale Close',
  'Elm Grove',
  'Foundry Lane',
  'Garden Walk',
  'Hill View',
  'Mill Lane',
  'Park Terrace',
];
const TOWNS = [
  ['Manchester', 'M'],
  ['Leeds', 'LS'],
  ['Bradford', 'BD'],
  ['Salford', 'M'],
  ['Stockport', 'SK'],
] as const;
const LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** mulberry32: small, seeded, good enough to pick demo data deterministically. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoOptions {
  /** The last day of the walk (the desk's today); cases are spread over the working days before it. */
  readonly today: IsoDate;
  readonly cases?: number;
  readonly workingDays?: number;
  readonly seed?: number;
  readonly settings?: DeskSettings;
}

export interface DemoResult {
  readonly contacts: number;
  readonly complaints: number;
  readonly open: number;
  /** Use-case refusals during the walk (expected none: each is a bug in the demo plan or the rules). */
  readonly refusals: readonly string[];
  readonly users: Readonly<Record<string, string>>;
  readonly teams: Readonly<Record<'north' | 'south', string>>;
}

type Step = { day: number; run: () => void };

/** True when the desk already has an organisation (the demo is seeded once). */
export function isEnrolled(desk: Pick<DeskDatabase, 'db'>): boolean {
  return getDeskIdentity(desk.db) !== null;
}

export async function seedDemoOrganisation(desk: DeskDatabase, options: DemoOptions): Promise<DemoResult> {
  const db = desk.db;
  if (isEnrolled(desk)) throw new Error('this desk is already enrolled; the demo organisation goes on a new desk');
  const random = prng(options.seed ?? 20_240_401);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const calendar = calendarFor('england-and-wales');
  const totalCases = options.cases ?? 320;
  const span = options.workingDays ?? 45;

  // The walk's days: `span` working days ending today.
  const days: IsoDate[] = [];
  let d = options.today;
  while (!calendar.isWorkingDay(d)) d = calendar.addWorkingDays(d, -1);
  for (let i = 0; i < span; i++) {
    days.unshift(d);
    d = calendar.addWorkingDays(d, -1);
  }
  const start = days[0] as IsoDate;

  let day: IsoDate = start;
  let tick = 0;
  const nowMs = () => Date.parse(`${day}T08:00:00.000Z`) + tick;
  const clock: Clock = {
    nowIso: () => new Date(nowMs()).toISOString(),
    today: () => day,
  };
  const ids = {
    next: () => {
      tick += 1_000;
      const bytes = new Uint8Array(10);
      for (let i = 0; i < 10; i++) bytes[i] = Math.floor(random() * 256);
      return uuidv7(nowMs(), bytes);
    },
  };
  const hlcAt = () => encodeHlc({ wallMs: nowMs(), counter: 0, node: 'demo-seed' });

  const deskId = ids.next();
  const teams = { north: ids.next(), south: ids.next() };
  const userIds: Record<string, string> = {};
  for (const u of DEMO_USERS) userIds[u.key] = ids.next();
  const verifiers = await Promise.all(DEMO_USERS.map((u) => makeVerifier(u.password)));

  const properties: { id: string; line1: string; town: string; postcode: string }[] = [];
  db.transaction(() => {
    enrolDesk(db, {
      deskId,
      deskCode: DEMO_DESK_CODE,
      organisationKey: DEMO_ORGANISATION,
      displayName: 'Demo Housing desk',
      enrolledAt: clock.nowIso(),
    });
    for (const [key, name] of BUSINESS_AREAS) {
      upsertBusinessArea(db, key, name, DEMO_OWNED_AREAS.includes(key) ? (userIds.owner ?? null) : null);
    }
    for (const [key, name, area] of CATEGORIES) upsertCategory(db, key, name, area);
    upsertTeam(db, {
      id: teams.north,
      name: 'Complaints North',
      businessAreaKey: 'customer-services',
      updatedHlc: hlcAt(),
    });
    upsertTeam(db, {
      id: teams.south,
      name: 'Complaints South',
      businessAreaKey: 'customer-services',
      updatedHlc: hlcAt(),
    });
    DEMO_USERS.forEach((u, i) => {
      const id = userIds[u.key] as string;
      upsertUser(db, {
        id,
        displayName: u.displayName,
        email: u.email,
        teamId: u.team ? teams[u.team] : null,
        roles: u.roles,
        updatedHlc: hlcAt(),
      });
      stmt(db, 'UPDATE users SET offline_verifier = ? WHERE id = ?').run(verifiers[i] ?? null, id);
    });
    for (let i = 0; i < 160; i++) {
      const [town, area] = pick(TOWNS);
      const postcode = `${area}${1 + Math.floor(random() * 20)} ${Math.floor(random() * 10)}${pick([...LETTERS])}${pick([...LETTERS])}`;
      const p = { id: ids.next(), line1: `${1 + Math.floor(random() * 120)} ${pick(STREETS)}`, town, postcode };
      insertProperty(db, {
        id: p.id,
        addressLine1: p.line1,
        town: p.town,
        postcode: p.postcode,
        region: 'england-and-wales',
        updatedHlc: hlcAt(),
      });
      properties.push(p);
    }
  })();

  const deps: UseCaseDeps = createDeskDeps(desk, {
    settings: options.settings ?? { region: 'england-and-wales', profileAssignments: [] },
    clock,
    ids,
    nowMs,
  });
  // Remedies and actions take their ids from a sequence of their own, so seeding them leaves the walk's
  // random choices (and so the rest of the demo) as they were.
  const remedyRandom = prng((options.seed ?? 20_240_401) + 8);
  const remedyDeps: UseCaseDeps = {
    ...deps,
    ids: {
      next: () => {
        tick += 1_000;
        const bytes = new Uint8Array(10);
        for (let i = 0; i < 10; i++) bytes[i] = Math.floor(remedyRandom() * 256);
        return uuidv7(nowMs(), bytes);
      },
    },
  };
  const actor = (key: string): Actor => {
    const u = DEMO_USERS.find((x) => x.key === key);
    if (!u) throw new Error(`no demo user ${key}`);
    return { userId: userIds[key] as string, roles: u.roles, teamId: u.team ? teams[u.team] : null, deskId };
  };

  const refusals: string[] = [];
  const check = <T>(what: string, r: UseCaseResult<T>): T | null => {
    if (r.ok) return r.value;
    refusals.push(`${day} ${what}: ${r.error.code} ${r.error.message}`);
    return null;
  };

  const steps: Step[] = [];
  const at = (dayIndex: number, run: () => void) => {
    if (dayIndex < days.length) steps.push({ day: dayIndex, run });
  };
  let contacts = 0;
  let complaints = 0;

  // Ada (the demo agent) gets the most cases so My work is full; the rest spread over the team.
  const handlers = ['agent', 'agent', 'agent', 'agent2', 'agent2', 'agent3', 'agent3', 'leader'];

  for (let n = 0; n < totalCases; n++) {
    const dayIndex = Math.floor((n / totalCases) * days.length);
    const who = pick(handlers);
    const [categoryKey, , area, whatHappened, outcomeWanted] = pick(CATEGORIES);
    const property = pick(properties);
    const rep = random() < 0.1;
    const fate = random();
    const plan = {
      ack: 1 + Math.floor(random() * 5), // working days after acceptance; 5+ is late under the Code
      respond: 4 + Math.floor(random() * 9),
      extend: random() < 0.12,
      after: random(),
      refuse: fate > 0.95,
      withdraw: fate > 0.92 && fate <= 0.95,
    };
    at(dayIndex, () => {
      const input = {
        channel: pick(CHANNELS.slice(0, 8)),
        madeBy: rep ? 'representative' : 'resident',
        person: {
          givenName: pick(GIVEN),
          familyName: pick(FAMILY),
          phone: `07${String(Math.floor(random() * 1e9)).padStart(9, '0')}`,
          addressLine1: property.line1,
          town: property.town,
          postcode: property.postcode,
        },
        ...(rep
          ? {
              representative: {
                givenName: pick(GIVEN),
                familyName: pick(FAMILY),
                relationship: pick(['family', 'advocate', 'councillor'] as const),
                authorisationKind: 'signed-form',
              },
            }
          : {}),
        propertyId: property.id,
        categoryKey,
        businessAreaKey: area,
        whatHappened,
        outcomeWanted,
        dissatisfaction: fate < 0.85,
      };
      const logged = check('log contact', logContact(deps, actor(who), input));
      if (!logged) return;
      contacts++;
      if (fate >= 0.85) {
        if (fate < 0.97)
          check(
            'resolve enquiry',
            resolveEnquiry(deps, actor(who), {
              contactId: logged.contactId,
              resolution: 'Explained and booked the job.',
            }),
          );
        return;
      }
      const converted = check(
        'convert',
        convertToComplaint(deps, actor(who), {
          contactId: logged.contactId,
          reason: pick(['resolution-failed', 'further-enquiries-needed', 'resident-asked'] as const),
          residentOfferedChoice: true,
        }),
      );
      if (!converted) return;
      complaints++;
      const complaintId = converted.complaintId;
      const cmd = (by: string, command: Record<string, unknown>) =>
        complaintCommand(deps, actor(by), { complaintId, command });
      if (plan.refuse) {
        at(dayIndex + 1, () =>
          check(
            'refuse',
            cmd('manager', {
              type: 'refuse',
              exclusions: [
                { code: 'legal-proceedings', evidence: 'Claim form and particulars filed at the county court.' },
              ],
            }),
          ),
        );
        return;
      }
      if (random() < 0.15) return; // still being screened
      at(dayIndex, () => check('accept', cmd(who, { type: 'accept' })));
      if (plan.withdraw) {
        at(dayIndex + 2, () =>
          check('withdraw', cmd(who, { type: 'withdraw', reason: 'The resident says the problem is now fixed.' })),
        );
        return;
      }
      const ackDay = dayIndex + plan.ack;
      at(ackDay, () =>
        check(
          'acknowledge',
          cmd(who, {
            type: 'acknowledge',
            understanding: `You are unhappy that: ${whatHappened}`,
            outcomeSought: outcomeWanted,
          }),
        ),
      );
      let respondDay = ackDay + plan.respond;
      if (plan.extend) {
        at(ackDay + plan.respond - 1, () => {
          const running = stmt<[string], { due_date: string }>(
            db,
            "SELECT due_date FROM deadlines WHERE complaint_id = ? AND kind = 'respond' AND status = 'open'",
          ).get(complaintId);
          // An extension is agreed before the deadline; a late one is not part of the demo's plan.
          if (!running || compareDates(running.due_date as IsoDate, day) < 0) return;
          const to = calendar.addWorkingDays(running.due_date as IsoDate, 5);
          check(
            'extend',
            cmd('leader', { type: 'extend', to, reason: 'Waiting for the surveyor’s report.', residentAgreed: true }),
          );
        });
        respondDay += 4;
      }
      at(respondDay, () => {
        const decision = pick(['upheld', 'partly-upheld', 'not-upheld'] as const);
        const responded = check('respond', cmd(who, { type: 'respond', decision }));
        // Putting things right where something went wrong (demo-remedies.ts). It draws nothing from the
        // walk's random sequence, so the rest of the demo is the same with or without it.
        if (responded && decision !== 'not-upheld') {
          planRemedies({
            n,
            dayIndex: respondDay,
            complaintId,
            area,
            who,
            at,
            deps: remedyDeps,
            actor,
            check,
            today: () => day,
          });
        }
      });
      if (plan.after < 0.55) {
        at(respondDay + 2, () =>
          check('close', cmd(who, { type: 'close', note: 'Resident satisfied with the response.' })),
        );
      } else if (plan.after < 0.8) {
        const escDay = respondDay + 1 + Math.floor(random() * 5);
        at(escDay, () => check('request escalation', cmd(who, { type: 'request-escalation' })));
        at(escDay + 3, () =>
          check(
            'acknowledge stage 2',
            cmd('manager', {
              type: 'acknowledge',
              understanding: 'You remain unhappy with our stage 1 response.',
              outcomeSought: outcomeWanted,
            }),
          ),
        );
      }
    });
  }

  // Run the walk: each day's steps in the order they were planned, later days' steps added as they come.
  for (let i = 0; i < days.length; i++) {
    day = days[i] as IsoDate;
    tick = 0;
    for (let s = 0; s < steps.length; s++) {
      const step = steps[s];
      if (step && step.day === i) step.run();
    }
  }
  if (compareDates(day, options.today) > 0) throw new Error('the walk went past today');
  // Letters and a past week's calibration, through the letter use cases (demo-letters.ts).
  seedDemoLetters({
    db,
    deps,
    actor,
    setDay: (d) => {
      day = d;
      tick = 0;
    },
    today: day,
    check,
  });
  const open =
    stmt<[], { n: number }>(db, "SELECT count(*) AS n FROM complaints WHERE status IN ('screening', 'open')").get()
      ?.n ?? 0;
  return { contacts, complaints, open, refusals, users: userIds, teams };
}
