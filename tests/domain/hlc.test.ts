import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MAX_COUNTER,
  compareHlc,
  decodeHlc,
  encodeHlc,
  hlc,
  initialHlc,
  receive,
  tick,
  type Hlc,
} from '../../shared/domain/hlc.js';

const node = fc.stringMatching(/^[0-9a-z-]{1,12}$/);
const wall = fc.integer({ min: 0, max: 4_000_000_000_000 });
const clock = fc.record({ wallMs: wall, counter: fc.integer({ min: 0, max: MAX_COUNTER }), node });
const sign = (n: number): number => (n > 0 ? 1 : n < 0 ? -1 : 0);
const DRIFT = 60_000;

describe('hybrid logical clock', () => {
  it('tick is strictly monotonic whatever the wall clock does (including going backwards)', () => {
    fc.assert(
      fc.property(node, fc.array(wall, { minLength: 1, maxLength: 50 }), (n, nows) => {
        let c = initialHlc(n);
        for (const now of nows) {
          const next = tick(c, now);
          if (compareHlc(next, c) <= 0) return false;
          if (next.wallMs < now) return false;
          c = next;
        }
        return true;
      }),
    );
  });

  it('receive yields a clock above both local and remote, keeping the local node', () => {
    fc.assert(
      fc.property(clock, clock, wall, (local, remote, now) => {
        fc.pre(remote.wallMs - now <= DRIFT);
        const r = receive(local, remote, now, DRIFT);
        if (!r.ok) return false;
        return (
          compareHlc(r.clock, local) > 0 &&
          compareHlc({ ...r.clock, node: remote.node }, remote) > 0 &&
          r.clock.node === local.node
        );
      }),
    );
  });

  it('refuses a remote clock too far ahead of now, so one bad desk cannot drag the others', () => {
    const local = hlc(1_000_000, 0, 'desk-a');
    const remote = hlc(1_000_000 + 3_600_000, 0, 'desk-b');
    const r = receive(local, remote, 1_000_000, DRIFT);
    expect(r).toEqual({ ok: false, error: { kind: 'clock-drift', remote, nowMs: 1_000_000, driftMs: 3_600_000 } });
    const ok = receive(local, hlc(1_000_000 + DRIFT, 5, 'desk-b'), 1_000_000, DRIFT);
    expect(ok).toEqual({ ok: true, clock: hlc(1_000_000 + DRIFT, 6, 'desk-a') });
  });

  it('borrows the next millisecond rather than overflowing the counter', () => {
    expect(tick(hlc(5, MAX_COUNTER, 'a'), 5)).toEqual(hlc(6, 0, 'a'));
  });

  it('orders totally, breaking ties by node id', () => {
    expect(compareHlc(hlc(1, 1, 'a'), hlc(1, 1, 'b'))).toBe(-1);
    expect(compareHlc(hlc(1, 1, 'b'), hlc(1, 1, 'a'))).toBe(1);
    expect(compareHlc(hlc(1, 1, 'a'), hlc(1, 1, 'a'))).toBe(0);
    fc.assert(fc.property(clock, clock, (a, b) => sign(compareHlc(a, b)) === -sign(compareHlc(b, a))));
  });

  it('encodes to fixed-width text whose order is the clock order, and decodes back', () => {
    fc.assert(
      fc.property(clock, clock, (a: Hlc, b: Hlc) => {
        const ea = encodeHlc(a);
        const eb = encodeHlc(b);
        const textOrder = ea < eb ? -1 : ea > eb ? 1 : 0;
        const da = decodeHlc(ea);
        return textOrder === sign(compareHlc(a, b)) && da.ok && compareHlc(da.clock, a) === 0;
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects malformed input', () => {
    expect(decodeHlc('garbage').ok).toBe(false);
    expect(decodeHlc('000000000000001-0001-UPPER').ok).toBe(false);
    expect(() => hlc(0, MAX_COUNTER + 1, 'a')).toThrow(RangeError);
    expect(() => hlc(0, 0, 'Bad Node')).toThrow(TypeError);
    expect(() => tick(initialHlc('a'), -1)).toThrow(RangeError);
  });
});
