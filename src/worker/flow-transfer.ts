// The flows as they cross from the worker to the page: typed-array columns instead of Flow objects.
// Structured clone rebuilds an object graph field by field on the receiving thread, in one task:
// 15 000 flows holding 70 000 HTTP exchanges took the page's main thread ~400 ms to unpack on a 1 GB
// capture (docs/performance-browser.md). Columns cross as transferred buffers (no copy, no per-object
// work); the page builds a Flow from them only when it reads one (flowAt, lazy-array.ts), and the
// flow list reads the columns directly.
// Layout: one entry per flow in each per-flow column ("pair" columns hold c2s then s2c, two entries
// per flow); variable-length parts (rows, idle gaps) are compressed sparse rows: the flow's items are
// [start[i], start[i + 1]). The HTTP exchanges cross separately (http-transfer.ts).
import type { CloseKind, DirectionClose, Flow, HttpExchange, IdleGap, OpenKind } from '../flows/model';

// Codes of the closed vocabularies. Records, so that a kind added to model.ts fails to compile here
// rather than failing to pack at run time.
const OPEN_CODES: Record<OpenKind, number> = {
  handshake: 0,
  refused: 1,
  'syn-unanswered': 2,
  'no-handshake': 3,
};
const CLOSE_CODES: Record<CloseKind, number> = { fin: 0, rst: 1, open: 2 };
const CLOSER_CODES: Record<NonNullable<Flow['firstCloser']>, number> = { client: 1, server: 2 };

/** The keys of `codes` in code order. */
function kindsOf<K extends string>(codes: Record<K, number>): readonly K[] {
  const out: K[] = [];
  for (const [k, c] of Object.entries(codes) as [K, number][]) out[c] = k;
  return out;
}

export const OPEN_KINDS = kindsOf(OPEN_CODES);
export const CLOSE_KINDS = kindsOf(CLOSE_CODES);
/** Index 0 is null (no side closed). */
const CLOSERS = kindsOf(CLOSER_CODES);

/** Bits of PackedFlows.kind. */
export const FlowKind = { Udp: 1, RoleInferred: 2 } as const;

export interface PackedFlows {
  count: number;
  /** FlowKind bits. */
  kind: Uint8Array;
  stream: Int32Array;
  clientAddr: Uint32Array;
  serverAddr: Uint32Array;
  clientPort: Uint16Array;
  serverPort: Uint16Array;
  firstRow: Int32Array;
  lastRow: Int32Array;
  start: Float64Array;
  end: Float64Array;
  /** Pair columns: [2i] client → server, [2i + 1] server → client. */
  packets: Float64Array;
  bytes: Float64Array;
  payloadBytes: Float64Array;
  baseSeq: Float64Array;
  windowScale: Int8Array;
  closeHow: Uint8Array;
  closeRow: Int32Array;
  /** Index into OPEN_KINDS. */
  open: Uint8Array;
  /** 0 none, 1 client, 2 server. */
  firstCloser: Uint8Array;
  /** NaN for null (a handshake RTT is a difference of two finite times, never NaN). */
  rtt: Float64Array;
  /** Every flow's packet-table rows, one buffer; flow i's are rows[rowStart[i], rowStart[i + 1]). */
  rowStart: Float64Array;
  rows: Uint32Array;
  gapStart: Uint32Array;
  gapFrom: Int32Array;
  gapTo: Int32Array;
  gapSeconds: Float64Array;
}

function emptyFlows(n: number, rows: number, gaps: number): PackedFlows {
  return {
    count: n,
    kind: new Uint8Array(n),
    stream: new Int32Array(n),
    clientAddr: new Uint32Array(n),
    serverAddr: new Uint32Array(n),
    clientPort: new Uint16Array(n),
    serverPort: new Uint16Array(n),
    firstRow: new Int32Array(n),
    lastRow: new Int32Array(n),
    start: new Float64Array(n),
    end: new Float64Array(n),
    packets: new Float64Array(2 * n),
    bytes: new Float64Array(2 * n),
    payloadBytes: new Float64Array(2 * n),
    baseSeq: new Float64Array(2 * n),
    windowScale: new Int8Array(2 * n),
    closeHow: new Uint8Array(2 * n),
    closeRow: new Int32Array(2 * n),
    open: new Uint8Array(n),
    firstCloser: new Uint8Array(n),
    rtt: new Float64Array(n),
    rowStart: new Float64Array(n + 1),
    rows: new Uint32Array(rows),
    gapStart: new Uint32Array(n + 1),
    gapFrom: new Int32Array(gaps),
    gapTo: new Int32Array(gaps),
    gapSeconds: new Float64Array(gaps),
  };
}

function putPair(p: PackedFlows, k: number, f: Flow, d: 0 | 1): void {
  p.packets[k] = f.packets[d];
  p.bytes[k] = f.bytes[d];
  p.payloadBytes[k] = f.payloadBytes[d];
  p.baseSeq[k] = f.baseSeq[d];
  p.windowScale[k] = f.windowScale[d];
  p.closeHow[k] = CLOSE_CODES[f.close[d].how];
  p.closeRow[k] = f.close[d].row;
}

