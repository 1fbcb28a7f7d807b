// The desk service checkpoints the WAL once calls stop, so commits during a call rarely pay for it. Observed
// in the WAL index (the -shm file): mxFrame is the last frame written, nBackfill how many are copied back.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { DEMO_USERS, seedDemoOrganisation } from '../../electron/desk/demo.js';
import { DeskService } from '../../electron/desk/service.js';
import type { IsoDate } from '../../shared/domain/dates.js';

const TODAY = '2026-03-11' as IsoDate;
const clock = { nowIso: () => `${TODAY}T12:00:00.000Z`, today: () => TODAY };
let dir = '';
let service: DeskService | null = null;

afterEach(() => {
  service?.close();
  rmSync(dir, { recursive: true, force: true });
});

function walIndex(file: string): { mxFrame: number; nBackfill: number } {
  const shm = readFileSync(`${file}-shm`);
  // WalIndexHdr: mxFrame at byte 16; WalCkptInfo after the two 48-byte header copies: nBackfill at byte 96.
  return { mxFrame: shm.readUInt32LE(16), nBackfill: shm.readUInt32LE(96) };
}

it('copies the WAL back into the database a moment after the last call, not during it', async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'idle-'));
  service = DeskService.open({ dataDir: dir, clock, idleCheckpointMs: 200 });
  await seedDemoOrganisation(service.desk, { today: TODAY, cases: 5 });
  const agent = DEMO_USERS.find((u) => u.key === 'agent');
  if (!agent) throw new Error('no demo agent');
  expect((await service.call('signIn', { email: agent.email, password: agent.password })).ok).toBe(true);
  await new Promise((r) => setTimeout(r, 400));
  const logged = await service.call('logContact', {
    channel: 'phone',
    madeBy: 'anonymous',
    whatHappened: 'Caller reported a broken entry phone.',
  });
  expect(logged.ok).toBe(true);
  const during = walIndex(service.desk.file);
  expect(during.nBackfill).toBeLessThan(during.mxFrame);
  await new Promise((r) => setTimeout(r, 600));
  const after = walIndex(service.desk.file);
  expect(after.nBackfill).toBe(after.mxFrame);
});
