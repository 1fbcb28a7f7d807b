import { describe, expect, it } from 'vitest';
import { createCoreCalls } from '../../electron/core-calls.js';

describe("the main process's calls to the desk core", () => {
  it('settles each call with its own answer, in any order', async () => {
    const posted: { id: number; method: string; input: unknown }[] = [];
    const calls = createCoreCalls((m) => posted.push(m));
    const a = calls.call('myWork', { limit: 10 });
    const b = calls.call('syncStatus', {});
    expect(posted.map((p) => p.method)).toEqual(['myWork', 'syncStatus']);
    const [first, second] = posted;
    if (!first || !second) throw new Error('two calls posted');
    calls.receive({ id: second.id, result: { ok: true, value: 'b' } });
    calls.receive({ id: first.id, result: { ok: true, value: 'a' } });
    expect(await a).toEqual({ ok: true, value: 'a' });
    expect(await b).toEqual({ ok: true, value: 'b' });
    expect(calls.waiting).toBe(0);
  });

  it('answers the calls waiting, and every later call, once the core has exited', async () => {
    const posted: unknown[] = [];
    const calls = createCoreCalls((m) => posted.push(m));
    const waiting = calls.call('myWork', {});
    calls.exited(1);
    const r = await waiting;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe('the desk core stopped (exit code 1); restart the app');
    // Before the fix, a call after the exit was posted to a dead process and never settled.
    const later = await Promise.race([
      calls.call('myWork', {}),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 200)),
    ]);
    expect(later).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(posted).toHaveLength(1);
  });

  it("names the core's reason when the desk could not be opened", async () => {
    const calls = createCoreCalls(() => undefined);
    calls.receive({ failed: 'database is locked' });
    calls.exited(2);
    const r = await calls.call('myWork', {});
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message: 'the desk could not be opened: database is locked; restart the app once that is put right',
      },
    });
  });

  it('answers at once when the port is already closed', async () => {
    const calls = createCoreCalls(() => {
      throw new Error('port closed');
    });
    expect(await calls.call('myWork', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(calls.waiting).toBe(0);
  });
});
