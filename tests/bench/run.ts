// `npm run bench` (BENCH_SCALE=0.01 for a quick run, BENCH_SEED to vary the data). Prints p50/p95 per
// operation; not a pass/fail test. The store is generated once and cached under .bench/. BENCH_LAUNCH=0 leaves
// out the browser-mode launch part; BENCH_ONLY=launch runs only that part (the store is still built if missing).
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  breaching,
  caseDetail,
  checkDeskIntegrity,
  contactDetail,
  myWork,
  openDeskDatabase,
  recordsOf,
  search,
  teamQueue,
  type DeskDatabase,
} from '../../db/sqlite/index.js';
import { addCalendarDays } from '../../shared/domain/dates.js';
import { BENCH_TODAY, DESK_CODE, ensureBenchStore, sizesFor } from './generate.js';
import { launchBench } from './launch.js';
import { logContactBench } from './log-contact.js';
import { Prng } from './prng.js';
import { SURNAMES } from './vocabulary.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const scale = Number(process.env.BENCH_SCALE ?? '1');
const seed = Number(process.env.BENCH_SEED ?? '20250616');
const log = (s: string): void => console.error(`[bench] ${s}`);

interface Row {
  name: string;
  n: number;
  p50: number;
  p95: number;
  max: number;
  target?: number;
}
const rows: Row[] = [];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function measure(name: string, n: number, fn: (i: number) => unknown, target?: number, warmup = 5): void {
  for (let i = 0; i < warmup; i++) fn(i);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  rows.push({
    name,
    n,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: times.at(-1) ?? NaN,
    ...(target ? { target } : {}),
  });
}

function sizeOf(file: string): number {
  return [file, `${file}-wal`].reduce((s, f) => s + (existsSync(f) ? statSync(f).size : 0), 0);
}

const store = ensureBenchStore(root, scale, seed, log);
const sizes = sizesFor(scale);
log(`store: ${store.file}`);
const only = process.env.BENCH_ONLY ?? '';
if (only !== '' && only !== 'launch') throw new Error(`BENCH_ONLY must be 'launch' (or unset), not '${only}'`);
const scratch = path.join(root, '.bench', 'scratch');
mkdirSync(scratch, { recursive: true });
if (only !== 'launch') storeBenches();

