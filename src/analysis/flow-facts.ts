// What the rules reason about, per TCP flow: the handshake, the application messages each way (runs
// of new payload), FINs and RSTs and who ACKed them, retransmission chains and zero-window periods.
// Objects are made per message and per event, never per packet (the per-packet scan is in
// flow-scan.ts). Sequence numbers are made relative to the first one seen each way, so the facts do
// not depend on how the flows layer chose its base (RFC 9293 §3.4: seq space, FIN takes one number).
import { type PacketTable, TcpFlag } from '../capture/packet-table';
import { httpRefsOf } from '../flows/connection-summary';
import type { HttpExchangeRefs } from '../flows/http/message-store';
import type { Flow, FlowSet, HttpMessage } from '../flows/model';
import { FactScanner, type ScanColumns } from './flow-scan';
import { hasHttp, setHttpSlot } from './message-log';

export type Side = 0 | 1;

/** A run of new payload bytes in one direction, ended by new payload the other way. */
export interface Message {
  dir: Side;
  firstRow: number;
  lastRow: number;
  start: number;
  end: number;
  bytes: number;
  /** Relative sequence numbers of the first byte and one past the last. */
  seqStart: number;
  seqEnd: number;
  /** The peer's first packet whose ACK covers the whole message, -1 if none was seen. */
  ackRow: number;
  /** The HTTP message that starts in this run, if the flows layer parsed one. */
  http: HttpMessage | null;
}

/** Largest message taken for a close notification (a TLS alert record is 24–37 bytes on the wire). */
const CLOSE_NOTIFY_MAX_BYTES = 64;
/** How soon the sender's own FIN/RST must follow for that. */
const CLOSE_NOTIFY_LEAD_S = 0.5;

/** A segment sent more than once (same starting sequence number). */
export interface RetransChain {
  dir: Side;
  seq: number;
  syn: boolean;
  /** The original transmission first, then every retransmission. */
  rows: number[];
  /** First packet of the peer that acknowledged it (or a SYN-ACK for a SYN), -1 if never. */
  ackRow: number;
}

/** A receiver advertising a zero window (RFC 9293 §3.8.6.1) until it reopens it. */
export interface ZeroWindowPeriod {
  receiver: Side;
  startRow: number;
  /** The receiver's first packet with a non-zero window, -1 if it never reopened. */
  endRow: number;
  /** Sender packets while the window was closed (persist probes), and the receiver's zero-window replies. */
  probes: number[];
  replies: number[];
  lastDataBefore: number;
  firstDataAfter: number;
}

export interface FlowFacts {
  index: number;
  flow: Flow;
  /** Measured round-trip time, null when nothing allowed a measurement. */
  rtt: number | null;
  synRow: number;
  synAckRow: number;
  handshakeAckRow: number;
  /** SYN answered by RST without a SYN-ACK. */
  refused: boolean;
  refusalRow: number;
  fin: [number, number];
  /** The peer's first packet acknowledging each side's FIN. */
  finAck: [number, number];
  rst: [number, number];
  /** Every RST row of the flow, ascending, and the side that sent each. */
  rstRows: number[];
  rstSides: Side[];
  /** First close (FIN or RST, whichever came first) per side, -1 when none. */
  close: [number, number];
  messages: Message[];
  lastData: [number, number];
  retransmissions: [number, number];
  chains: RetransChain[];
  zeroWindows: ZeroWindowPeriod[];
  firstRow: number;
  lastRow: number;
  /** Relative sequence number each side's FIN occupies, -1 without FIN. */
  finSeq: [number, number];
  /** First sequence number seen each way (relative numbers count from it). */
  base: [number, number];
  /** Small non-HTTP messages sent right before their sender's own FIN/RST (TLS close_notify
   * alerts): kept out of `messages` so they are not taken for requests or responses. */
  closingMessages: Message[];
  /** The longest silence between two consecutive packets of the flow (the first on ties), looked
   * for only among silences of about SILENT_DROP_MIN_IDLE_S − 1 s or more (null when there is none):
   * it is exact whenever it lasts SILENT_DROP_MIN_IDLE_S or more, the only case a rule uses. */
  longestGap: { before: number; after: number; idle: number } | null;
  /** Direction of the last message, -1 without any: most flows are judged by their last message,
   * and this spares the rules a walk to it across the heap. */
  lastDir: Side | -1;
}

const columnsOf = (table: PacketTable, flows: FlowSet): ScanColumns => ({
  table,
  dirs: flows.columns.dir,
  analysis: flows.columns.analysis,
});

