import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setPcapTime, setTicksTime, Timestamp, tickScale } from './timestamps';

/** Reference: exact BigInt arithmetic, as pcapng.c does it in 64-bit unsigned integers. */
function reference(hi: number, lo: number, units: bigint): [number, number] {
  const ticks = (BigInt(hi) << 32n) | BigInt(lo);
  return [Number(ticks / units), Number(((ticks % units) * 1_000_000_000n) / units)];
}

describe('time stamps', () => {
  it('splits 64-bit tick counts exactly for every if_tsresol (fast path = BigInt reference)', () => {
    const t = new Timestamp();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.oneof(fc.integer({ min: 0, max: 19 }), fc.integer({ min: 0x80, max: 0x80 + 63 })),
        (hi, lo, resol) => {
          const s = tickScale(resol);
          setTicksTime(t, hi, lo, s);
          const [sec, ns] = reference(hi, lo, s.units);
          expect([t.sec, t.ns]).toEqual([sec, ns]);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('splits tick counts below 2^52 (one division in doubles) exactly, also next to whole seconds', () => {
    const t = new Timestamp();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xfffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: -2, max: 2 }),
        (hi, lo, resol, nudge) => {
          const s = tickScale(resol);
          // Also a count a few ticks from a whole second, where a rounded quotient would be wrong.
          const whole = (BigInt(hi) << 32n) | BigInt(lo);
          const near = (whole / s.units) * s.units + BigInt(nudge);
          for (const ticks of [whole, near < 0n || near >= 1n << 52n ? whole : near]) {
            const h = Number(ticks >> 32n);
            const l = Number(ticks & 0xffffffffn);
            setTicksTime(t, h, l, s);
            expect([t.sec, t.ns]).toEqual(reference(h, l, s.units));
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('uses the fast path for the usual resolutions (µs, ns, ms)', () => {
    expect(tickScale(undefined).divisor).toBe(1_000_000);
    expect(tickScale(9).divisor).toBe(1_000_000_000);
    expect(tickScale(3).nsPerTick).toBe(1_000_000);
    expect(tickScale(0x80 | 30).divisor).toBe(0);
  });

  it('adds if_tsoffset seconds', () => {
    const t = new Timestamp();
    setTicksTime(t, 0, 2_500_000, tickScale(6, -100));
    expect([t.sec, t.ns]).toEqual([-98, 500_000_000]);
  });

  it('carries out-of-range pcap sub-second fields the way Wireshark computes them', () => {
    const t = new Timestamp();
    expect(setPcapTime(t, 100, 999_999, false)).toBe(true);
    expect([t.sec, t.ns]).toEqual([100, 999_999_000]);
    // 3 000 000 µs × 1000 = 3e9, which wraps to -1 294 967 296 ns in 32 bits.
    expect(setPcapTime(t, 100, 3_000_000, false)).toBe(false);
    expect([t.sec, t.ns]).toEqual([98, 705_032_704]);
    expect(setPcapTime(t, 100, 1_500_000_000, true)).toBe(false);
    expect([t.sec, t.ns]).toEqual([101, 500_000_000]);
  });
});
