// The ladder's geometry, DOM-free: where each packet's arrow goes (y, downward in time), what kind of
// arrow it is, where the idle breaks, state changes and closed directions are. Struct of arrays, one
// pass, no object per packet, so a 1 M-packet flow lays out in milliseconds and the view asks
// `visibleRange` (binary search) for the few arrows on screen.
//
// The vertical axis is time, but not linear time: an arrow is placed at least one label height below
// the previous one (a loopback handshake takes 25 µs and must still be readable), further down when
// more time passed (pxPerSecond, the zoom), and a silence the flows layer reports as an idle gap
// (flows/idle-gaps.ts: ≥ 1 s always, shorter ones when huge compared with the RTT) is replaced by a
// fixed-height break labelled with its measured length, so a 65 s silence costs as much screen as a
// 2 s one. y is non-decreasing in packet order, so order and monotonic time are kept.
import type { PacketTable } from '../../capture/packet-table';
import { TcpFlag } from '../../capture/packet-table';
import { lowerBoundRow } from '../../capture/row-search';
import type { Flow, HttpMessage, PacketFlowColumns, TcpStateValue } from '../../flows/model';
import { Mark } from '../../flows/model';
import { classifyPacket } from './packet-kind';
import { gapLabel } from './packet-label';

/** The packet-table columns the ladder reads. */
export type LadderTable = Pick<
  PacketTable,
  'tsSec' | 'tsNs' | 'tcpFlags' | 'seq' | 'ack' | 'win' | 'payloadLength' | 'addresses'
>;
/** The per-packet flow columns the ladder reads. */
export type LadderColumns = Pick<
  PacketFlowColumns,
  'dir' | 'analysis' | 'dupAckNum' | 'clientState' | 'serverState' | 'marks'
>;

export interface LadderSource {
  flow: Flow;
  table: LadderTable;
  columns: LadderColumns;
}

export interface LadderOptions {
  /** Time scale (the zoom): pixels per second of capture time between two packets. */
  pxPerSecond: number;
  /** Room above an arrow for its label line. */
  labelHeight: number;
  /** Extra room when the arrow also carries an HTTP request or status line. */
  httpLineHeight: number;
  /** Vertical drop of an arrow from sender to receiver (see SLOPE_NOTE). */
  slope: number;
  /** Height of an idle-gap break. */
  gapHeight: number;
  /** Space between an arrow's head and the next label. */
  padding: number;
  top: number;
  bottom: number;
}

export const DEFAULT_LADDER_OPTIONS: Readonly<LadderOptions> = {
  pxPerSecond: 200,
  labelHeight: 18,
  httpLineHeight: 15,
  slope: 12,
  gapHeight: 46,
  padding: 8,
  top: 12,
  bottom: 28,
};

/**
 * Why every arrow has the same small slant: one capture point sees each segment once, at the moment
 * it passed that point, so its departure at the sender and arrival at the receiver are not both
 * known. A time-in-flight slope needs the same segment seen at both ends (two merged captures); from
 * a single capture it would be invented. The arrow starts at its capture time and slants a fixed few
 * pixels so its direction reads at a glance.
 */
export const SLOPE_NOTE =
  'Arrows are drawn at their capture time with a fixed slant: a single capture point sees each ' +
  'segment once, so its time in flight is unknown.';

export const Side = { Client: 0, Server: 1 } as const;
export type SideValue = 0 | 1;

export interface LadderGap {
  /** Index (in flow order) of the packet after the silence. */
  index: number;
  fromFrame: number;
  toFrame: number;
  /** Measured silence in seconds (the flows layer's IdleGap.seconds). */
  seconds: number;
  /** Top and height of the break band. */
  top: number;
  height: number;
  label: string;
}

export interface StateChange {
  /** Index of the packet after which the side's state changed. */
  index: number;
  side: SideValue;
  /** Null for the first packet (the state before it is not seen). */
  from: TcpStateValue | null;
  to: TcpStateValue;
  /** At the sender's end of the arrow for the sender, at its head for the receiver. */
  y: number;
  /** True when the side is the packet's receiver (y is at the arrow head). */
  atHead: boolean;
}

export interface ClosedSpan {
  /** Index of the packet that closed this side's sending direction (its FIN or RST, or a peer's RST). */
  index: number;
  how: 'fin' | 'rst';
  /** From this y to the end of the ladder the side's direction is closed. */
  y: number;
  atHead: boolean;
}

export interface LadderLayout {
  source: LadderSource;
  options: LadderOptions;
  count: number;
  /** Packet-table rows in flow order (flow.rows). */
  rows: Uint32Array;
  /** y of each arrow's tail (the capture time). */
  y: Float64Array;
  /** PacketKind per packet. */
  kind: Uint8Array;
  /** Seconds since the previous packet of the flow (0 for the first; ≥ 0). Zoom-independent. */
  dt: Float64Array;
  /** 1 where the packet starts an HTTP message (its label has a second line). */
  http: Uint8Array;
  height: number;
  gaps: LadderGap[];
  states: StateChange[];
  /** Per side (Side.Client, Side.Server): where its sending direction is closed, null if never. */
  closed: [ClosedSpan | null, ClosedSpan | null];
  /** HTTP messages by the row of the segment that starts them. */
  httpByRow: Map<number, HttpMessage>;
  client: string;
  server: string;
  /** Largest room any label takes above its arrow (for visibleRange). */
  maxLabel: number;
}

