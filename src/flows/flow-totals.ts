// What finish() adds up from the per-packet columns, reading the rows in order (sequential reads
// only): each flow's rows, its packet, frame-byte and payload-byte totals each way, and the silences
// between its consecutive packets long enough to be idle gaps (idle-gaps.ts). Nothing is counted
// per packet while the capture streams by: there, a packet would touch one more line of per-flow
// memory (a cache miss among tens of thousands of flows), here the loop does little else and the
// processor overlaps the misses. Every flow's running figures (sums, the time of its previous packet,
// where its next row goes) share one 64-byte line, so a row touches one line of per-flow memory.
// Every flow's rows are a slice of one buffer, in flow order, so a million flows cost one
// allocation and no per-flow array buffer.
import type { PacketTable } from '../capture/packet-table';
import { handshakeRtt } from './connection-summary';
import {
  FLAGS,
  FLOW_WORDS,
  FlowBit,
  type FlowRecords,
  HANDSHAKE_ACK_ROW,
  SERVER_FIRST_ROW,
  SYN_ACK_ROW,
  SYN_ROW,
} from './flow-record';
import { IDLE_GAP_FLOOR, idleGapThreshold } from './idle-gaps';
import type { PacketFlowColumns } from './model';

export interface FlowTotals {
  /** Packet-table rows of each flow, ascending (views of one shared buffer). */
  rows: Uint32Array[];
  /** Six numbers per flow: packets, frame bytes and payload bytes, each c2s then s2c. */
  sums: Float64Array;
  /** Per flow, [fromRow, toRow, seconds] triples of silences of at least its idle-gap threshold
   * (idle-gaps.ts; IDLE_GAP_FLOOR without `recs`), undefined: none. */
  gaps: (number[] | undefined)[];
}

/** Nanoseconds below which two packets within the same second are surely closer than the floor. */
const SURELY_BELOW_FLOOR_NS = Math.floor(IDLE_GAP_FLOOR * 1e9) - 1_000_000;

// A flow's running figures while adding up: eight 32-bit words (half a cache line, so that the
// flows in progress stay in the processor's cache): packets, frame bytes and payload bytes, each
// c2s then s2c (as in FlowTotals.sums; the byte counts' carries past 2^32 are kept aside, `Carries`),
// and the time of its previous row: seconds relative to the table's base, and nanoseconds + 1 (0:
// no row yet).
const WORDS_PER_FLOW = 8;
const LAST_SEC = 6;
const LAST_NS = 7;
const TWO_32 = 2 ** 32;

/** Per flow, the byte counts' carries past 2^32 (four per flow, as words 2-5), made at the first. */
interface Carries {
  hi: Float64Array | null;
}

/** Idle gaps in row order, four numbers each: flow, previous row, row, seconds; and each flow's
 * threshold. */
interface Candidates {
  quads: Float64Array;
  count: number;
  threshold: Float64Array;
}

/**
 * Totals of `flows` flows over the first `n` rows of `cols` (flow -1: no flow). With `recs`, a flow's
 * idle gaps are only those that reach its own threshold (the one connection-summary.ts applies, from
 * the handshake RTT): silences of 0.2 s are common (a third of the rows in the mixed benchmark), and
 * keeping them all would cost an array element per row.
 */
export function flowTotals(
  table: PacketTable,
  cols: PacketFlowColumns,
  flows: number,
  n: number,
  recs?: FlowRecords,
): FlowTotals {
  const start = sliceStarts(cols.flow, flows, n);
  const next = start.slice(0, flows);
  const all = new Uint32Array(start[flows] ?? 0);
  const line = new Uint32Array(flows * WORDS_PER_FLOW);
  const gaps: Candidates = {
    quads: new Float64Array(1024),
    count: 0,
    threshold: thresholds(table, recs, flows),
  };
  const carries: Carries = { hi: null };
  const c = rowColumns(table, cols);
  for (let from = 0; from < n; from += CHUNK_ROWS) {
    addUp(c, from, Math.min(n, from + CHUNK_ROWS), line, next, all, gaps, carries);
  }
  return assemble(line, start, all, flows, gapLists(gaps, flows), carries);
}

