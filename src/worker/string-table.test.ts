// The string table of the transfer: every string back exactly as it went in (whatever its code
// units), a repeated string interned once, an appended one kept apart, undefined as -1.
import { describe, expect, it } from 'vitest';
import { StringTableBuilder, stringAt } from './string-table';

describe('string table', () => {
  it('gives every string back exactly, interned ones once', () => {
    const b = new StringTableBuilder();
    const inputs = ['GET', '/a?b=c', '', 'HTTP/1.1', '\u{1F600} ✓', 'lone \ud800 surrogate', 'GET'];
    const ids = inputs.map((s) => b.id(s));
    expect(ids[6]).toBe(ids[0]);
    // Past the few it remembers by reference, the Map still finds it (a copy, not the same object).
    for (let i = 0; i < 20; i++) b.id(`filler ${i}`);
    expect(b.id(['HTTP', '1.1'].join('/'))).toBe(ids[3]);
    const url = b.add('/a?b=c');
    expect(url).not.toBe(ids[1]);
    expect(b.id(undefined)).toBe(-1);
    expect(b.add(undefined)).toBe(-1);
    const t = structuredClone(b.finish());
    expect(ids.map((id) => stringAt(t, id))).toEqual(inputs);
    expect(stringAt(t, url)).toBe('/a?b=c');
    expect(stringAt(t, -1)).toBeUndefined();
    expect(() => stringAt(t, 1000)).toThrow(RangeError);
  });
});
