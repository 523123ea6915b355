// String order for the sorted lists of the output (idle-timeout estimates by server, diagnosis
// counts by label), which have always been sorted with localeCompare. The first localeCompare call
// of a process sets up an ICU collator, which costs ~15 ms — more than analysing 100 000 packets.
// For the strings these lists hold (IP endpoints, label names) the root collation is a plain
// character-by-character order with a fixed rank per character (no case, accent or contraction
// levels apply to these characters), so it is computed here directly; any other character falls
// back to localeCompare itself. collation.test.ts checks the equivalence against localeCompare.

/** The root collation's order of the characters of endpoints (CLDR: punctuation, digits, letters). */
const ENDPOINT_ORDER = ':.[]0123456789abcdef';
/** Label names: hyphen, digits, lower-case letters (the same relative order as their char codes). */
const LABEL_ORDER = '-0123456789abcdefghijklmnopqrstuvwxyz';

function rankTable(order: string): Int8Array {
  const rank = new Int8Array(128).fill(-1);
  for (let i = 0; i < order.length; i++) rank[order.charCodeAt(i)] = i;
  return rank;
}

const ENDPOINT_RANK = rankTable(ENDPOINT_ORDER);
const LABEL_RANK = rankTable(LABEL_ORDER);

function compareRanked(a: string, b: string, rank: Int8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = rank[a.charCodeAt(i)] ?? -1;
    const y = rank[b.charCodeAt(i)] ?? -1;
    if (x < 0 || y < 0) return a.localeCompare(b);
    if (x !== y) return x < y ? -1 : 1;
  }
  for (let i = n; i < a.length; i++) if ((rank[a.charCodeAt(i)] ?? -1) < 0) return a.localeCompare(b);
  for (let i = n; i < b.length; i++) if ((rank[b.charCodeAt(i)] ?? -1) < 0) return a.localeCompare(b);
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** `a.localeCompare(b)` (its sign) for `ip:port` / `[ipv6]:port` strings. */
export const compareEndpoints = (a: string, b: string): number => compareRanked(a, b, ENDPOINT_RANK);

/** `a.localeCompare(b)` (its sign) for label names. */
export const compareLabels = (a: string, b: string): number => compareRanked(a, b, LABEL_RANK);
