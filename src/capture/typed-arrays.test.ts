import { describe, expect, it } from 'vitest';
import { resizedCopy, resizedOrView } from './typed-arrays';

describe('typed-array columns', () => {
  it('a resized copy keeps the type and the first elements, with zeros after them', () => {
    const a = Int32Array.from([1, -2, 3]);
    const grown = resizedCopy(a, 5);
    expect(grown).toBeInstanceOf(Int32Array);
    expect([...grown]).toEqual([1, -2, 3, 0, 0]);
    expect([...resizedCopy(a, 2)]).toEqual([1, -2]);
    expect(grown.buffer).not.toBe(a.buffer);
  });

  it('shrinking within the slack gives a view of the same buffer, beyond it a copy', () => {
    const a = new Uint16Array(100).map((_, i) => i);
    const view = resizedOrView(a, 97, 1 / 32);
    expect(view.buffer).toBe(a.buffer);
    expect([...view]).toEqual([...a.subarray(0, 97)]);
    const copy = resizedOrView(a, 90, 1 / 32);
    expect(copy.buffer).not.toBe(a.buffer);
    expect(copy.buffer.byteLength).toBe(90 * 2);
    expect(resizedOrView(a, 100, 1 / 32)).toBe(a);
  });
});
