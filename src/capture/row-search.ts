// Binary search in a list of packet-table rows in ascending order (a flow's rows, a frame-export
// request's rows): the page and the worker look a row up in them by position.

/** Index of the first entry of ascending `rows` that is ≥ `row` (rows.length when none is). */
export function lowerBoundRow(rows: ArrayLike<number>, row: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rows[mid] ?? 0) < row) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of `row` in ascending `rows`, or -1. */
export function indexOfRow(rows: ArrayLike<number>, row: number): number {
  const i = lowerBoundRow(rows, row);
  return rows[i] === row ? i : -1;
}
