// Seeding the server for the sync benchmarks. The real use cases write a template of cases on a desk (varied
// residents, addresses and stories; cases at different points of the procedure, some with notes), the desk
// pushes them through the real server, and the server's change log and entities of that template are then
// copied in bulk with fresh ids and references until the wanted number of complaints is there. Every copied
// row is therefore a canonical row the use cases produced; only its ids and references differ. Seeding time
// is not a benchmark figure: pushing 100,000 cases one mutation at a time would take the best part of an hour.
import type { Db } from '../../db/postgres/db.js';
import type { TestDesk } from '../sync/harness.js';
import { Prng } from './prng.js';
import { GIVEN_NAMES, STREETS, SURNAMES, THEMES, TOWNS, phone, postcode } from './vocabulary.js';

const CHANNELS = ['phone', 'email', 'web-form', 'live-chat', 'letter'] as const;

/** Writes `count` cases through the real use cases on `desk` and pushes them; returns their complaint ids. */
export async function writeTemplate(desk: TestDesk, count: number, seed = 42): Promise<string[]> {
  const rng = new Prng(seed);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const given = rng.pick(GIVEN_NAMES);
    const family = rng.pickSkewed(SURNAMES);
    const town = rng.pick(TOWNS);
    const theme = rng.pick(THEMES);
    const { contactId } = desk.must<{ contactId: string }>('log-contact', {
      channel: CHANNELS[i % CHANNELS.length],
      madeBy: 'resident',
      person: {
        givenName: given,
        familyName: family,
        phone: phone(rng),
        postcode: postcode(rng, town.area),
        addressLine1: `${rng.int(1, 240)} ${rng.pick(STREETS)}`,
        town: town.town,
      },
      whatHappened: theme.text(rng),
      outcomeWanted: theme.outcome(rng),
      dissatisfaction: true,
    });
    const { complaintId } = desk.must<{ complaintId: string }>('convert-to-complaint', {
      contactId,
      reason: 'resident-asked',
      residentOfferedChoice: true,
    });
    ids.push(complaintId);
    // A mix like a live caseload: most accepted, half acknowledged, a quarter answered, a third with a note.
    if (i % 4 !== 3) desk.must('complaint-command', { complaintId, command: { type: 'accept' } });
    if (i % 2 === 0) {
      desk.must('complaint-command', {
        complaintId,
        command: { type: 'acknowledge', understanding: theme.text(rng), outcomeSought: theme.outcome(rng) },
      });
    }
    if (i % 4 === 0) {
      desk.must('complaint-command', {
        complaintId,
        command: { type: 'respond', decision: rng.chance(0.5) ? 'upheld' : 'not-upheld' },
      });
    }
    if (i % 3 === 0) desk.must('add-note', { complaintId, body: `Called the resident back: ${theme.text(rng)}` });
  }
  const status = await desk.sync();
  if (status.pending !== 0 || status.rejections.length > 0) {
    throw new Error(`template push failed: ${JSON.stringify(status)}`);
  }
  return ids;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const REFERENCE = /\b(?:CMP|ENQ)-[A-Z0-9]{4}-/g;

export interface CloneResult {
  readonly complaints: number;
  readonly changes: number;
  readonly entities: number;
  readonly ms: number;
}

/**
 * Copies the server's whole change log (the template) until it holds `complaints` complaints, inside
 * PostgreSQL. Copy k rewrites every template record id by putting a number made of k (8 hex digits) in place of its
 * first group, the timestamp's high bits (a well-formed uuid, unique per copy: the rest of the id is kept) and the desk code of every reference as `Q<k in 3 hex
 * digits>` (as if written by another desk); user, team and desk ids are kept as they are.
 */
export async function cloneTemplate(db: Db, complaints: number): Promise<CloneResult> {
  const started = performance.now();
  const head = await db.query<{ seq: string }>('SELECT coalesce(max(seq), 0)::text AS seq FROM changes');
  const templateHead = head.rows[0]?.seq ?? '0';
  const r = await db.query<{ id: string; payload: string; t: string }>(
    'SELECT entity_id::text AS id, payload::text AS payload, entity_type AS t FROM changes',
  );
  const templateComplaints = new Set(r.rows.filter((x) => x.t === 'complaints').map((x) => x.id)).size;
  if (templateComplaints === 0) throw new Error('the template has no complaints');
  const records = new Set(r.rows.map((x) => x.id));
  const kept = new Set<string>();
  for (const x of r.rows) for (const m of x.payload.matchAll(UUID)) if (!records.has(m[0])) kept.add(m[0]);
  const copies = Math.ceil(complaints / templateComplaints);
  if (copies > 4095) throw new Error('at most 4,095 copies of the template');

  // Plain replace() on the ids' first groups and the references' desk codes (a regular expression over
  // every payload costs PostgreSQL about 0.3 ms a row).
  const prefixes = [...new Set([...records].map((id) => id.slice(0, 9)))];
  const codes = new Set<string>();
  for (const x of r.rows) for (const m of x.payload.matchAll(REFERENCE)) codes.add(m[0]);
  const newPrefix = (j: number) => `lpad(to_hex(k * ${prefixes.length} + ${j}), 8, '0') || '-'`;
  const mapped = (x: string) => prefixes.reduce((e, p, j) => `replace(${e}, '${p}', ${newPrefix(j)})`, x);
  let payload = mapped('c.payload::text');
  for (const id of kept) {
    const j = prefixes.indexOf(id.slice(0, 9));
    if (j >= 0) payload = `replace(${payload}, ${newPrefix(j)} || '${id.slice(9)}', '${id}')`;
  }
  for (const code of codes) {
    payload = `replace(${payload}, '${code}', '${code.slice(0, 4)}Q' || upper(lpad(to_hex(k), 3, '0')) || '-')`;
  }
  const step = 10;
  for (let from = 1; from < copies; from += step) {
    await db.query(
      `INSERT INTO changes (entity_type, entity_id, team_id, payload, hlc, mutation_id, created_at)
       SELECT c.entity_type, (${mapped('c.entity_id::text')})::uuid, c.team_id, (${payload})::jsonb, c.hlc, NULL,
         c.created_at
       FROM generate_series($2::int, $3::int) AS k, changes c
       WHERE c.seq <= $1::bigint ORDER BY k, c.seq`,
      [templateHead, from, Math.min(copies - 1, from + step - 1)],
    );
  }
  // The entities (what push re-runs mutations against, and what pull uses to leave superseded changes out):
  // each copied record's latest change.
  await db.query(
    `INSERT INTO entities (entity_type, entity_id, data, version, team_id, hlc, updated_seq)
     SELECT DISTINCT ON (entity_type, entity_id) entity_type, entity_id, payload,
       coalesce((payload->>'version')::int, 1), team_id, hlc, seq
     FROM changes WHERE seq > $1::bigint ORDER BY entity_type, entity_id, seq DESC`,
    [templateHead],
  );
  await db.exec('ANALYZE changes; ANALYZE entities');
  const counts = await db.query<{ changes: string; entities: string; complaints: string }>(
    `SELECT (SELECT count(*) FROM changes)::text AS changes, (SELECT count(*) FROM entities)::text AS entities,
       (SELECT count(*) FROM entities WHERE entity_type = 'complaints')::text AS complaints`,
  );
  const row = counts.rows[0];
  return {
    complaints: Number(row?.complaints),
    changes: Number(row?.changes),
    entities: Number(row?.entities),
    ms: performance.now() - started,
  };
}
