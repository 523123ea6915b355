// What finish() adds up from the per-packet columns, in one pass over the rows in order (sequential
// reads only) after a count: each flow's rows, its packet, frame-byte and payload-byte totals each
// way, and the silences between its consecutive packets long enough to be idle gaps (idle-gaps.ts).
// Every flow's rows are a slice of one buffer, in flow order, so a million flows cost one allocation
// and no per-flow array buffer.
import type { PacketTable } from '../capture/packet-table';
import { secondsBetween } from './connection-summary';
import { IDLE_GAP_FLOOR } from './idle-gaps';
import type { PacketFlowColumns } from './model';

export interface FlowTotals {
  /** Packet-table rows of each flow, ascending (views of one shared buffer). */
  rows: Uint32Array[];
  /** Six numbers per flow: packets, frame bytes and payload bytes, each c2s then s2c. */
  sums: Float64Array;
  /** Per flow, [fromRow, toRow, seconds] triples of silences of at least IDLE_GAP_FLOOR (undefined:
   * none). */
  gaps: (number[] | undefined)[];
}

/** Nanoseconds below which two packets within the same second are surely closer than the floor. */
const SURELY_BELOW_FLOOR_NS = Math.floor(IDLE_GAP_FLOOR * 1e9) - 1_000_000;

/** Totals of `flows` flows over the first `n` rows of `cols` (flow -1: no flow). */
export function flowTotals(
  table: PacketTable,
  cols: PacketFlowColumns,
  flows: number,
  n: number,
): FlowTotals {
  const flowCol = cols.flow;
  const dirCol = cols.dir;
  // Where each flow's slice starts: a count, then a prefix sum.
  const start = new Int32Array(flows + 1);
  for (let r = 0; r < n; r++) {
    const fi = flowCol[r] ?? -1;
    if (fi >= 0) start[fi + 1] = (start[fi + 1] ?? 0) + 1;
  }
  for (let f = 0; f < flows; f++) start[f + 1] = (start[f + 1] ?? 0) + (start[f] ?? 0);
  const all = new Uint32Array(start[flows] ?? 0);
  const next = start.slice(0, flows);
  const sums = new Float64Array(flows * 6);
  const gaps: (number[] | undefined)[] = new Array(flows);
  const tsSec = table.tsSec;
  const tsNs = table.tsNs;
  const origLen = table.origLen;
  const payloadLength = table.payloadLength;
  for (let r = 0; r < n; r++) {
    const fi = flowCol[r] ?? -1;
    if (fi < 0) continue;
    const at = fi * 6 + (dirCol[r] ?? 0);
    sums[at] = (sums[at] ?? 0) + 1;
    sums[at + 2] = (sums[at + 2] ?? 0) + (origLen[r] ?? 0);
    sums[at + 4] = (sums[at + 4] ?? 0) + (payloadLength[r] ?? 0);
    const k = next[fi] ?? 0;
    all[k] = r;
    next[fi] = k + 1;
    if (k === start[fi]) continue;
    // The flow's previous row is the one before in its slice. Most gaps are far below the floor:
    // the integer test settles them without the floating-point seconds.
    const prev = all[k - 1] ?? 0;
    const dSec = (tsSec[r] ?? 0) - (tsSec[prev] ?? 0);
    if (dSec < 0 || (dSec === 0 && (tsNs[r] ?? 0) - (tsNs[prev] ?? 0) < SURELY_BELOW_FLOOR_NS)) continue;
    const gap = secondsBetween(table, prev, r);
    if (gap >= IDLE_GAP_FLOOR) {
      const list = gaps[fi] ?? [];
      gaps[fi] = list;
      list.push(prev, r, gap);
    }
  }
  const rows: Uint32Array[] = [];
  for (let f = 0; f < flows; f++) rows.push(all.subarray(start[f] ?? 0, start[f + 1] ?? 0));
  return { rows, sums, gaps };
}
