// Seeds the e2e desk: the demo organisation (through the real use cases) plus a bulk team whose queue holds
// 100,000 open complaints written straight through db/sqlite (fast, for the virtualised-list test).
import { findProfile } from '../../shared/domain/profiles/registry.js';
import { applyCommand, newComplaint } from '../../shared/domain/lifecycle/transitions.js';
import { calendarFor } from '../../shared/domain/calendar/working-days.js';
import { addCalendarDays, type IsoDate } from '../../shared/domain/dates.js';
import { encodeHlc } from '../../shared/domain/hlc.js';
import { uuidv7 } from '../../shared/domain/ids.js';
import {
  formatReference,
  insertComplaint,
  rebuildSearchIndex,
  stmt,
  upsertTeam,
  upsertUser,
  withSearchTriggersOff,
} from '../../db/sqlite/index.js';
import { DeskService } from '../../electron/desk/service.js';
import { seedDemoOrganisation } from '../../electron/desk/demo.js';
import { makeVerifier } from '../../electron/desk/credentials.js';

export const BULK_LEADER = { email: 'bulk-leader@demo.example', password: 'demo-bulk-1' };
export const BULK_CASES = 100_000;

export async function seedE2eDesk(dataDir: string, today: IsoDate): Promise<void> {
  const service = DeskService.open({ dataDir });
  try {
    const demo = await seedDemoOrganisation(service.desk, { today });
    if (demo.refusals.length) throw new Error(`demo walk refused: ${demo.refusals.join('; ')}`);
    const db = service.desk.db;
    let n = 0;
    const id = () => {
      const b = new Uint8Array(10);
      new DataView(b.buffer).setUint32(6, ++n);
      return uuidv7(1_767_225_600_000 + n, b);
    };
    const hlc = () => encodeHlc({ wallMs: 1_767_225_600_000 + n, counter: 0, node: 'e2e-bulk' });
    const team = id();
    const leader = id();
    const verifier = await makeVerifier(BULK_LEADER.password);
    const profile = findProfile('hos-code-2024');
    if (!profile) throw new Error('no default profile');
    const accepted = applyCommand(
      newComplaint(profile, 'england-and-wales', today),
      { type: 'accept', on: today },
      {
        profile,
        calendar: calendarFor('england-and-wales'),
      },
    );
    if (!accepted.ok) throw new Error(accepted.error.message);
    const stateJson = JSON.stringify(accepted.state);
    db.transaction(() => {
      upsertTeam(db, { id: team, name: 'Complaints Bulk', updatedHlc: hlc() });
      upsertUser(db, {
        id: leader,
        displayName: 'Bea Bulk',
        email: BULK_LEADER.email,
        teamId: team,
        roles: ['team-leader'],
        updatedHlc: hlc(),
      });
      stmt(db, 'UPDATE users SET offline_verifier = ? WHERE id = ?').run(verifier, leader);
      withSearchTriggersOff(db, () => {
        for (let i = 1; i <= BULK_CASES; i++) {
          insertComplaint(db, {
            id: id(),
            reference: formatReference('complaint', 'BULK', i),
            profileKey: profile.family,
            profileVersionId: profile.id,
            region: 'england-and-wales',
            receivedDate: today,
            summary: `Bulk queue case ${i}: repairs outstanding`,
            stateJson,
            status: 'open',
            stageKey: 'stage1',
            stageStatus: 'entered',
            assigneeId: leader,
            teamId: team,
            nextDeadlineDate: addCalendarDays(today, Math.floor(i / 1000) - 20),
            nextDeadlineKind: 'stage1:acknowledge',
            createdBy: leader,
            hlc: hlc(),
          });
        }
      });
    })();
    rebuildSearchIndex(db);
  } finally {
    service.close();
  }
}
