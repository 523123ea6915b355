// One pass over a TCP flow's packets that extracts what the rules reason about: the handshake, the
// application messages each way (runs of new payload), FINs and RSTs and who ACKed them,
// retransmission chains and zero-window periods. Objects are made per message and per event, never
// per packet. Sequence numbers are made relative to the first one seen each way, so the facts do
// not depend on how the flows layer chose its base (RFC 9293 §3.4: seq space, FIN takes one number).
import { type PacketTable, TcpFlag } from '../capture/packet-table';
import { Analysis, type Flow, type FlowSet, type HttpMessage } from '../flows/model';

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

/** Packets searched backwards for the original of a retransmission. */
const ORIGINAL_SEARCH = 4096;
/** A silence this long inside one direction's data starts a new message. */
const MESSAGE_GAP_S = 1;
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
}

interface ScanState {
  dirs: Uint8Array;
  base: [number, number];
  nextSeq: [number, number];
  pendingAck: Message[][];
  openZw: (ZeroWindowPeriod | null)[];
  awaitingDataAfter: ZeroWindowPeriod[];
  /** Chains by direction and sequence number (dir × 2^33 + syn × 2^32 + seq), and those not yet ACKed. */
  chainIndex: Map<number, RetransChain>;
  openChains: RetransChain[];
}

const rel = (v: number, base: number): number => (v - base) >>> 0;

/** First sequence number seen each way (the ISN when the SYN is in the capture). */
function findBases(table: PacketTable, rows: Uint32Array, dirs: Uint8Array): [number, number] {
  const base: [number, number] = [-1, -1];
  for (const row of rows) {
    const d = (dirs[row] ?? 0) as Side;
    if (base[d] < 0) base[d] = table.seq[row] ?? 0;
    if (base[0] >= 0 && base[1] >= 0) break;
  }
  return base;
}

function emptyFacts(index: number, flow: Flow): FlowFacts {
  return {
    index,
    flow,
    rtt: null,
    synRow: -1,
    synAckRow: -1,
    handshakeAckRow: -1,
    refused: flow.open === 'refused',
    refusalRow: -1,
    fin: [-1, -1],
    finAck: [-1, -1],
    rst: [-1, -1],
    rstRows: [],
    rstSides: [],
    close: [-1, -1],
    messages: [],
    lastData: [-1, -1],
    retransmissions: [0, 0],
    chains: [],
    zeroWindows: [],
    firstRow: flow.firstRow,
    lastRow: flow.lastRow,
    finSeq: [-1, -1],
    base: [-1, -1],
    closingMessages: [],
  };
}

/** Computes the facts of flow `index`. Pure: no state survives the call. */
export function computeFlowFacts(table: PacketTable, flows: FlowSet, index: number): FlowFacts {
  const flow = flows.flows[index];
  if (!flow) throw new Error(`no flow ${index}`);
  const facts = emptyFacts(index, flow);
  const dirs = flows.columns.dir;
  const base = findBases(table, flow.rows, dirs);
  facts.base = base;
  const st: ScanState = {
    dirs,
    base,
    nextSeq: [-1, -1],
    pendingAck: [[], []],
    openZw: [null, null],
    awaitingDataAfter: [],
    chainIndex: new Map(),
    openChains: [],
  };
  for (let k = 0; k < flow.rows.length; k++) {
    const row = flow.rows[k] ?? 0;
    scanPacket(table, flows, facts, st, row, k);
  }
  attachHttp(facts);
  splitClosingMessages(table, facts);
  facts.rtt = measureRtt(table, facts);
  return facts;
}

function scanPacket(
  table: PacketTable,
  flows: FlowSet,
  f: FlowFacts,
  st: ScanState,
  row: number,
  k: number,
): void {
  const d = (flows.columns.dir[row] ?? 0) as Side;
  const p = (1 - d) as Side;
  const flags = table.tcpFlags[row] ?? 0;
  const len = table.payloadLength[row] ?? 0;
  const seq = rel(table.seq[row] ?? 0, st.base[d]);
  if (flags & TcpFlag.SYN) onSyn(table, f, st, row, d, flags, seq, k);
  else if (st.nextSeq[d] < 0) st.nextSeq[d] = seq;
  if (flags & TcpFlag.ACK && st.base[p] >= 0)
    onAck(f, st, row, p, rel(table.ack[row] ?? 0, st.base[p]), flags);
  if (len > 0) onPayload(table, flows, f, st, row, d, seq, len, k);
  if (flags & TcpFlag.FIN && f.fin[d] < 0) {
    f.fin[d] = row;
    f.finSeq[d] = (seq + len) >>> 0;
    if (f.close[d] < 0) f.close[d] = row;
  }
  if (flags & TcpFlag.RST) onRst(f, row, d);
  if (!(flags & (TcpFlag.RST | TcpFlag.SYN))) trackWindow(table, f, st, row, d, len);
}

