// Sorting the flow list. The default puts problem connections first (errors, then warnings, then
// notes, then healthy; within a severity by the diagnosis precedence), then by stream number.
// Comparators are plain `<` on numbers and strings (no localeCompare). The keys come from the
// worker's columns (endpoints formatted from them), not from entry objects.
import type { FlowEntries } from './flow-entries';

export const SORT_KEYS = [
  'stream',
  'client',
  'server',
  'start',
  'duration',
  'packets',
  'bytes',
  'severity',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';
export interface Sort {
  key: SortKey;
  dir: SortDir;
}

export const DEFAULT_SORT: Sort = { key: 'severity', dir: 'asc' };

/** The figure `key` sorts entry i by: numbers from the columns, endpoint strings from the entry. */
function keyReader(entries: FlowEntries, key: SortKey): (i: number) => number | string {
  switch (key) {
    case 'severity':
      return (i) => entries.rank(i);
    case 'client':
    case 'server':
      return (i) => entries.endpoint(i, key);
    case 'stream':
      return (i) => entries.stream(i);
    case 'start':
      return (i) => entries.start(i);
    case 'duration':
      return (i) => entries.duration(i);
    case 'packets':
      return (i) => entries.packets(i);
    case 'bytes':
      return (i) => entries.bytes(i);
  }
}

const isDefault = (sort: Sort) => sort.key === DEFAULT_SORT.key && sort.dir === DEFAULT_SORT.dir;

/**
 * `indexes` (entry indexes in the default order, as filterEntries gives them) ordered by `sort`, ties
 * broken by stream number (always ascending). The default sort is the order they come in.
 */
export function sortIndexes(entries: FlowEntries, indexes: Uint32Array, sort: Sort): Uint32Array {
  if (isDefault(sort)) return indexes;
  const sign = sort.dir === 'asc' ? 1 : -1;
  const read = keyReader(entries, sort.key);
  // Each key read once, not once per comparison (an endpoint key formats an address).
  const n = indexes.length;
  const keys = Array.from(indexes, read);
  const streams = Float64Array.from(indexes, (i) => entries.stream(i));
  const at = new Uint32Array(n);
  for (let p = 0; p < n; p++) at[p] = p;
  at.sort((p, q) => {
    const a = keys[p] ?? 0;
    const b = keys[q] ?? 0;
    return sign * (a < b ? -1 : a > b ? 1 : 0) || (streams[p] ?? 0) - (streams[q] ?? 0);
  });
  return Uint32Array.from(at, (p) => indexes[p] ?? 0);
}

/** Clicking a column: the same column flips direction; another starts ascending (numbers: largest first). */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  const biggestFirst = key === 'duration' || key === 'packets' || key === 'bytes';
  return { key, dir: biggestFirst ? 'desc' : 'asc' };
}
