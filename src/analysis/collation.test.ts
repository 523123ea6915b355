import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareEndpoints, compareLabels } from './collation';
import { LABELS } from './labels';

// The oracle is the platform's own localeCompare (ICU root collation), which the lists used before.
const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);
const over = (chars: string) =>
  fc.array(fc.constantFrom(...chars), { maxLength: 12 }).map((cs) => cs.join(''));

describe('collation', () => {
  it('orders endpoints exactly as localeCompare does', () => {
    const endpoint = over('0123456789abcdef.:[]');
    fc.assert(
      fc.property(endpoint, endpoint, (a, b) => {
        expect(sign(compareEndpoints(a, b))).toBe(sign(a.localeCompare(b)));
      }),
      { numRuns: 20_000 },
    );
    const real = [
      '10.0.0.1:80',
      '10.0.0.10:80',
      '10.0.0.1:8080',
      '[::1]:80',
      '[2001:db8::1]:443',
      '9.9.9.9:1',
    ];
    for (const a of real)
      for (const b of real) expect(sign(compareEndpoints(a, b))).toBe(sign(a.localeCompare(b)));
  });

  it('orders label names exactly as localeCompare does', () => {
    const label = over('abcdefghijklmnopqrstuvwxyz0123456789-');
    fc.assert(
      fc.property(label, label, (a, b) => {
        expect(sign(compareLabels(a, b))).toBe(sign(a.localeCompare(b)));
      }),
      { numRuns: 20_000 },
    );
    for (const a of LABELS)
      for (const b of LABELS) expect(sign(compareLabels(a, b))).toBe(sign(a.localeCompare(b)));
  });

  it('falls back to localeCompare for other characters', () => {
    for (const [a, b] of [
      ['É', 'e'],
      ['a_b', 'a-b'],
      ['Z', 'a'],
      ['x y', 'x-y'],
    ] as const) {
      expect(sign(compareLabels(a, b))).toBe(sign(a.localeCompare(b)));
      expect(sign(compareEndpoints(a, b))).toBe(sign(a.localeCompare(b)));
    }
  });
});