function onSyn(
  t: PacketTable,
  f: FlowFacts,
  st: ScanState,
  row: number,
  d: Side,
  flags: number,
  seq: number,
  k: number,
): void {
  const isAck = (flags & TcpFlag.ACK) !== 0;
  if (!isAck && d === 0 && f.synRow < 0) f.synRow = row;
  if (isAck && d === 1 && f.synAckRow < 0) f.synAckRow = row;
  if (st.nextSeq[d] < 0 || seq + 1 > st.nextSeq[d]) {
    st.nextSeq[d] = seq + 1;
    return;
  }
  // A second SYN with the same ISN: the first was not answered in time (connect retry).
  recordRetransmission(t, f, st, row, d, seq, true, k);
}

function onAck(f: FlowFacts, st: ScanState, row: number, acked: Side, ack: number, flags: number): void {
  const d = (1 - acked) as Side;
  if (f.synAckRow >= 0 && f.handshakeAckRow < 0 && d === 0 && !(flags & TcpFlag.SYN)) f.handshakeAckRow = row;
  const pending = st.pendingAck[acked] ?? [];
  while (pending.length > 0 && (pending[0]?.seqEnd ?? Infinity) <= ack) {
    const m = pending.shift();
    if (m) m.ackRow = row;
  }
  if (f.fin[acked] >= 0 && f.finAck[acked] < 0 && ack >= f.finSeq[acked] + 1) f.finAck[acked] = row;
  // A SYN-ACK acknowledges ISN + 1, so `ack > seq` covers SYN chains as well as data.
  if (st.openChains.length === 0) return;
  for (const c of st.openChains) if (c.dir === acked && ack > c.seq) c.ackRow = row;
  st.openChains = st.openChains.filter((c) => c.ackRow < 0);
}

function onPayload(
  table: PacketTable,
  flows: FlowSet,
  f: FlowFacts,
  st: ScanState,
  row: number,
  d: Side,
  seq: number,
  len: number,
  k: number,
): void {
  const end = (seq + len) >>> 0;
  const bits = flows.columns.analysis[row] ?? 0;
  const flaggedRetrans =
    (bits & (Analysis.Retransmission | Analysis.FastRetransmission | Analysis.SpuriousRetransmission)) !== 0;
  if (bits & (Analysis.KeepAlive | Analysis.ZeroWindowProbe)) return;
  const next = st.nextSeq[d];
  // Keep-alive and window probes carry at most one old byte at next - 1 (packet-tcp.c keep-alive test).
  if (len <= 1 && seq + 1 === next) return;
  if (end <= next || (flaggedRetrans && seq < next)) {
    f.retransmissions[d]++;
    recordRetransmission(table, f, st, row, d, seq, false, k);
    return;
  }
  st.nextSeq[d] = end;
  f.lastData[d] = row;
  for (const zw of st.awaitingDataAfter)
    if (zw.receiver !== d && zw.firstDataAfter < 0) zw.firstDataAfter = row;
  const last = f.messages[f.messages.length - 1];
  const t = table.time(row);
  // Data written after the peer's FIN starts a new message: the peer had closed in between.
  // So does data after a silence: a close notification long after the last request is no part of it.
  const peerFin = f.fin[1 - d] ?? -1;
  if (last && last.dir === d && !(peerFin > last.lastRow) && t - last.end < MESSAGE_GAP_S) {
    last.lastRow = row;
    last.end = t;
    last.bytes += len;
    last.seqEnd = end;
    return;
  }
  const m: Message = {
    dir: d,
    firstRow: row,
    lastRow: row,
    start: t,
    end: t,
    bytes: len,
    seqStart: seq,
    seqEnd: end,
    ackRow: -1,
    http: null,
  };
  f.messages.push(m);
  st.pendingAck[d]?.push(m);
}