function httpStarts(flow: Flow): Map<number, HttpMessage> {
  const m = new Map<number, HttpMessage>();
  for (const x of flow.http) {
    if (x.request) m.set(x.request.row, x.request);
    if (x.response) m.set(x.response.row, x.response);
  }
  return m;
}

/** Seconds between two rows, exact to the nanosecond (the epoch-seconds double would lose digits). */
export function secondsBetween(t: LadderTable, a: number, b: number): number {
  return (t.tsSec[b] ?? 0) - (t.tsSec[a] ?? 0) + ((t.tsNs[b] ?? 0) - (t.tsNs[a] ?? 0)) / 1e9;
}

/** Seconds from the flow's first packet to packet `i`. */
export function relativeTime(layout: LadderLayout, i: number): number {
  const rows = layout.rows;
  return secondsBetween(layout.source.table, rows[0] ?? 0, rows[i] ?? 0);
}

/**
 * Lays out a flow: one pass for what does not depend on the zoom (kinds, time deltas, breaks, state
 * changes, closes), then the y pass (`rescaleLadderLayout` redoes only that one).
 */
export function buildLadderLayout(source: LadderSource, options: Partial<LadderOptions> = {}): LadderLayout {
  const o: LadderOptions = { ...DEFAULT_LADDER_OPTIONS, ...options };
  const { flow, table, columns } = source;
  const rows = flow.rows;
  const n = rows.length;
  const layout: LadderLayout = {
    source,
    options: o,
    count: n,
    rows,
    y: new Float64Array(n),
    kind: new Uint8Array(n),
    dt: new Float64Array(n),
    http: new Uint8Array(n),
    height: 0,
    gaps: findGaps(flow),
    states: [],
    closed: [null, null],
    httpByRow: httpStarts(flow),
    client: table.addresses.endpoint(flow.clientAddr, flow.clientPort),
    server: table.addresses.endpoint(flow.serverAddr, flow.serverPort),
    maxLabel: 0,
  };
  const { clientState, serverState, dir } = columns;
  for (let i = 0; i < n; i++) {
    const row = rows[i] ?? 0;
    const flags = table.tcpFlags[row] ?? 0;
    const marks = columns.marks[row] ?? 0;
    layout.kind[i] = classifyPacket(flags, columns.analysis[row] ?? 0, marks);
    layout.http[i] = marks & Mark.HttpStart ? 1 : 0;
    const before = i > 0 ? (rows[i - 1] ?? 0) : -1;
    if (before >= 0) layout.dt[i] = Math.max(0, secondsBetween(table, before, row));
    const sender = (dir[row] ?? 0) as SideValue;
    noteState(
      layout,
      i,
      Side.Client,
      sender,
      before < 0 ? null : (clientState[before] ?? 0),
      clientState[row] ?? 0,
    );
    noteState(
      layout,
      i,
      Side.Server,
      sender,
      before < 0 ? null : (serverState[before] ?? 0),
      serverState[row] ?? 0,
    );
    if (flags & (TcpFlag.FIN | TcpFlag.RST)) noteClose(layout, i, flags, sender);
  }
  position(layout);
  return layout;
}

/** The same layout at another time scale (zoom): only the y pass runs again. */
export function rescaleLadderLayout(layout: LadderLayout, options: Partial<LadderOptions>): LadderLayout {
  const next: LadderLayout = {
    ...layout,
    options: { ...layout.options, ...options },
    y: new Float64Array(layout.count),
    gaps: layout.gaps.map((g) => ({ ...g })),
    states: layout.states.map((c) => ({ ...c })),
    closed: [layout.closed[0] && { ...layout.closed[0] }, layout.closed[1] && { ...layout.closed[1] }],
  };
  position(next);
  return next;
}

/** The flows layer's idle gaps between consecutive packets of the flow, as breaks (positions later). */
function findGaps(flow: Flow): LadderGap[] {
  const rows = flow.rows;
  const out: LadderGap[] = [];
  for (const g of [...flow.idleGaps].sort((a, b) => a.toRow - b.toRow)) {
    const i = lowerBoundRow(rows, g.toRow);
    if (i <= 0 || i >= rows.length || rows[i] !== g.toRow || rows[i - 1] !== g.fromRow) continue;
    out.push({
      index: i,
      fromFrame: g.fromRow + 1,
      toFrame: g.toRow + 1,
      seconds: g.seconds,
      top: 0,
      height: 0,
      label: gapLabel(g.seconds),
    });
  }
  return out;
}

