// A desk process killed with SIGKILL in the middle of a large write transaction leaves a consistent
// database holding every committed transaction in full and nothing of the interrupted one.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDeskDatabase, verifyAuditChain } from '../../db/sqlite/index.js';
import { tempDir } from './fixtures.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const tsxLoader = createRequire(import.meta.url).resolve('tsx');
const BATCH = 5000;

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('desk-crash-')));
afterEach(() => cleanup());

/** Starts the writer, waits until it is inside a transaction after `commits` commits, then SIGKILLs it. */
function runAndKill(file: string, commits: number, extraDelayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', tsxLoader, path.join(here, 'crash-child.ts'), file, String(BATCH)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    let killed = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!killed && out.includes(`inside ${commits}\n`)) {
        killed = true;
        setTimeout(() => child.kill('SIGKILL'), extraDelayMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(out.split('\n').filter((l) => l.startsWith('committed')).length);
      else reject(new Error(`writer exited on its own (${String(signal)}): ${err}`));
    });
  });
}

describe('crash safety', () => {
  it('a SIGKILL mid-transaction leaves the database consistent and each transaction all-or-nothing', async () => {
    const file = path.join(dir, 'desk.db');
    openDeskDatabase(file).close();
    // Several runs, each killed halfway through a batch (after 1, 2 and 0 committed batches).
    const plan: [number, number][] = [
      [1, 0],
      [2, 0],
      [0, 0],
    ];
    let committedBefore = 0;
    for (const [commits, delay] of plan) {
      const announced = await runAndKill(file, commits, delay);
      const desk = openDeskDatabase(file);
      expect(desk.db.pragma('quick_check', { simple: true })).toBe('ok');
      expect(desk.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const people = (desk.db.prepare('SELECT count(*) AS n FROM people').get() as { n: number }).n;
      const batches = (
        desk.db.prepare("SELECT count(*) AS n FROM audit_log WHERE entity_type = 'batch'").get() as { n: number }
      ).n;
      expect(people % BATCH).toBe(0);
      expect(people).toBe(batches * BATCH);
      // Every announced commit survived; the batch being written when the kill came is absent.
      expect(batches).toBe(committedBefore + announced);
      committedBefore = batches;
      expect(verifyAuditChain(desk.db)).toEqual({ ok: true, entries: batches });
      // The search index was written by triggers in the same transactions.
      expect(desk.db.prepare("SELECT count(*) AS n FROM search_docs WHERE entity_type = 'person'").get()).toEqual({
        n: people,
      });
      desk.close();
    }
  }, 60_000);
});