/** The columns the pass over the rows reads. */
interface RowColumns {
  flow: Int32Array;
  dir: Uint8Array;
  tsSec: Int32Array;
  tsNs: Uint32Array;
  origLen: Uint32Array;
  payloadLength: Uint16Array;
}

function rowColumns(table: PacketTable, cols: PacketFlowColumns): RowColumns {
  const { tsSec, tsNs, origLen, payloadLength } = table;
  return { flow: cols.flow, dir: cols.dir, tsSec, tsNs, origLen, payloadLength };
}

// Each loop is a function of its own, and the pass over the rows is called once per chunk of rows:
// a loop that runs once over millions of rows is optimised while it runs (on-stack replacement), and
// a branch it meets for the first time after that (the rare idle gap) sends it back to the
// interpreter for a long while; a function called per chunk is optimised, and re-optimised, whole.
/** Rows per call of addUp. */
const CHUNK_ROWS = 1 << 16;

/** The pass over rows `from` to `to`: sums, each flow's rows into its slice of `all` (`next`: where
 * its next row goes), idle-gap candidates. */
function addUp(
  c: RowColumns,
  from: number,
  to: number,
  line: Uint32Array,
  next: Int32Array,
  all: Uint32Array,
  gaps: Candidates,
  carries: Carries,
): void {
  const { flow: flowCol, dir: dirCol, tsSec, tsNs, origLen, payloadLength } = c;
  // The times as int32 (seconds relative to the table's base may be negative).
  const times = new Int32Array(line.buffer);
  // Every index below is in bounds (rows < n, flows and slices sized by sliceStarts): the loads are
  // asserted rather than defaulted, which spares V8 an out-of-bounds case per load.
  for (let r = from; r < to; r++) {
    const fi = flowCol[r]!;
    if (fi < 0) continue;
    const o = fi * WORDS_PER_FLOW;
    const at = o + dirCol[r]!;
    line[at] = line[at]! + 1;
    const frame = line[at + 2]! + origLen[r]!;
    const payload = line[at + 4]! + payloadLength[r]!;
    if (frame >= TWO_32 || payload >= TWO_32) carry(carries, line, at, frame, payload);
    else {
      line[at + 2] = frame;
      line[at + 4] = payload;
    }
    const k = next[fi]!;
    all[k] = r;
    next[fi] = k + 1;
    const sec = tsSec[r]!;
    const ns = tsNs[r]!;
    const lastNs = times[o + LAST_NS]!;
    // Most gaps are far below the floor: the integer test settles them without the seconds.
    const dSec = sec - times[o + LAST_SEC]!;
    const dNs = ns + 1 - lastNs;
    if ((dSec > 0 || (dSec === 0 && dNs >= SURELY_BELOW_FLOOR_NS)) && lastNs !== 0) {
      noteGap(gaps, fi, all, k, dSec, dNs);
    }
    times[o + LAST_SEC] = sec;
    times[o + LAST_NS] = ns + 1;
  }
}

/** Byte counts at `at` (+2 frame, +4 payload) that reached 2^32: the words keep the low 32 bits. */
function carry(carries: Carries, line: Uint32Array, at: number, frame: number, payload: number): void {
  const hi = carries.hi ?? new Float64Array((line.length / WORDS_PER_FLOW) * 4);
  carries.hi = hi;
  const h = (at >> 3) * 4 + (at & 1);
  if (frame >= TWO_32) hi[h] = (hi[h] ?? 0) + TWO_32;
  if (payload >= TWO_32) hi[h + 2] = (hi[h + 2] ?? 0) + TWO_32;
  line[at + 2] = frame % TWO_32;
  line[at + 4] = payload % TWO_32;
}

/** A silence of `dSec` s and `dNs` ns before the row at `all[k]`, since the one before it, in flow
 * `fi`: a candidate idle gap when it reaches the floor. */
