// The snapshot route's read-ahead (server/sync/read-ahead.ts): a page read ahead is taken once, a failed read
// is nothing to take (the request reads its page itself), and it holds a bounded number of pages for a bounded
// time.
import { describe, expect, it } from 'vitest';
import { ReadAhead } from '../../server/sync/read-ahead.js';

describe('ReadAhead', () => {
  it('gives a page read ahead to the one request that asks for it, once', async () => {
    const r = new ReadAhead<string>();
    let reads = 0;
    r.start('p2', async () => `page 2 (read ${++reads})`);
    r.start('p2', async () => `page 2 (read ${++reads})`); // already under way: not read twice
    expect(await r.take('p1')).toBeUndefined();
    expect(await r.take('p2')).toBe('page 2 (read 1)');
    expect(await r.take('p2')).toBeUndefined();
    expect(reads).toBe(1);
    expect(r.size).toBe(0);
  });

  it('forgets a read that failed or threw, so the request reads the page itself', async () => {
    const r = new ReadAhead<string>();
    r.start('rejected', () => Promise.reject(new Error('connection lost')));
    r.start('thrown', () => {
      throw new Error('pool closed');
    });
    expect(await r.take('rejected')).toBeUndefined();
    expect(await r.take('thrown')).toBeUndefined();
  });

  it('holds at most `max` pages, the oldest going first, each for at most `ttlMs`', async () => {
    let now = 0;
    const r = new ReadAhead<string>({ max: 2, ttlMs: 1000, now: () => now });
    r.start('a', async () => 'A');
    r.start('b', async () => 'B');
    r.start('c', async () => 'C');
    expect(r.size).toBe(2);
    expect(await r.take('a')).toBeUndefined();
    now = 500;
    r.start('d', async () => 'D');
    now = 1200; // b is 1200 ms old, d 700 ms
    expect(await r.take('b')).toBeUndefined();
    expect(await r.take('c')).toBeUndefined(); // pushed out by d
    expect(await r.take('d')).toBe('D');
  });

  it('clears only once the reads under way have settled (before the database is closed)', async () => {
    const r = new ReadAhead<string>();
    let release: (v: string) => void = () => undefined;
    let settled = false;
    r.start('slow', () => new Promise<string>((resolve) => (release = resolve)));
    const clearing = r.clear().then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    release('done');
    await clearing;
    expect(settled).toBe(true);
    expect(await r.take('slow')).toBeUndefined();
  });
});
