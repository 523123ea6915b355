// What finish() adds up from the per-packet columns, in passes over the rows in order (sequential
// reads only): each flow's rows, its packet, frame-byte and payload-byte totals each way, and the
// silences between its consecutive packets long enough to be idle gaps (idle-gaps.ts).
import type { PacketTable } from '../capture/packet-table';
import { secondsBetween } from './connection-summary';
import { IDLE_GAP_FLOOR } from './idle-gaps';
import type { PacketFlowColumns } from './model';

export interface FlowTotals {
  /** Packet-table rows of each flow, ascending. */
  rows: Uint32Array[];
  /** Six numbers per flow: packets, frame bytes and payload bytes, each c2s then s2c. */
  sums: Float64Array;
  /** Per flow, [fromRow, toRow, seconds] triples of silences of at least IDLE_GAP_FLOOR (undefined:
   * none). */
  gaps: (number[] | undefined)[];
}

/** Totals of `flows` flows over the first `n` rows of `cols` (flow -1: no flow). */
export function flowTotals(
  table: PacketTable,
  cols: PacketFlowColumns,
  flows: number,
  n: number,
): FlowTotals {
  const sums = new Float64Array(flows * 6);
  const gaps: (number[] | undefined)[] = new Array(flows);
  const last = new Int32Array(flows).fill(-1);
  const flowCol = cols.flow;
  const dirCol = cols.dir;
  for (let r = 0; r < n; r++) {
    const fi = flowCol[r] ?? -1;
    if (fi < 0) continue;
    const at = fi * 6 + (dirCol[r] ?? 0);
    sums[at] = (sums[at] ?? 0) + 1;
    sums[at + 2] = (sums[at + 2] ?? 0) + (table.origLen[r] ?? 0);
    sums[at + 4] = (sums[at + 4] ?? 0) + (table.payloadLength[r] ?? 0);
    const prev = last[fi] ?? -1;
    last[fi] = r;
    if (prev < 0) continue;
    const gap = secondsBetween(table, prev, r);
    if (gap >= IDLE_GAP_FLOOR) {
      const list = gaps[fi] ?? [];
      gaps[fi] = list;
      list.push(prev, r, gap);
    }
  }
  const rows: Uint32Array[] = [];
  for (let f = 0; f < flows; f++) rows.push(new Uint32Array((sums[f * 6] ?? 0) + (sums[f * 6 + 1] ?? 0)));
  const filled = new Uint32Array(flows);
  for (let r = 0; r < n; r++) {
    const fi = flowCol[r] ?? -1;
    if (fi < 0) continue;
    const at = filled[fi] ?? 0;
    const list = rows[fi];
    if (list) list[at] = r;
    filled[fi] = at + 1;
  }
  return { rows, sums, gaps };
}
