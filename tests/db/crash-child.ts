// Run by crash.test.ts with tsx: writes large transactions forever, announcing each commit, until the test
// kills it with SIGKILL (no chance to clean up, like a power cut to the process).
import { appendAudit, openDeskDatabase } from '../../db/sqlite/index.js';

const [file, batchArg] = process.argv.slice(2);
if (!file) throw new Error('usage: crash-child <file> <batch>');
const batch = Number(batchArg ?? '5000');
const desk = openDeskDatabase(file, { integrityCheck: 'none' });
const db = desk.db;
const insertPerson = db.prepare(
  `INSERT INTO people (id, kind, given_name, family_name, display_name, postcode, created_at, updated_hlc)
   VALUES (?, 'resident', 'Crash', ?, ?, 'M1 1AA', 't', 'h')`,
);
// Continue numbering after what earlier (killed) runs committed.
let n = (db.prepare('SELECT count(*) AS n FROM people').get() as { n: number }).n;
const writeBatch = db.transaction((b: number) => {
  for (let i = 0; i < batch; i++) {
    n++;
    const id = `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;
    insertPerson.run(id, `Surname${n}`, `Crash Surname${n}`);
    // Halfway through: the test kills us now, with half the batch written inside the open transaction.
    if (i === batch / 2) process.stdout.write(`inside ${b}\n`);
  }
  // The audit entry closes the batch: the test checks the two always agree.
  appendAudit(db, {
    actorId: 'crash',
    deskId: 'desk',
    occurredAt: 't',
    hlc: `h${b}`,
    entityType: 'batch',
    entityId: String(b),
    action: 'insert',
    after: { rows: batch },
  });
});
for (let b = 0; ; b++) {
  writeBatch(b);
  process.stdout.write(`committed ${b}\n`);
}
