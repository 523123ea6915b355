// Growable per-packet columns (PacketFlowColumns in model.ts): doubled as rows arrive, trimmed to the
// packet count at the end, like the packet table's own columns. For the connection table alone
// (`analysis: false`) only `flow` and `dir` are filled while packets stream by: the other columns
// are made zeroed at the final size (fresh, untouched pages), never grown or copied.

import { resizedOrView } from '../capture/typed-arrays';
import type { PacketFlowColumns } from './model';

type Column = Int32Array | Uint8Array | Uint16Array | Uint32Array;

/** When shrinking leaves at most this fraction of a column unused, the column becomes a view of its first
 * rows instead of a copy (as the packet table's trim() does). */
const KEPT_SLACK = 1 / 32;

function resized<T extends Column>(a: T, rows: number, fill: number): T {
  const b = resizedOrView(a, rows, KEPT_SLACK);
  if (fill !== 0 && rows > a.length) b.fill(fill, a.length);
  return b;
}

export class FlowColumns implements PacketFlowColumns {
  flow: Int32Array;
  dir: Uint8Array;
  analysis: Uint16Array;
  dupAckNum: Uint16Array;
  clientState: Uint8Array;
  serverState: Uint8Array;
  bytesInFlight: Uint32Array;
  marks: Uint8Array;

  /** `analysing`: whether the columns after `dir` are filled per packet (else they stay empty until
   * the final resize). */
  constructor(
    rows = 1024,
    private readonly analysing = true,
  ) {
    this.flow = new Int32Array(rows).fill(-1);
    this.dir = new Uint8Array(rows);
    const r = analysing ? rows : 0;
    this.analysis = new Uint16Array(r);
    this.dupAckNum = new Uint16Array(r);
    this.clientState = new Uint8Array(r);
    this.serverState = new Uint8Array(r);
    this.bytesInFlight = new Uint32Array(r);
    this.marks = new Uint8Array(r);
  }

  /** Makes room for row `row`, growing to at least `capacity` rows (the packet table's own capacity,
   * so the columns grow when it does) and by doubling (rows arrive in order: amortised O(1)). */
  ensure(row: number, capacity = 0): void {
    if (row < this.flow.length) return;
    this.grow(Math.max(row + 1, capacity, this.flow.length * 2));
  }

  /** Sets every column to `rows` rows (the final trim). */
  resize(rows: number): void {
    this.flow = resized(this.flow, rows, -1);
    this.dir = resized(this.dir, rows, 0);
    this.resizeAnalysis(rows);
  }

  private grow(rows: number): void {
    this.flow = resized(this.flow, rows, -1);
    this.dir = resized(this.dir, rows, 0);
    if (this.analysing) this.resizeAnalysis(rows);
  }

  private resizeAnalysis(rows: number): void {
    this.analysis = resized(this.analysis, rows, 0);
    this.dupAckNum = resized(this.dupAckNum, rows, 0);
    this.clientState = resized(this.clientState, rows, 0);
    this.serverState = resized(this.serverState, rows, 0);
    this.bytesInFlight = resized(this.bytesInFlight, rows, 0);
    this.marks = resized(this.marks, rows, 0);
  }

  /** A plain object over the same arrays (what the worker transfers). */
  toColumns(): PacketFlowColumns {
    const { flow, dir, analysis, dupAckNum, clientState, serverState, bytesInFlight, marks } = this;
    return { flow, dir, analysis, dupAckNum, clientState, serverState, bytesInFlight, marks };
  }
}
