// The word-at-a-time LF scan against a plain byte loop, on arrays at every alignment within their
// buffer (the words are read through a Uint32Array over the whole buffer, so the array's offset in it
// decides where the aligned words start).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findLf, forgetWordViews, wordView } from './find-lf';

function firstLf(b: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) if (b[i] === 0x0a) return i;
  return -1;
}

describe('findLf', () => {
  it('finds the first LF of any range, whatever the array offset in its buffer (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(0x0a, 0x0d, 0x20, 0x41, 0x8a, 0xff), { maxLength: 80 }),
        fc.integer({ min: 0, max: 7 }),
        fc.nat(),
        fc.nat(),
        (bytes, offset, a, b) => {
          const buf = new ArrayBuffer(bytes.length + offset + 3);
          const arr = new Uint8Array(buf, offset, bytes.length);
          arr.set(bytes);
          const start = bytes.length === 0 ? 0 : a % (bytes.length + 1);
          const end = start + (bytes.length === 0 ? 0 : b % (bytes.length - start + 1));
          expect(findLf(arr, start, end, wordView(arr))).toBe(firstLf(arr, start, end));
          expect(findLf(arr, start, end)).toBe(firstLf(arr, start, end));
        },
      ),
      { numRuns: 2000 },
    );
    forgetWordViews();
  });

  it('keeps a view per array: a header split across segments alternates with the chunk', () => {
    const chunk = new Uint8Array(64).fill(0x41);
    const head = new Uint8Array(16).fill(0x41);
    chunk[40] = 0x0a;
    head[9] = 0x0a;
    for (let k = 0; k < 3; k++) {
      expect(findLf(chunk, 1, 64, wordView(chunk))).toBe(40);
      expect(findLf(head, 0, 16, wordView(head))).toBe(9);
    }
    forgetWordViews();
  });
});
