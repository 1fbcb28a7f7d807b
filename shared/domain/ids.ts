// UUIDv7 (RFC 9562) as a pure formatter: the caller brings the time and the randomness through its ports, so
// ids are reproducible in tests and the domain never reads a clock or an entropy source itself.

declare const uuidBrand: unique symbol;
/** A lowercase, hyphenated UUIDv7. Time-ordered, so it sorts by creation millisecond as TEXT. */
export type Uuid = string & { readonly [uuidBrand]: true };

const MAX_UNIX_MS = 2 ** 48 - 1;
const UUIDV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/**
 * Formats a UUIDv7 from a Unix time in milliseconds and 10 random bytes. 74 of the 80 bits are used: the
 * version and variant take the other 6.
 */
export function uuidv7(unixMs: number, random: Uint8Array): Uuid {
  if (!Number.isInteger(unixMs) || unixMs < 0 || unixMs > MAX_UNIX_MS) {
    throw new RangeError(`uuidv7: time must be a whole number of ms in [0, 2^48), got ${unixMs}`);
  }
  if (random.length !== 10) throw new RangeError(`uuidv7: need exactly 10 random bytes, got ${random.length}`);
  const b = new Array<number>(16);
  // 48-bit big-endian timestamp; division rather than bit shifts because JS bitwise ops are 32-bit.
  let t = unixMs;
  for (let i = 5; i >= 0; i--) {
    b[i] = t % 256;
    t = Math.floor(t / 256);
  }
  const r = (i: number): number => random[i] ?? 0;
  b[6] = 0x70 | (r(0) & 0x0f);
  b[7] = r(1);
  b[8] = 0x80 | (r(2) & 0x3f);
  for (let i = 0; i < 7; i++) b[9 + i] = r(3 + i);
  const h = b.map((x) => hex2(x ?? 0)).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}` as Uuid;
}

export function isUuidv7(s: unknown): s is Uuid {
  return typeof s === 'string' && UUIDV7.test(s);
}

/** Validates and brands an id from outside (IPC payloads, sync messages, database rows). */
export function parseUuidv7(s: string): Uuid {
  if (!isUuidv7(s)) throw new TypeError(`not a lowercase UUIDv7: '${s}'`);
  return s;
}

/** The Unix millisecond a UUIDv7 was minted at. */
export function uuidv7Time(id: Uuid): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