function noteGap(gaps: Candidates, fi: number, all: Uint32Array, k: number, dSec: number, dNs: number): void {
  // connection-summary.ts's secondsBetween(table, prev, row), from the times kept in the line.
  const gap = dSec + dNs / 1e9;
  if (gap < (gaps.threshold[fi] ?? IDLE_GAP_FLOOR)) return;
  let q = gaps.quads;
  const at = gaps.count * 4;
  if (at + 4 > q.length) {
    q = new Float64Array(q.length * 2);
    q.set(gaps.quads);
    gaps.quads = q;
  }
  q[at] = fi;
  q[at + 1] = all[k - 1] ?? 0;
  q[at + 2] = all[k] ?? 0;
  q[at + 3] = gap;
  gaps.count++;
}

/** The candidates as FlowTotals.gaps: per flow, its triples in row order (undefined: none). */
function gapLists(gaps: Candidates, flows: number): (number[] | undefined)[] {
  const lists: (number[] | undefined)[] = new Array(flows).fill(undefined);
  const q = gaps.quads;
  for (let i = 0; i < gaps.count * 4; i += 4) {
    const fi = q[i] ?? 0;
    const list = lists[fi] ?? [];
    lists[fi] = list;
    list.push(q[i + 1] ?? 0, q[i + 2] ?? 0, q[i + 3] ?? 0);
  }
  return lists;
}

/** Each flow's rows (views of `all`) and its six sums. */
function assemble(
  line: Uint32Array,
  start: Int32Array,
  all: Uint32Array,
  flows: number,
  gaps: (number[] | undefined)[],
  carries: Carries,
): FlowTotals {
  const rows: Uint32Array[] = [];
  const sums = new Float64Array(flows * 6);
  for (let f = 0; f < flows; f++) {
    const from = start[f] ?? 0;
    // A view made with the constructor: subarray() costs V8 several times more per call.
    rows.push(new Uint32Array(all.buffer, from * 4, (start[f + 1] ?? 0) - from));
    for (let j = 0; j < 6; j++) sums[f * 6 + j] = line[f * WORDS_PER_FLOW + j] ?? 0;
  }
  const hi = carries.hi;
  if (hi) {
    for (let f = 0; f < flows; f++) {
      for (let j = 0; j < 4; j++) sums[f * 6 + 2 + j] = (sums[f * 6 + 2 + j] ?? 0) + (hi[f * 4 + j] ?? 0);
    }
  }
  return { rows, sums, gaps };
}

/** Where each flow's slice of the rows starts (a count, then a prefix sum); entry `flows` is the
 * total. */
function sliceStarts(flowCol: Int32Array, flows: number, n: number): Int32Array {
  const start = rowsPerFlow(flowCol, flows, n);
  let total = 0;
  for (let f = 0; f <= flows; f++) {
    const count = start[f] ?? 0;
    start[f] = total;
    total += count;
  }
  return start;
}

/** Rows per flow, in an array one longer than the flows. */
function rowsPerFlow(flowCol: Int32Array, flows: number, n: number): Int32Array {
  const count = new Int32Array(flows + 1);
  for (let r = 0; r < n; r++) {
    const fi = flowCol[r] ?? -1;
    if (fi >= 0) count[fi] = (count[fi] ?? 0) + 1;
  }
  return count;
}

/** Each flow's idle-gap threshold: idleGapThreshold of its handshake RTT, as summarizeFlow computes
 * it; IDLE_GAP_FLOOR for every flow without `recs`. */
function thresholds(table: PacketTable, recs: FlowRecords | undefined, flows: number): Float64Array {
  const out = new Float64Array(flows).fill(IDLE_GAP_FLOOR);
  if (!recs) return out;
  const i = recs.i;
  for (let f = 0; f < flows; f++) {
    const o = f * FLOW_WORDS;
    const flags = i[o + FLAGS] ?? 0;
    const opening = {
      syn: i[o + SYN_ROW] ?? -1,
      synAck: i[o + SYN_ACK_ROW] ?? -1,
      handshakeAck: i[o + HANDSHAKE_ACK_ROW] ?? -1,
      serverFirst: i[o + SERVER_FIRST_ROW] ?? -1,
      serverFirstIsRst: (flags & FlowBit.ServerFirstRst) !== 0,
    };
    out[f] = idleGapThreshold((flags & FlowBit.Udp) === 0 ? handshakeRtt(table, opening) : null);
  }
  return out;
}
