import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isUuidv7, parseUuidv7, uuidv7, uuidv7Time } from '../../shared/domain/ids.js';

const bytes10 = fc.uint8Array({ minLength: 10, maxLength: 10 });
const ms = fc.integer({ min: 0, max: 2 ** 48 - 1 });

describe('uuidv7', () => {
  it('formats the RFC 9562 example layout: time, version 7, variant 10', () => {
    const id = uuidv7(0x017f22e279b0, new Uint8Array([0xc, 0xc3, 0x18, 0xc4, 0xdc, 0x0c, 0x0c, 0x07, 0x39, 0x8f]));
    expect(id).toBe('017f22e2-79b0-7cc3-98c4-dc0c0c07398f');
    expect(isUuidv7(id)).toBe(true);
    expect(uuidv7Time(id)).toBe(0x017f22e279b0);
  });

  it('is always valid and round-trips its time', () => {
    fc.assert(
      fc.property(ms, bytes10, (t, r) => {
        const id = uuidv7(t, r);
        return isUuidv7(id) && uuidv7Time(id) === t && parseUuidv7(id) === id;
      }),
    );
  });

  it('sorts as text by its millisecond', () => {
    fc.assert(
      fc.property(ms, ms, bytes10, bytes10, (a, b, ra, rb) => {
        fc.pre(a !== b);
        return a < b === uuidv7(a, ra) < uuidv7(b, rb);
      }),
    );
  });

  it('refuses bad input', () => {
    expect(() => uuidv7(-1, new Uint8Array(10))).toThrow(RangeError);
    expect(() => uuidv7(1.5, new Uint8Array(10))).toThrow(RangeError);
    expect(() => uuidv7(2 ** 48, new Uint8Array(10))).toThrow(RangeError);
    expect(() => uuidv7(1, new Uint8Array(9))).toThrow(RangeError);
    expect(isUuidv7('017f22e2-79b0-4cc3-98c4-dc0c0c07398f')).toBe(false); // v4
    expect(isUuidv7('017F22E2-79B0-7CC3-98C4-DC0C0C07398F')).toBe(false); // we store lowercase only
    expect(isUuidv7(42)).toBe(false);
    expect(() => parseUuidv7('nope')).toThrow(TypeError);
  });
});
