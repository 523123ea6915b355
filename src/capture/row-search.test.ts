import { describe, expect, it } from 'vitest';
import { indexOfRow, lowerBoundRow } from './row-search';

describe('row search', () => {
  const rows = Uint32Array.from([2, 5, 5, 9, 40]);

  it('finds the first row at or after the one asked for, as a linear scan does', () => {
    for (let row = 0; row <= 41; row++) {
      let expected = rows.findIndex((r) => r >= row);
      if (expected < 0) expected = rows.length;
      expect(lowerBoundRow(rows, row)).toBe(expected);
    }
  });

  it('gives the index of a row that is there and -1 for one that is not', () => {
    for (let row = 0; row <= 41; row++) expect(indexOfRow(rows, row)).toBe(rows.indexOf(row));
    expect(indexOfRow(new Uint32Array(0), 0)).toBe(-1);
  });
});
