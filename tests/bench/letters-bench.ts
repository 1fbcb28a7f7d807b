// Letters benchmark: how long the desk takes to open a letter in the editor (merge, content checks,
// plain-English score, render), to save a section, to submit (render + SHA-256 + immutable version), to make
// the DOCX, and to show the authorisation queue and a calibration week, on a demo desk. Prints figures; asserts
// nothing (speed is not a test). Run: `npx tsx tests/bench/letters-bench.ts` (LETTERS_BENCH_N, default 200).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { seedDemoOrganisation } from '../../electron/desk/demo.js';
import { DeskService } from '../../electron/desk/service.js';
import type { IsoDate } from '../../shared/domain/dates.js';

const N = Number(process.env.LETTERS_BENCH_N ?? 200);
const TODAY = '2026-03-11' as IsoDate;
const clock = { nowIso: () => `${TODAY}T12:00:00.000Z`, today: () => TODAY };

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'letters-bench-'));
  const service = DeskService.open({ dataDir: dir, clock });
  try {
    await seedDemoOrganisation(service.desk, { today: TODAY, cases: 320 });
    const must = async (m: string, input: unknown) => {
      const r = await service.call(m, input);
      if (!r.ok) throw new Error(`${m}: ${r.error.message}`);
      return r.value as Record<string, unknown>;
    };
    await must('signIn', { email: 'agent@demo.example', password: 'demo-agent-1' });
    const cases = service.desk.db
      .prepare("SELECT id FROM complaints WHERE status = 'open' AND stage_status = 'acknowledged' ORDER BY reference")
      .all() as { id: string }[];
    const letterIds: string[] = [];
    for (let i = 0; i < N; i++) {
      const c = cases[i % cases.length];
      if (!c) throw new Error('no acknowledged cases in the demo');
      letterIds.push(String((await must('createLetterDraft', { complaintId: c.id, kind: 'stage-response' })).letterId));
    }
    const time = async (label: string, run: (i: number) => Promise<unknown>) => {
      const ms: number[] = [];
      for (let i = 0; i < N; i++) {
        const t = performance.now();
        await run(i);
        ms.push(performance.now() - t);
      }
      ms.sort((a, b) => a - b);
      const q = (p: number) => (ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? 0).toFixed(2);
      console.log(`${label.padEnd(34)} n=${N}  median ${q(0.5)} ms  p95 ${q(0.95)} ms  max ${q(1)} ms`);
    };
    const id = (i: number) => letterIds[i] as string;
    await time('letterDetail (draft)', (i) => must('letterDetail', { letterId: id(i) }));
    await time('saveLetterDraft (4 sections)', (i) =>
      must('saveLetterDraft', {
        letterId: id(i),
        sections: {
          decision: 'Partly upheld. We should have fixed it sooner.',
          reasons: 'The engineer missed two appointments. '.repeat(20),
          remedy: 'We apologise and will pay £50.',
          'outstanding-actions': 'None.',
        },
      }),
    );
    await time('submitLetter (render, hash, version)', (i) => must('submitLetter', { letterId: id(i) }));
    await time('letterDocx', (i) => must('letterDocx', { letterId: id(i) }));
    await must('signIn', { email: 'leader@demo.example', password: 'demo-leader-1' });
    await time('lettersAwaiting (whole queue)', () => must('lettersAwaiting', {}));
    await must('signIn', { email: 'manager@demo.example', password: 'demo-manager-1' });
    await time('calibrationWeek', () => must('calibrationWeek', { weekStart: '2026-03-02' }));
  } finally {
    service.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