/** The y pass: minimum spacing, time-proportional spacing, fixed-height breaks for idle gaps. */
function position(layout: LadderLayout): void {
  const { options: o, y, dt, http, gaps, count: n } = layout;
  let nextGap = 0;
  for (let i = 0; i < n; i++) {
    const above = o.labelHeight + (http[i] ? o.httpLineHeight : 0);
    if (i === 0) {
      y[0] = o.top + above;
      continue;
    }
    const last = y[i - 1] ?? 0;
    const tail = last + o.slope + o.padding;
    const gap = gaps[nextGap];
    if (gap !== undefined && gap.index === i) {
      gap.top = tail;
      gap.height = o.gapHeight;
      y[i] = tail + o.gapHeight + above;
      nextGap++;
    } else {
      y[i] = Math.max(tail + above, last + (dt[i] ?? 0) * o.pxPerSecond);
    }
  }
  for (const c of layout.states) c.y = (y[c.index] ?? 0) + (c.atHead ? o.slope : 0);
  for (const c of layout.closed) if (c) c.y = (y[c.index] ?? 0) + (c.atHead ? o.slope : 0);
  layout.height = n > 0 ? (y[n - 1] ?? 0) + o.slope + o.bottom : o.top + o.bottom;
  layout.maxLabel = o.labelHeight + o.httpLineHeight;
}

function noteState(
  layout: LadderLayout,
  i: number,
  side: SideValue,
  sender: SideValue,
  from: number | null,
  to: number,
): void {
  if (from === to) return;
  const state = to as TcpStateValue;
  layout.states.push({
    index: i,
    side,
    from: from as TcpStateValue | null,
    to: state,
    y: 0,
    atHead: side !== sender,
  });
}

/**
 * A side's sending direction closes with its own FIN (RFC 9293 §3.6: it will send no more data) or
 * with a RST either way (§3.10.7.4: a reset aborts the connection for both ends).
 */
function noteClose(layout: LadderLayout, i: number, flags: number, sender: SideValue): void {
  const closed = layout.closed;
  if (flags & TcpFlag.RST) {
    closed[sender] ??= { index: i, how: 'rst', y: 0, atHead: false };
    closed[sender === 0 ? 1 : 0] ??= { index: i, how: 'rst', y: 0, atHead: true };
  } else {
    closed[sender] ??= { index: i, how: 'fin', y: 0, atHead: false };
  }
}

/** First index whose y is ≥ v, or > v when `after` (n when none): y is non-decreasing. */
function lowerBound(y: Float64Array, n: number, v: number, after = false): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const m = y[mid] ?? 0;
    if (m < v || (after && m === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface IndexRange {
  /** First index to draw. */
  start: number;
  /** One past the last index to draw. */
  end: number;
}

/**
 * The packets whose arrow or label intersects [scrollTop − overscan, scrollTop + height + overscan],
 * by binary search: O(log n) plus the window, whatever the flow's length.
 */
export function visibleRange(
  layout: LadderLayout,
  scrollTop: number,
  viewportHeight: number,
  overscan = 0,
): IndexRange {
  const top = scrollTop - overscan;
  const bottom = scrollTop + viewportHeight + overscan;
  const start = lowerBound(layout.y, layout.count, top - layout.options.slope);
  const end = lowerBound(layout.y, layout.count, bottom + layout.maxLabel, true);
  return { start, end: Math.max(start, end) };
}

/** Index of 1-based `frame` in the flow, -1 when the frame is not one of its packets. */
export function indexOfFrame(layout: LadderLayout, frame: number): number {
  const row = frame - 1;
  const lo = lowerBoundRow(layout.rows, row);
  return lo < layout.count && layout.rows[lo] === row ? lo : -1;
}

/** The slice of a list sorted by `index` whose index lies in [start, end]. */
export function itemsInRange<T extends { index: number }>(
  items: readonly T[],
  start: number,
  end: number,
): T[] {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((items[mid]?.index ?? 0) < start) lo = mid + 1;
    else hi = mid;
  }
  const out: T[] = [];
  for (let k = lo; k < items.length && (items[k]?.index ?? 0) <= end; k++) out.push(items[k] as T);
  return out;
}

/** A point of the ladder given by packet index and fraction to the next packet, stable across zooms. */
export interface LadderAnchor {
  index: number;
  fraction: number;
}

export function anchorAt(layout: LadderLayout, yValue: number): LadderAnchor {
  const n = layout.count;
  if (n === 0) return { index: 0, fraction: 0 };
  const i = Math.max(0, Math.min(n - 1, lowerBound(layout.y, n, yValue) - 1));
  const a = layout.y[i] ?? 0;
  const b = i + 1 < n ? (layout.y[i + 1] ?? a) : layout.height;
  const fraction = b > a ? Math.max(0, Math.min(1, (yValue - a) / (b - a))) : 0;
  return { index: i, fraction };
}

export function yAtAnchor(layout: LadderLayout, anchor: LadderAnchor): number {
  const n = layout.count;
  if (n === 0) return 0;
  const i = Math.max(0, Math.min(n - 1, anchor.index));
  const a = layout.y[i] ?? 0;
  const b = i + 1 < n ? (layout.y[i + 1] ?? a) : layout.height;
  return a + (b - a) * anchor.fraction;
}