/** Computes the facts of flow `index`. Pure: no state survives the call. */
export function computeFlowFacts(table: PacketTable, flows: FlowSet, index: number): FlowFacts {
  const flow = flows.flows[index];
  if (!flow) throw new Error(`no flow ${index}`);
  const scan = new FactScanner(columnsOf(table, flows), [flow]);
  scan.scan(flow.rows, flows.columns.flow, new Int32Array(0), flow.rows.length);
  return finishFacts(table, scan.finishAll()[0] as FlowFacts);
}

/**
 * The facts of every TCP flow, in one pass over the table in row order (the columns are read
 * sequentially; a flow's rows are scattered among the others'). Indexed like flows.flows; UDP flows
 * are left undefined. The same per-packet code as computeFlowFacts, so the facts are the same.
 */
export function computeTcpFlowFacts(table: PacketTable, flows: FlowSet): (FlowFacts | undefined)[] {
  const all = flows.flows;
  const slotOf = new Int32Array(all.length).fill(-1);
  const tcp: Flow[] = [];
  for (const flow of all) {
    if (flow.transport !== 'tcp') continue;
    slotOf[flow.index] = tcp.length;
    tcp.push(flow);
  }
  const scan = new FactScanner(columnsOf(table, flows), tcp);
  const flowCol = flows.columns.flow;
  scan.scan(null, flowCol, slotOf, Math.min(table.length, flowCol.length));
  const done = scan.finishAll();
  const out: (FlowFacts | undefined)[] = new Array(all.length);
  for (let s = 0; s < done.length; s++) {
    const f = done[s] as FlowFacts;
    // flow.rows lists exactly the rows whose flow column is i; a set that disagrees (hand-made in
    // a test) is scanned flow by flow instead.
    const ok = scan.count(s) === f.flow.rows.length;
    out[f.index] = ok ? finishFacts(table, f) : computeFlowFacts(table, flows, f.index);
  }
  return out;
}

/** What needs the whole flow scanned: HTTP names, close notifications, the RTT. */
function finishFacts(table: PacketTable, facts: FlowFacts): FlowFacts {
  attachHttp(facts);
  splitClosingMessages(table, facts);
  facts.lastDir = facts.messages[facts.messages.length - 1]?.dir ?? -1;
  facts.rtt = measureRtt(table, facts);
  return facts;
}

/** Links each message to the HTTP message the flows layer parsed in it (by the row of its first line).
 * The flows layer's exchanges are read from its message store where it has one, and messages are
 * linked by position (message-log.ts): no HttpMessage object is made here. */
function attachHttp(f: FlowFacts): void {
  const msgs = f.messages;
  if (msgs.length === 0) return;
  const refs = httpRefsOf(f.flow);
  if (refs) {
    attachRefs(f.flow, msgs, refs);
    return;
  }
  if (f.flow.http.length === 0) return;
  const at = { k: -1, row: -1 };
  for (const ex of f.flow.http) {
    attachOne(msgs, ex.request, at);
    attachOne(msgs, ex.response, at);
  }
}

/** attachHttp over the message store: the same lookups as attachOne, in the same order. */
function attachRefs(flow: Flow, msgs: readonly Message[], refs: HttpExchangeRefs): void {
  const at = { k: -1, row: -1 };
  for (let e = 0; e < refs.length; e++) {
    attachRef(flow, msgs, refs, e, 0, at);
    attachRef(flow, msgs, refs, e, 1, at);
  }
}

function attachRef(
  flow: Flow,
  msgs: readonly Message[],
  refs: HttpExchangeRefs,
  e: number,
  which: 0 | 1,
  at: { k: number; row: number },
): void {
  const h = which === 0 ? refs.request(e) : refs.response(e);
  if (h < 0) return;
  const m = messageFor(msgs, refs.store.rowOf(h), at);
  // The store's kind decides the side, as HttpMessage.kind does.
  const dir = refs.store.isResponse(h) ? 1 : 0;
  if (m && !hasHttp(m) && m.dir === dir && !setHttpSlot(m, flow, e, which)) {
    m.http = which === 0 ? (flow.http[e]?.request ?? null) : (flow.http[e]?.response ?? null);
  }
}

/** `at` remembers the last lookup: HTTP messages mostly come in row order, so the message starting
 * at or before a row is usually found by stepping forward from there (messageAt otherwise). */
function attachOne(msgs: readonly Message[], h: HttpMessage | null, at: { k: number; row: number }): void {
  if (!h) return;
  const m = messageFor(msgs, h.row, at);
  if (m && !m.http && m.dir === (h.kind === 'request' ? 0 : 1)) m.http = h;
}

