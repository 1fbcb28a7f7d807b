// Failed sign-ins counted per email and client address in memory: enough to stop password guessing against
// one server process. (Several processes behind a balancer each count separately; the limit per process holds.)

export interface RateLimitOptions {
  readonly maxFailures: number;
  readonly windowMs: number;
  /** Keys remembered at most, so a flood of distinct emails cannot grow the map without bound. */
  readonly maxKeys?: number;
}

export class FailureRateLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly maxKeys: number;

  constructor(private readonly options: RateLimitOptions) {
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  private recent(key: string, nowMs: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => t > nowMs - this.options.windowMs);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  /** Seconds until another attempt is allowed, or 0 when one is allowed now. */
  retryAfterSeconds(key: string, nowMs: number): number {
    const list = this.recent(key, nowMs);
    if (list.length < this.options.maxFailures) return 0;
    const oldest = list[list.length - this.options.maxFailures] ?? nowMs;
    return Math.max(1, Math.ceil((oldest + this.options.windowMs - nowMs) / 1000));
  }

  recordFailure(key: string, nowMs: number): void {
    const list = this.recent(key, nowMs);
    list.push(nowMs);
    this.failures.delete(key);
    this.failures.set(key, list);
    // Map iteration is insertion order: the first key is the least recently failed one.
    while (this.failures.size > this.maxKeys) {
      const first = this.failures.keys().next();
      if (first.done) break;
      this.failures.delete(first.value);
    }
  }

  reset(key: string): void {
    this.failures.delete(key);
  }
}
