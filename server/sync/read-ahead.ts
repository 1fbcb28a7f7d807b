// The server's read-ahead of a desk's bootstrap: when it answers a snapshot page that has more, it starts the
// next page's query at once, so PostgreSQL works on page N+1 while page N is sent and the desk applies it.
// The desk asks for page N+1 only once it has page N (the request names N's last record), so without this the
// server started each query only then, and at 100,000 complaints the desk waited ~10 s of its bootstrap for
// pages (tests/bench/sync-initial-bench.ts). The contract is unchanged: a desk of any version gains.
//
// A page read ahead is what the same query would have answered when asked: at a fixed head, a record changed
// after the page was read is either in it as of the head or not (changed past the head, so left out), and in
// both cases the desk's pull from the head brings its change, as it does for a page read when asked.
//
// Bounded: at most `max` pages are held (the oldest go first), each for at most `ttlMs` (a desk that stopped
// asking leaves its page behind), and each is taken once. A read-ahead that failed is forgotten: the request
// reads its page itself.

export interface ReadAheadOptions {
  readonly max?: number;
  readonly ttlMs?: number;
  readonly now?: () => number;
}

interface Entry<T> {
  readonly value: Promise<T | undefined>;
  readonly at: number;
}

export class ReadAhead<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly max: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: ReadAheadOptions = {}) {
    this.max = options.max ?? 4;
    this.ttlMs = options.ttlMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** Starts reading `key` ahead (unless it already is); a failure is kept as nothing to take. */
  start(key: string, read: () => Promise<T>): void {
    this.expire();
    if (this.entries.has(key)) return;
    while (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    let value: Promise<T | undefined>;
    try {
      value = read().catch(() => undefined);
    } catch {
      return;
    }
    this.entries.set(key, { value, at: this.now() });
  }

  /** What was read ahead for `key` (and forgets it), or undefined: none, expired, or it failed. */
  async take(key: string): Promise<T | undefined> {
    this.expire();
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    return entry.value;
  }

  /** How many pages are held (read or being read). */
  get size(): number {
    this.expire();
    return this.entries.size;
  }

  /** Forgets every page, once the reads under way have settled (before the database is closed). */
  async clear(): Promise<void> {
    const pending = [...this.entries.values()].map((e) => e.value);
    this.entries.clear();
    await Promise.all(pending);
  }

  private expire(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (now - entry.at > this.ttlMs) this.entries.delete(key);
    }
  }
}
