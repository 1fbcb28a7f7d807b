// UUIDv7 (RFC 9562) as a pure formatter: the caller brings the time and the randomness through its ports, so
// ids are reproducible in tests and the domain never reads a clock or an entropy source itself.

declare const uuidBrand: unique symbol;
/** A lowercase, hyphenated UUIDv7. Time-ordered, so it sorts by creation millisecond as TEXT. */
export type Uuid = string & { readonly [uuidBrand]: true };

const MAX_UNIX_MS = 2 ** 48 - 1;
const UUIDV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Two hex digits of each byte value: an initial sync makes tens of thousands of ids (stage and deadline rows). */
const HEX2: readonly string[] = Array.from({ length: 256 }, (_, n) => n.toString(16).padStart(2, '0'));

function hex2(n: number): string {
  return HEX2[n & 0xff] as string;
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
  // 48-bit big-endian timestamp: the high 16 bits and the low 32 (JS bitwise ops are 32-bit).
  const high = Math.floor(unixMs / 2 ** 32);
  const low = unixMs - high * 2 ** 32;
  const r = (i: number): number => random[i] ?? 0;
  return (hex2(high >>> 8) +
    hex2(high) +
    hex2(low >>> 24) +
    hex2(low >>> 16) +
    '-' +
    hex2(low >>> 8) +
    hex2(low) +
    '-' +
    hex2(0x70 | (r(0) & 0x0f)) +
    hex2(r(1)) +
    '-' +
    hex2(0x80 | (r(2) & 0x3f)) +
    hex2(r(3)) +
    '-' +
    hex2(r(4)) +
    hex2(r(5)) +
    hex2(r(6)) +
    hex2(r(7)) +
    hex2(r(8)) +
    hex2(r(9))) as Uuid;
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