function storeBenches(): void {
  // ------------------------------------------------------------------ open and migrate
  // A fresh desk (create + every migration), then re-opening the big store (checks + no pending migration).
  measure(
    'open: new desk, create + migrate',
    10,
    (i) => {
      const f = path.join(scratch, `new-${i}-${Date.now()}.db`);
      openDeskDatabase(f).close();
      for (const x of [f, `${f}-wal`, `${f}-shm`]) rmSync(x, { force: true });
    },
    300,
    1,
  );
  measure('open: existing store (default checks)', 5, () => openDeskDatabase(store.file).close(), 300, 1);
  measure(
    'open: existing store, integrityCheck none',
    10,
    () => openDeskDatabase(store.file, { integrityCheck: 'none' }).close(),
    300,
    1,
  );
  // Upgrading a store from the previous schema version is covered by the per-migration tests; here, the cost
  // of the last migration (the search index) on a copy of a small store would mislead at full scale.

  const desk: DeskDatabase = openDeskDatabase(store.file, { integrityCheck: 'none' });
  measure('integrity: full quick_check (idle-time job)', 1, () => checkDeskIntegrity(desk.db), undefined, 0);
  const db = desk.db;
  const rng = new Prng(seed + 1);
  const today = BENCH_TODAY;
  const maxRef = (db.prepare('SELECT last_reference_seq AS n FROM desk_identity').get() as { n: number }).n;
  const step = Math.max(1, Math.floor(sizes.complaints / 2000));
  const sample = db.prepare('SELECT id, reference FROM complaints WHERE rowid % ? = 0 LIMIT 2000').all(step) as {
    id: string;
    reference: string;
  }[];
  const complaintIds = sample.map((r) => r.id);
  const complaintRefs = sample.map((r) => r.reference);

  // ------------------------------------------------------------------ queues and case pages
  measure(
    'queue: team page 1 of 50 by deadline',
    300,
    () => teamQueue(db, { teamId: rng.pick(store.teamIds), today }),
    10,
  );
  measure(
    'queue: team page 3 of 50 (keyset)',
    300,
    () => {
      const teamId = rng.pick(store.teamIds);
      let page = teamQueue(db, { teamId, today });
      if (page.next) page = teamQueue(db, { teamId, today, after: page.next });
      if (page.next) page = teamQueue(db, { teamId, today, after: page.next });
      return page;
    },
    30,
  );
  measure('my work (one agent)', 300, () => myWork(db, { assigneeId: rng.pick(store.agentIds), today }), 10);
  measure(
    'breaching this week (one team)',
    300,
    () => breaching(db, { onOrBefore: addCalendarDays(today, 4), today, teamId: rng.pick(store.teamIds) }),
    10,
  );
  measure('case detail with timeline', 500, () => caseDetail(db, { complaintId: rng.pick(complaintIds), today }), 10);

  // ------------------------------------------------------------------ a contact's view, a person's records
  const contactStep = Math.max(1, Math.floor(sizes.contacts / 2000));
  const contactSample = db
    .prepare('SELECT id, person_id FROM contacts WHERE rowid % ? = 0 AND person_id IS NOT NULL LIMIT 2000')
    .all(contactStep) as { id: string; person_id: string }[];
  measure('contact detail with timeline', 500, () => contactDetail(db, rng.pick(contactSample).id), 10);
  measure(
    "a person's contacts and cases (search hit)",
    500,
    () => recordsOf(db, 'person', rng.pick(contactSample).person_id),
    10,
  );

  // ------------------------------------------------------------------ search
  measure('search: surname', 300, () => search(db, rng.pick(SURNAMES)), 30);
  measure('search: surname prefix as typed (4 letters)', 300, () => search(db, rng.pick(SURNAMES).slice(0, 4)), 30);
  measure('search: full reference', 300, () => search(db, rng.pick(complaintRefs)), 30);
  measure('search: reference number only', 300, () => search(db, String(rng.int(1, maxRef))), 30);
  const phrases = [
    '"black mould"',
    'boiler engineer',
    'antisocial behaviour neighbours',
    'service charge refund',
    'rude housing officer',
    'damp bathroom asthma',
    'lift out of order',
  ];
  measure('search: phrase / words in case text', 300, () => search(db, rng.pick(phrases)), 30);
  measure(
    'search: surname + postcode district',
    300,
    () => search(db, `${rng.pick(SURNAMES)} ${rng.pick(['SE15', 'M14', 'LS7', 'B16', 'G4'])}`),
    30,
  );

  // ------------------------------------------------------------------ log a contact (use case end to end)
  const logContact = logContactBench(desk);
  if (logContact) {
    measure('log a contact (use case end to end)', 300, (i) => logContact(i), 5);
  } else {
    log('log a contact: not wired yet (tests/bench/log-contact.ts)');
  }

  desk.close();
}

// The workspace in the browser mode on this store: launch to an interactive My work, and opening a case
// (tests/bench/launch.ts). BENCH_LAUNCH=0 leaves it out (it needs Chromium at /usr/bin/chromium).
if (process.env.BENCH_LAUNCH !== '0') {
  const timings = await launchBench({
    root,
    storeFile: store.file,
    scratch,
    launches: Number(process.env.BENCH_LAUNCHES ?? '5'),
    caseOpens: 20,
    log,
  });
  for (const t of timings) {
    const sorted = [...t.times].sort((a, b) => a - b);
    rows.push({
      name: t.name,
      n: sorted.length,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      max: sorted.at(-1) ?? NaN,
      ...(t.target ? { target: t.target } : {}),
    });
  }
}
rmSync(scratch, { recursive: true, force: true });

// ------------------------------------------------------------------ report
const fmt = (ms: number): string => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1)).padStart(8);
console.log(`\nComplaints Desk store benchmark — scale ${scale} (seed ${seed}), desk ${DESK_CODE}`);
console.log(
  `contacts ${sizes.contacts.toLocaleString('en-GB')}, complaints ${sizes.complaints.toLocaleString('en-GB')}, people ${sizes.people.toLocaleString('en-GB')}, properties ${sizes.properties.toLocaleString('en-GB')}`,
);
console.log(
  `database size: ${(sizeOf(store.file) / 1e6).toFixed(0)} MB${store.generatedMs ? `, generated in ${(store.generatedMs / 1000).toFixed(0)} s` : ' (cached)'}\n`,
);
console.log(
  `${'operation'.padEnd(48)}${'n'.padStart(6)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'max ms'.padStart(9)}  target p95`,
);
for (const r of rows) {
  const verdict = r.target === undefined ? '' : `  < ${r.target} ms ${r.p95 < r.target ? 'ok' : 'MISSED'}`;
  console.log(`${r.name.padEnd(48)}${String(r.n).padStart(6)}${fmt(r.p50)} ${fmt(r.p95)} ${fmt(r.max)}${verdict}`);
}
