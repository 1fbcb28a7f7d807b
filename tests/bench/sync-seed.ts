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
const REFERENCE = /\b(CMP|ENQ)-([A-Z0-9]{4})-(\d{6,})\b/g;

interface TemplateChange {
  readonly type: string;
  readonly id: string;
  readonly team: string | null;
  readonly payload: string;
  readonly hlc: string;
  readonly createdAt: string;
}

export interface CloneResult {
  readonly complaints: number;
  readonly changes: number;
  readonly entities: number;
  readonly ms: number;
}

/**
 * Copies the server's whole change log (the template) until it holds `complaints` complaints. Copy k gives
 * template id number i the id `<first 18 hex digits of the original>-8<k·M+i as 15 hex digits>` (unique,
 * still a well-formed uuid) and reference number s the number k·S+s; user, team and desk ids are kept.
 */
export async function cloneTemplate(db: Db, complaints: number, batchRows = 4000): Promise<CloneResult> {
  const started = performance.now();
  const r = await db.query<{
    t: string;
    id: string;
    team: string | null;
    payload: string;
    hlc: string;
    at: string;
  }>(
    `SELECT entity_type AS t, entity_id::text AS id, team_id::text AS team, payload::text AS payload, hlc,
       created_at::text AS at FROM changes ORDER BY seq`,
  );
  const template: TemplateChange[] = r.rows.map((x) => ({
    type: x.t,
    id: x.id,
    team: x.team,
    payload: x.payload,
    hlc: x.hlc,
    createdAt: x.at,
  }));
  const head = await db.query<{ seq: string }>('SELECT coalesce(max(seq), 0)::text AS seq FROM changes');
  const templateHead = head.rows[0]?.seq ?? '0';
  const perCopy = template.filter((c) => c.type === 'complaints').map((c) => c.id);
  const templateComplaints = new Set(perCopy).size;
  if (templateComplaints === 0) throw new Error('the template has no complaints');
  const copies = Math.ceil(complaints / templateComplaints);

  const ids = [...new Set(template.map((c) => c.id))];
  const index = new Map(ids.map((id, i) => [id, i]));
  let maxRef = 0;
  for (const c of template) for (const m of c.payload.matchAll(REFERENCE)) maxRef = Math.max(maxRef, Number(m[3]));

  let pending: {
    type: string[];
    id: string[];
    team: (string | null)[];
    payload: string[];
    hlc: string[];
    at: string[];
  } = { type: [], id: [], team: [], payload: [], hlc: [], at: [] };
  const flush = async () => {
    if (pending.type.length === 0) return;
    await db.query(
      `INSERT INTO changes (entity_type, entity_id, team_id, payload, hlc, mutation_id, created_at)
       SELECT t.et, t.eid, t.team, t.data::jsonb, t.hlc, NULL, t.at::timestamptz
       FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[])
         WITH ORDINALITY AS t(et, eid, team, data, hlc, at, ord)
       ORDER BY t.ord`,
      [pending.type, pending.id, pending.team, pending.payload, pending.hlc, pending.at],
    );
    pending = { type: [], id: [], team: [], payload: [], hlc: [], at: [] };
  };
  for (let k = 1; k < copies; k++) {
    const mapId = (id: string): string => {
      const i = index.get(id);
      if (i === undefined) return id;
      return `${id.slice(0, 19)}8${(k * ids.length + i)
        .toString(16)
        .padStart(15, '0')
        .replace(/^(...)/, '$1-')}`;
    };
    const mapRef = (_: string, prefix: string, code: string, n: string) =>
      `${prefix}-${code}-${String(k * maxRef + Number(n)).padStart(6, '0')}`;
    for (const c of template) {
      pending.type.push(c.type);
      pending.id.push(mapId(c.id));
      pending.team.push(c.team);
      pending.payload.push(c.payload.replace(UUID, mapId).replace(REFERENCE, mapRef));
      pending.hlc.push(c.hlc);
      pending.at.push(c.createdAt);
      if (pending.type.length >= batchRows) await flush();
    }
  }
  await flush();
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
