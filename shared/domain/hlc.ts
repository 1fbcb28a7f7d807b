// A hybrid logical clock (Kulkarni et al.): physical milliseconds, a counter for events within the same
// millisecond (or while the wall clock lags), and the node id as a deterministic tie-break. It orders
// changes from different desks without trusting any one desk's wall clock, and refuses a remote clock so
// far ahead that accepting it would drag every desk's timestamps into the future (Actual Budget's lesson).

export interface Hlc {
  /** Unix milliseconds. */
  readonly wallMs: number;
  /** Events at the same wallMs, 0..MAX_COUNTER. */
  readonly counter: number;
  /** The desk (or server) that issued it: lowercase letters, digits and hyphens, e.g. a desk UUID. */
  readonly node: string;
}

export const MAX_COUNTER = 0xffff;
const MAX_WALL_MS = 999_999_999_999_999; // 15 decimal digits in the encoding: beyond year 33000.
const NODE = /^[0-9a-z-]{1,64}$/;
const ENCODED = /^(\d{15})-([0-9a-f]{4})-([0-9a-z-]{1,64})$/;

export type HlcError =
  | { readonly kind: 'clock-drift'; readonly remote: Hlc; readonly nowMs: number; readonly driftMs: number }
  | { readonly kind: 'invalid'; readonly message: string };

export type HlcResult = { readonly ok: true; readonly clock: Hlc } | { readonly ok: false; readonly error: HlcError };

function assertNode(node: string): void {
  if (!NODE.test(node)) throw new TypeError(`HLC node id must match ${NODE.source}, got '${node}'`);
}

function assertWall(ms: number): void {
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_WALL_MS) throw new RangeError(`HLC time out of range: ${ms}`);
}

export function hlc(wallMs: number, counter: number, node: string): Hlc {
  assertWall(wallMs);
  if (!Number.isInteger(counter) || counter < 0 || counter > MAX_COUNTER) {
    throw new RangeError(`HLC counter out of range: ${counter}`);
  }
  assertNode(node);
  return { wallMs, counter, node };
}

/** The clock a node starts with before its first event. */
export function initialHlc(node: string): Hlc {
  return hlc(0, 0, node);
}

/**
 * Advances past `wallMs/counter`. When the counter would overflow, the clock borrows the next millisecond
 * instead: it stays strictly monotonic and runs at most a few ms ahead, rather than failing a local write.
 */
function advance(wallMs: number, counter: number, node: string): Hlc {
  if (counter >= MAX_COUNTER) return { wallMs: wallMs + 1, counter: 0, node };
  return { wallMs, counter: counter + 1, node };
}

/** The clock for a local event at wall time `nowMs`; strictly greater than `local`. */
export function tick(local: Hlc, nowMs: number): Hlc {
  assertWall(nowMs);
  if (nowMs > local.wallMs) return { wallMs: nowMs, counter: 0, node: local.node };
  return advance(local.wallMs, local.counter, local.node);
}

/**
 * Merges a clock received from another node. The result is strictly greater than both `local` and `remote`
 * (it keeps the local node id). A remote clock more than `maxDriftMs` ahead of `nowMs` is refused and the
 * local clock is unchanged: the caller should reject or park that message.
 */
export function receive(local: Hlc, remote: Hlc, nowMs: number, maxDriftMs: number): HlcResult {
  assertWall(nowMs);
  if (!NODE.test(remote.node) || !Number.isInteger(remote.wallMs) || remote.wallMs < 0) {
    return { ok: false, error: { kind: 'invalid', message: 'remote HLC is malformed' } };
  }
  const driftMs = remote.wallMs - nowMs;
  if (driftMs > maxDriftMs) return { ok: false, error: { kind: 'clock-drift', remote, nowMs, driftMs } };
  const wall = Math.max(local.wallMs, remote.wallMs, nowMs);
  let clock: Hlc;
  if (wall === local.wallMs && wall === remote.wallMs) {
    clock = advance(wall, Math.max(local.counter, remote.counter), local.node);
  } else if (wall === local.wallMs) {
    clock = advance(wall, local.counter, local.node);
  } else if (wall === remote.wallMs) {
    clock = advance(wall, remote.counter, local.node);
  } else {
    clock = { wallMs: wall, counter: 0, node: local.node };
  }
  return { ok: true, clock };
}

/** Total order: time, then counter, then node id (code-unit order, the same as the encoding's). */
export function compareHlc(a: Hlc, b: Hlc): number {
  if (a.wallMs !== b.wallMs) return a.wallMs < b.wallMs ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  if (a.node === b.node) return 0;
  return a.node < b.node ? -1 : 1;
}

/**
 * `000001700000000-002a-<node>`: fixed-width time and counter, so plain string (and SQLite TEXT) order is
 * the clock order. The node is last and variable-width, which keeps that property because the prefix
 * before it has the same length in every encoding.
 */
export function encodeHlc(c: Hlc): string {
  return `${String(c.wallMs).padStart(15, '0')}-${c.counter.toString(16).padStart(4, '0')}-${c.node}`;
}

export function decodeHlc(s: string): HlcResult {
  const m = ENCODED.exec(s);
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) {
    return { ok: false, error: { kind: 'invalid', message: `not an encoded HLC: '${s}'` } };
  }
  return { ok: true, clock: { wallMs: Number(m[1]), counter: parseInt(m[2], 16), node: m[3] } };
}