function recordRetransmission(
  table: PacketTable,
  f: FlowFacts,
  st: ScanState,
  row: number,
  d: Side,
  seq: number,
  syn: boolean,
  k: number,
): void {
  const key = d * 2 ** 33 + (syn ? 2 ** 32 : 0) + seq;
  let chain = st.chainIndex.get(key);
  if (!chain) {
    chain = { dir: d, seq, syn, rows: [], ackRow: -1 };
    const orig = findOriginal(table, f, st.dirs, syn, k);
    if (orig >= 0) chain.rows.push(orig);
    f.chains.push(chain);
    st.chainIndex.set(key, chain);
    st.openChains.push(chain);
  }
  chain.rows.push(row);
}

/** The earlier transmission of the segment at `rows[k]` (searched backwards: retransmissions are rare). */
function findOriginal(table: PacketTable, f: FlowFacts, dirs: Uint8Array, syn: boolean, k: number): number {
  const rows = f.flow.rows;
  const at = rows[k] ?? 0;
  // Bounded: the original of a retransmission is never far back in a flow's packets.
  for (let j = k - 1; j >= 0 && j >= k - ORIGINAL_SEARCH; j--) {
    const r = rows[j] ?? 0;
    if (table.seq[r] !== table.seq[at] || dirs[r] !== dirs[at]) continue;
    const flags = table.tcpFlags[r] ?? 0;
    if (syn ? flags & TcpFlag.SYN : (table.payloadLength[r] ?? 0) > 0) return r;
  }
  return -1;
}

function onRst(f: FlowFacts, row: number, d: Side): void {
  f.rstRows.push(row);
  f.rstSides.push(d);
  if (f.rst[d] < 0) f.rst[d] = row;
  if (f.close[d] < 0) f.close[d] = row;
  if (d === 1 && f.synRow >= 0 && f.synAckRow < 0 && !f.refused && f.messages.length === 0) f.refused = true;
  if (f.refused && f.refusalRow < 0 && d === 1) f.refusalRow = row;
}

function trackWindow(
  table: PacketTable,
  f: FlowFacts,
  st: ScanState,
  row: number,
  d: Side,
  len: number,
): void {
  const win = table.win[row] ?? 0;
  const open = st.openZw[d];
  if (open) {
    if (win > 0) {
      open.endRow = row;
      st.openZw[d] = null;
      st.awaitingDataAfter.push(open);
    } else open.replies.push(row);
  } else if (win === 0 && f.close[d] < 0) {
    const zw: ZeroWindowPeriod = {
      receiver: d,
      startRow: row,
      endRow: -1,
      probes: [],
      replies: [],
      lastDataBefore: f.lastData[1 - d] ?? -1,
      firstDataAfter: -1,
    };
    f.zeroWindows.push(zw);
    st.openZw[d] = zw;
  }
  const other = st.openZw[1 - d];
  if (other && len <= 1 && !((table.tcpFlags[row] ?? 0) & TcpFlag.FIN)) other.probes.push(row);
}

/** Links each message to the HTTP message the flows layer parsed in it (by the row of its first line). */
function attachHttp(f: FlowFacts): void {
  const msgs = f.messages;
  if (msgs.length === 0) return;
  for (const ex of f.flow.http) {
    for (const h of [ex.request, ex.response]) {
      if (!h) continue;
      const m = messageAt(msgs, h.row);
      if (m && !m.http && m.dir === (h.kind === 'request' ? 0 : 1)) m.http = h;
    }
  }
}

/** The last message starting at or before `row`. */
export function messageAt(msgs: readonly Message[], row: number): Message | undefined {
  let lo = 0;
  let hi = msgs.length - 1;
  let found: Message | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = msgs[mid];
    if (m && m.firstRow <= row) {
      found = m;
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
  const isClosing = (m: Message): boolean => {
    if (m.http || m.bytes > CLOSE_NOTIFY_MAX_BYTES) return false;
    const own = firstCloseAfter(f, m.dir, m.lastRow - 1);
    if (own < m.lastRow || table.time(own) - m.end > CLOSE_NOTIFY_LEAD_S) return false;
    return !f.messages.some((o) => o.dir === m.dir && o.firstRow > m.lastRow && o.firstRow < own);
  };
  const closing = f.messages.filter(isClosing);
  if (closing.length === 0) return;
  f.closingMessages = closing;
  f.messages = f.messages.filter((m) => !closing.includes(m));
  f.lastData = [-1, -1];
  for (const m of f.messages) f.lastData[m.dir] = Math.max(f.lastData[m.dir], m.lastRow);
}