function putFlow(p: PackedFlows, i: number, f: Flow): void {
  p.kind[i] = (f.transport === 'udp' ? FlowKind.Udp : 0) | (f.roleInferred ? FlowKind.RoleInferred : 0);
  p.stream[i] = f.stream;
  p.clientAddr[i] = f.clientAddr;
  p.serverAddr[i] = f.serverAddr;
  p.clientPort[i] = f.clientPort;
  p.serverPort[i] = f.serverPort;
  p.firstRow[i] = f.firstRow;
  p.lastRow[i] = f.lastRow;
  p.start[i] = f.start;
  p.end[i] = f.end;
  putPair(p, 2 * i, f, 0);
  putPair(p, 2 * i + 1, f, 1);
  p.open[i] = OPEN_CODES[f.open];
  p.firstCloser[i] = f.firstCloser === null ? 0 : CLOSER_CODES[f.firstCloser];
  p.rtt[i] = f.rtt ?? Number.NaN;
}

/**
 * The flows as columns, all but their HTTP exchanges (http-transfer.ts: the flow list does not need
 * them, so they cross after it is shown). Flow.index must equal the position in `flows`.
 */
export function packFlows(flows: readonly Flow[]): PackedFlows {
  let rows = 0;
  let gaps = 0;
  for (const f of flows) {
    rows += f.rows.length;
    gaps += f.idleGaps.length;
  }
  const p = emptyFlows(flows.length, rows, gaps);
  let row = 0;
  let gap = 0;
  for (let i = 0; i < flows.length; i++) {
    const f = flows[i] as Flow;
    if (f.index !== i) throw new Error(`flow ${i} has index ${f.index}`);
    putFlow(p, i, f);
    p.rows.set(f.rows, row);
    row += f.rows.length;
    p.rowStart[i + 1] = row;
    for (const g of f.idleGaps) {
      p.gapFrom[gap] = g.fromRow;
      p.gapTo[gap] = g.toRow;
      p.gapSeconds[gap++] = g.seconds;
    }
    p.gapStart[i + 1] = gap;
  }
  return p;
}

/** Every buffer of an object's typed-array fields, each once (for postMessage's transfer list). */
export function buffersOf(o: object): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const v of Object.values(o))
    if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) out.add(v.buffer);
  return [...out];
}

/** Flow `i`'s rows: a view over the shared rows buffer. */
export function flowRows(p: PackedFlows, i: number): Uint32Array {
  return p.rows.subarray(p.rowStart[i] ?? 0, p.rowStart[i + 1] ?? 0);
}

function gapsOf(p: PackedFlows, i: number): IdleGap[] {
  const out: IdleGap[] = [];
  for (let g = p.gapStart[i] ?? 0; g < (p.gapStart[i + 1] ?? 0); g++)
    out.push({ fromRow: p.gapFrom[g] ?? -1, toRow: p.gapTo[g] ?? -1, seconds: p.gapSeconds[g] ?? 0 });
  return out;
}

function pair<T>(at: (k: number) => T, i: number): [T, T] {
  return [at(2 * i), at(2 * i + 1)];
}

function closeAt(p: PackedFlows, k: number): DirectionClose {
  return { how: CLOSE_KINDS[p.closeHow[k] ?? 2] ?? 'open', row: p.closeRow[k] ?? -1 };
}

/** Flow `i` rebuilt from the columns, with its HTTP exchanges (http-transfer.ts exchangesAt). */
export function flowAt(p: PackedFlows, i: number, http: HttpExchange[]): Flow {
  const kind = p.kind[i] ?? 0;
  const rtt = p.rtt[i] ?? Number.NaN;
  const closer = CLOSERS[p.firstCloser[i] ?? 0] ?? null;
  return {
    index: i,
    transport: kind & FlowKind.Udp ? 'udp' : 'tcp',
    stream: p.stream[i] ?? -1,
    clientAddr: p.clientAddr[i] ?? 0,
    clientPort: p.clientPort[i] ?? 0,
    serverAddr: p.serverAddr[i] ?? 0,
    serverPort: p.serverPort[i] ?? 0,
    roleInferred: (kind & FlowKind.RoleInferred) !== 0,
    firstRow: p.firstRow[i] ?? -1,
    lastRow: p.lastRow[i] ?? -1,
    rows: flowRows(p, i),
    packets: pair((k) => p.packets[k] ?? 0, i),
    bytes: pair((k) => p.bytes[k] ?? 0, i),
    payloadBytes: pair((k) => p.payloadBytes[k] ?? 0, i),
    start: p.start[i] ?? 0,
    end: p.end[i] ?? 0,
    baseSeq: pair((k) => p.baseSeq[k] ?? 0, i),
    open: OPEN_KINDS[p.open[i] ?? 0] ?? 'handshake',
    close: pair((k) => closeAt(p, k), i),
    firstCloser: closer,
    idleGaps: gapsOf(p, i),
    rtt: Number.isNaN(rtt) ? null : rtt,
    windowScale: pair((k) => p.windowScale[k] ?? -1, i),
    http,
  };
}