/** The last message starting at or before `row`, looked up from where `at` left off. */
function messageFor(
  msgs: readonly Message[],
  row: number,
  at: { k: number; row: number },
): Message | undefined {
  let k = at.k;
  if (row >= at.row) {
    while (k + 1 < msgs.length && (msgs[k + 1] as Message).firstRow <= row) k++;
  } else k = indexAt(msgs, row);
  at.k = k;
  at.row = row;
  return msgs[k];
}

/** The last message starting at or before `row`. */
export function messageAt(msgs: readonly Message[], row: number): Message | undefined {
  return msgs[indexAt(msgs, row)];
}

/** Index of the last message starting at or before `row`, -1 if none (messages are in row order). */
function indexAt(msgs: readonly Message[], row: number): number {
  let lo = 0;
  let hi = msgs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((msgs[mid] as Message).firstRow <= row) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Handshake RTT when the capture has it; else the quickest data → ACK turnaround. */
function measureRtt(table: PacketTable, f: FlowFacts): number | null {
  if (f.flow.rtt !== null && f.flow.rtt > 0) return f.flow.rtt;
  if (f.synRow >= 0 && f.handshakeAckRow >= 0) return table.time(f.handshakeAckRow) - table.time(f.synRow);
  let best = Number.POSITIVE_INFINITY;
  for (const m of f.messages) {
    if (m.ackRow >= 0) best = Math.min(best, table.time(m.ackRow) - m.end);
  }
  if (f.synRow >= 0 && f.synAckRow >= 0)
    best = Math.min(best, table.time(f.synAckRow) - table.time(f.synRow));
  return Number.isFinite(best) && best >= 0 ? best : null;
}

const rel = (v: number, base: number): number => (v - base) >>> 0;

/** The ACK number of `row`, sent by `side`, relative to the peer's first sequence number; -1 if the
 * packet carries no ACK or the peer never sent anything. */
export function relAck(table: PacketTable, f: FlowFacts, row: number, side: Side): number {
  const peerBase = f.base[1 - side] ?? -1;
  if (peerBase < 0 || !((table.tcpFlags[row] ?? 0) & TcpFlag.ACK)) return -1;
  return rel(table.ack[row] ?? 0, peerBase);
}

/** The first FIN or RST sent by `side` after `row`, -1 if none. */
export function firstCloseAfter(f: FlowFacts, side: Side, row: number): number {
  let best = f.fin[side] > row ? f.fin[side] : -1;
  for (let k = 0; k < f.rstRows.length; k++) {
    const r = f.rstRows[k] ?? -1;
    if (r > row && f.rstSides[k] === side) {
      if (best < 0 || r < best) best = r;
      break;
    }
  }
  return best;
}

/** Moves close notifications out of `messages` and recomputes `lastData` without them. */
function splitClosingMessages(table: PacketTable, f: FlowFacts): void {
  // A close notification comes right before its sender's own FIN or RST.
  if (f.fin[0] < 0 && f.fin[1] < 0 && f.rstRows.length === 0) return;
  const msgs = f.messages;
  const moved: Message[] = [];
  // firstRow of the next message each way after the one looked at: messages follow one another
  // without overlap, so it is the only later message of that side that could come before its close.
  const nextStart = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  for (let k = msgs.length - 1; k >= 0; k--) {
    const m = msgs[k] as Message;
    if (isClosing(table, f, m, nextStart[m.dir] as number)) moved.push(m);
    nextStart[m.dir] = m.firstRow;
  }
  if (moved.length === 0) return;
  moved.reverse();
  f.closingMessages = moved;
  f.messages = msgs.filter((m) => !moved.includes(m));
  f.lastData = [-1, -1];
  for (const m of f.messages) f.lastData[m.dir] = Math.max(f.lastData[m.dir], m.lastRow);
}

/** A small non-HTTP message right before its sender's own FIN/RST, with nothing else between
 * (`nextSameSide`: where the sender's next message starts). */
function isClosing(table: PacketTable, f: FlowFacts, m: Message, nextSameSide: number): boolean {
  if (m.bytes > CLOSE_NOTIFY_MAX_BYTES || hasHttp(m)) return false;
  const own = firstCloseAfter(f, m.dir, m.lastRow - 1);
  if (own < m.lastRow || nextSameSide < own) return false;
  return !(table.time(own) - m.end > CLOSE_NOTIFY_LEAD_S);
}
