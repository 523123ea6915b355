// The per-packet half of the flow facts: what one TCP packet changes in its flow's facts. The same
// code runs over one flow's rows (computeFlowFacts) and over the whole table in row order for every
// flow at once (computeTcpFlowFacts). In row order the packet columns are read sequentially, and
// what a packet reads or writes of its flow's state — the message still growing included — sits in
// two typed-array slots instead of a dozen small objects: with thousands of interleaved connections
// a flow's state is cold at each of its packets, and each object reached is a cache miss. Messages
// are logged in typed columns as they end; FlowFacts objects, messages included, are made once the
// scan is over. Objects are made per message, per retransmission chain, per zero-window period and
// per RST, never per packet.
import { type PacketTable, TcpFlag } from '../capture/packet-table';
import { Analysis, type Flow } from '../flows/model';
import type { FlowFacts, Message, RetransChain, Side, ZeroWindowPeriod } from './flow-facts';
import { MessageLog, makeMessage } from './message-log';
import { SILENT_DROP_MIN_IDLE_S } from './thresholds';

/** Packets searched backwards for the original of a retransmission. */
const ORIGINAL_SEARCH = 4096;
/** A silence this long inside one direction's data starts a new message. */
const MESSAGE_GAP_S = 1;
const RETRANS_BITS = Analysis.Retransmission | Analysis.FastRetransmission | Analysis.SpuriousRetransmission;
const PROBE_BITS = Analysis.KeepAlive | Analysis.ZeroWindowProbe;
const CONTROL = TcpFlag.SYN | TcpFlag.FIN | TcpFlag.RST;
/** Silences are measured only when they span at least this many whole seconds of the tsSec column:
 * a shorter one lasts under SILENT_DROP_MIN_IDLE_S, and only longer ones are of use (silent-idle-drop),
 * so the time of every packet need not be computed. */
const GAP_MIN_WHOLE_S = Math.floor(SILENT_DROP_MIN_IDLE_S) - 1;

// Float64 slot: times and sequence numbers (uint32; -1 when unknown). What most packets touch first
// comes first: an ACK reads only words 0-5, a data segment words 0-9. The stride is a power of two
// (128 bytes, two cache lines): with thousands of interleaved flows each packet's slot is cold, and a
// slot that straddled lines at random offsets cost one more cache miss per packet.
const F_STRIDE = 16;
/** First sequence number seen each way (+0 client, +1 server). */
const F_BASE = 0;
const F_NEXT = 2;
/** seqEnd of the oldest message each way whose ACK has not been seen, +∞ when none. */
const F_PEND_END = 4;
/** The open (last) message: end (time of its last packet), bytes, seqStart, seqEnd. */
const F_M_END = 6;
const F_M_BYTES = 7;
const F_M_SEQ_START = 8;
const F_M_SEQ_END = 9;
/** Relative sequence number each side's FIN occupies. */
const F_FIN_SEQ = 10;
const F_GAP_S = 12;

// Int32 slot: counts, rows (-1 when none) and flag bits. Words 0-12 are all that most packets read
// or write (one cache line); the stride is a power of two for the same reason as F_STRIDE's.
const I_STRIDE = 32;
const I_K = 0;
const I_PREV_ROW = 1;
/** tsSec of the flow's previous packet. */
const I_PREV_SEC = 2;
const I_SLOW = 3;
const I_GAP_AFTER = 28;
/** The open message: dir (-1 while the flow has none), lastRow, ackRow. */
const I_M_DIR = 4;
const I_M_LAST = 5;
const I_M_ACK = 6;
/** Ended messages each way whose ACK has not been seen (they wait in Rare.unacked). */
const I_UNACKED = 7;
const I_FIN = 9;
const I_LAST_DATA = 11;
const I_CLOSE = 13;
const I_GAP_BEFORE = 15;
const I_M_FIRST = 16;
const I_SYN = 17;
const I_SYN_ACK = 18;
const I_HS_ACK = 19;
const I_FIN_ACK = 20;
const I_RST = 22;
const I_RETRANS = 24;
const I_REFUSED = 26;
const I_REFUSAL_ROW = 27;

// I_SLOW bits: work that only some packets of some flows need.
const OPEN_CHAINS = 1;
const OPEN_ZW_0 = 2;
const OPEN_ZW_1 = 4;
const OPEN_ZW = OPEN_ZW_0 | OPEN_ZW_1;
const AWAITING_DATA = 8;
/** A SYN-ACK was seen and the client's ACK of it not yet. */
const HS_WATCH = 16;
/** Side 0's (× 2: side 1's) FIN was seen and not yet acknowledged. */
const FIN_WATCH = 32;
/** What an ACK must look at beyond the oldest unacknowledged message. */
const ACK_WATCH = OPEN_CHAINS | HS_WATCH | FIN_WATCH | (FIN_WATCH * 2);

/** What only some flows have: RSTs, retransmission chains, zero windows, messages waiting for an ACK. */
interface Rare {
  rstRows: number[];
  rstSides: Side[];
  chains: RetransChain[];
  /** Chains by direction and sequence number (dir × 2^33 + syn × 2^32 + seq), and those not yet ACKed. */
  chainIndex: Map<number, RetransChain>;
  openChains: RetransChain[];
  zeroWindows: ZeroWindowPeriod[];
  openZw: [ZeroWindowPeriod | null, ZeroWindowPeriod | null];
  /** Closed zero-window periods still waiting for the sender's next new data. */
  awaitingDataAfter: ZeroWindowPeriod[];
  /** Ended messages each way (log indexes) not acknowledged yet, oldest first from unackedHead. */
  unacked: [number[], number[]];
  unackedHead: [number, number];
}

export interface ScanColumns {
  table: PacketTable;
  dirs: Uint8Array;
  analysis: Uint16Array;
}

/** Scans the packets of `flows.length` TCP flows at once; slot s holds the state of `flows[s]`. */
export class FactScanner {
  readonly f64: Float64Array;
  readonly i32: Int32Array;
  readonly rare: (Rare | undefined)[];
  /** Ended messages of every flow, in the order they ended. */
  readonly log = new MessageLog();

  constructor(
    readonly c: ScanColumns,
    readonly flows: readonly Flow[],
  ) {
    const n = flows.length;
    this.f64 = new Float64Array(n * F_STRIDE).fill(-1);
    this.i32 = new Int32Array(n * I_STRIDE).fill(-1);
    this.rare = new Array(n);
    const F = this.f64;
    const I = this.i32;
    for (let s = 0; s < n; s++) {
      F[s * F_STRIDE + F_PEND_END] = Number.POSITIVE_INFINITY;
      F[s * F_STRIDE + F_PEND_END + 1] = Number.POSITIVE_INFINITY;
      const io = s * I_STRIDE;
      I[io + I_K] = 0;
      I[io + I_SLOW] = 0;
      I[io + I_UNACKED] = 0;
      I[io + I_UNACKED + 1] = 0;
      I[io + I_RETRANS] = 0;
      I[io + I_RETRANS + 1] = 0;
      I[io + I_REFUSED] = flows[s]?.open === 'refused' ? 1 : 0;
    }
  }

  /** Packets scanned so far for slot `s`. */
  count(s: number): number {
    return this.i32[s * I_STRIDE + I_K] ?? 0;
  }

  /**
   * Scans packets: with `rows`, rows[0..n) all of slot 0 (one flow); without, table rows 0..n, each
   * in the slot of its flow (slotOf[flowCol[row]], -1: not scanned). One loop with the common case
   * written out, so that it is compiled early (on-stack replacement) even in a short capture. The
   * rarer packets (SYN, FIN, RST, a retransmission, a zero window, after a long silence) share one
   * call, also made now and then for nothing: the compiled loop is thrown back to the interpreter
   * by the first use of an operation that had not run before it was compiled, and a call made this
   * seldom is not inlined into it.
   */
  scan(rows: Uint32Array | null, flowCol: Int32Array, slotOf: Int32Array, n: number): void {
    const F = this.f64;
    const I = this.i32;
    const table = this.c.table;
    const dirs = this.c.dirs;
    const analysisCol = this.c.analysis;
    const secCol = table.tsSec;
    const flagCol = table.tcpFlags;
    const lenCol = table.payloadLength;
    const seqCol = table.seq;
    const ackCol = table.ack;
    const winCol = table.win;
    for (let k = 0; k < n; k++) {
      let row = k;
      let s = 0;
      if (rows) row = rows[k]!;
      else {
        const fi = flowCol[k]!;
        if (fi < 0) continue;
        s = slotOf[fi]!;
        if (s < 0) continue;
      }
      const fo = s * F_STRIDE;
      const io = s * I_STRIDE;
      const d = dirs[row]! as Side;
      const fd = fo + d;
      const count = I[io + I_K]!;
      const sec = secCol[row]!;
      const prevRow = I[io + I_PREV_ROW]!;
      // Flags, not bits: an operation first run after the loop was compiled sends it back to the
      // interpreter, and assigning `true` is no operation.
      const silence = count > 0 && sec - I[io + I_PREV_SEC]! >= GAP_MIN_WHOLE_S;
      let retrans = false;
      let window = false;
      I[io + I_PREV_ROW] = row;
      I[io + I_PREV_SEC] = sec;
      I[io + I_K] = count + 1;
      const flags = flagCol[row]!;
      const len = lenCol[row]!;
      const rawSeq = seqCol[row]!;
      // The first sequence number each way is the base of relative numbers (the ISN with a SYN). A
      // peer base not seen yet means the peer sent nothing yet: an ACK has nothing to acknowledge.
      if (F[fd + F_BASE]! < 0) F[fd + F_BASE] = rawSeq;
      const seq = (rawSeq - F[fd + F_BASE]!) >>> 0;
      const isControl = (flags & CONTROL) !== 0;
      if (!isControl) {
        // Most packets: an ACK, with or without data.
        if (F[fd + F_NEXT]! < 0) F[fd + F_NEXT] = seq;
        if (flags & TcpFlag.ACK) {
          const acked = (1 - d) as Side;
          const peerBase = F[fo + acked + F_BASE]!;
          if (peerBase >= 0) {
            const ack = (ackCol[row]! - peerBase) >>> 0;
            if (F[fo + acked + F_PEND_END]! <= ack) ackMessages(this, s, row, acked, ack);
            if (I[io + I_SLOW]! & ACK_WATCH) watchAck(this, s, row, acked, ack, flags);
          }
        }
        if (len > 0 && !(analysisCol[row]! & PROBE_BITS)) {
          const next = F[fd + F_NEXT]!;
          const end = (seq + len) >>> 0;
          const oneOld = seq + 1 === next;
          // Keep-alive and window probes carry at most one old byte at next - 1 (packet-tcp.c).
          if (!(len <= 1 && oneOld)) {
            if (end <= next || ((analysisCol[row]! & RETRANS_BITS) !== 0 && seq < next)) retrans = true;
            else if (!extendMessage(this, s, row, d, len, end)) newData(this, s, row, d, seq, len, end);
          }
        }
        if (winCol[row] === 0 || I[io + I_SLOW]! & OPEN_ZW) window = true;
      }
      // Called now and then with nothing to do, so the call has type feedback before the loop is
      // compiled (feedback is only collected once V8 has allocated it, after the first iterations).
      if (isControl || silence || retrans || window || (k & 1023) === 0) {
        rareEvents(this, isControl, silence, retrans, window, s, row, d, seq, len, flags, prevRow);
      }
    }
  }

  /** Ends the scan: the facts of every slot, messages in order (HTTP, close notifications and the
   * RTT are left to the caller). */
  finishAll(): FlowFacts[] {
    const lists = this.log.bySlot(this.c.table, this.flows.length);
    const out: FlowFacts[] = [];
    for (let s = 0; s < this.flows.length; s++) {
      const msgs = lists[s] as Message[];
      if ((this.i32[s * I_STRIDE + I_M_DIR] ?? -1) >= 0) msgs.push(openMessage(this, s));
      out.push(factsOf(this, s, msgs));
    }
    return out;
  }
}

/** The flow was silent for GAP_MIN_WHOLE_S or more before `row`: the longest such silence (the
 * first one on ties) is kept, measured with table.time like every other time of the analysis. */
/** What the scan loop leaves to one call (see scan()). */
function rareEvents(
  sc: FactScanner,
  isControl: boolean,
  silence: boolean,
  retrans: boolean,
  window: boolean,
  s: number,
  row: number,
  d: Side,
  seq: number,
  len: number,
  flags: number,
  prevRow: number,
): void {
  if (isControl) control(sc, s, row, d, flags, seq, len);
  if (silence) longSilence(sc, s, row, prevRow);
  if (retrans) retransmitted(sc, s, row, d, seq);
  if (window) trackWindow(sc, s, row, d, len, flags);
}

function longSilence(sc: FactScanner, s: number, row: number, prev: number): void {
  const I = sc.i32;
  const io = s * I_STRIDE;
  const table = sc.c.table;
  const idle = table.time(row) - table.time(prev);
  if (I[io + I_GAP_AFTER]! < 0 || idle > sc.f64[s * F_STRIDE + F_GAP_S]!) {
    I[io + I_GAP_BEFORE] = prev;
    I[io + I_GAP_AFTER] = row;
    sc.f64[s * F_STRIDE + F_GAP_S] = idle;
  }
}

/** A packet with SYN, FIN or RST, in the order: handshake, ACK, data, FIN, RST, window. */
function control(
  sc: FactScanner,
  s: number,
  row: number,
  d: Side,
  flags: number,
  seq: number,
  len: number,
): void {
  const I = sc.i32;
  const io = s * I_STRIDE;
  const next = s * F_STRIDE + F_NEXT + d;
  if (flags & TcpFlag.SYN) onSyn(sc, s, row, d, flags, seq);
  else if ((sc.f64[next] ?? 0) < 0) sc.f64[next] = seq;
  if (flags & TcpFlag.ACK) onAck(sc, s, row, d, flags);
  if (len > 0) onPayload(sc, s, row, d, seq, len);
  if (flags & TcpFlag.FIN && (I[io + I_FIN + d] ?? 0) < 0) {
    I[io + I_FIN + d] = row;
    sc.f64[s * F_STRIDE + F_FIN_SEQ + d] = (seq + len) >>> 0;
    I[io + I_SLOW] = (I[io + I_SLOW] ?? 0) | (FIN_WATCH << d);
    if ((I[io + I_CLOSE + d] ?? 0) < 0) I[io + I_CLOSE + d] = row;
  }
  if (flags & TcpFlag.RST) onRst(sc, s, row, d);
  if (!(flags & (TcpFlag.RST | TcpFlag.SYN))) trackWindow(sc, s, row, d, len, flags);
}

function onSyn(sc: FactScanner, s: number, row: number, d: Side, flags: number, seq: number): void {
  const I = sc.i32;
  const io = s * I_STRIDE;
  const isAck = (flags & TcpFlag.ACK) !== 0;
  if (!isAck && d === 0 && (I[io + I_SYN] ?? 0) < 0) I[io + I_SYN] = row;
  if (isAck && d === 1 && (I[io + I_SYN_ACK] ?? 0) < 0) {
    I[io + I_SYN_ACK] = row;
    I[io + I_SLOW] = (I[io + I_SLOW] ?? 0) | HS_WATCH;
  }
  const at = s * F_STRIDE + F_NEXT + d;
  const next = sc.f64[at] ?? 0;
  if (next < 0 || seq + 1 > next) {
    sc.f64[at] = seq + 1;
    return;
  }
  // A second SYN with the same ISN: the first was not answered in time (connect retry).
  recordRetransmission(sc, s, row, d, seq, true);
}

/** An ACK sent by `d`, made relative to the peer's first sequence number. */
function onAck(sc: FactScanner, s: number, row: number, d: Side, flags: number): void {
  const F = sc.f64;
  const fo = s * F_STRIDE;
  const acked = (1 - d) as Side;
  const peerBase = F[fo + F_BASE + acked] ?? -1;
  if (peerBase < 0) return;
  const ack = ((sc.c.table.ack[row] ?? 0) - peerBase) >>> 0;
  if ((F[fo + F_PEND_END + acked] ?? 0) <= ack) ackMessages(sc, s, row, acked, ack);
  if ((sc.i32[s * I_STRIDE + I_SLOW] ?? 0) & ACK_WATCH) watchAck(sc, s, row, acked, ack, flags);
}

/** The handshake's last ACK, the ACK of a FIN, the ACK ending a retransmission chain. */
function watchAck(sc: FactScanner, s: number, row: number, acked: Side, ack: number, flags: number): void {
  const I = sc.i32;
  const io = s * I_STRIDE;
  const slow = I[io + I_SLOW] ?? 0;
  if (slow & HS_WATCH && acked === 1 && !(flags & TcpFlag.SYN)) {
    I[io + I_HS_ACK] = row;
    I[io + I_SLOW] = (I[io + I_SLOW] ?? 0) & ~HS_WATCH;
  }
  const finWatch = FIN_WATCH << acked;
  if (slow & finWatch && ack >= (sc.f64[s * F_STRIDE + F_FIN_SEQ + acked] ?? 0) + 1) {
    I[io + I_FIN_ACK + acked] = row;
    I[io + I_SLOW] = (I[io + I_SLOW] ?? 0) & ~finWatch;
  }
  // A SYN-ACK acknowledges ISN + 1, so `ack > seq` covers SYN chains as well as data.
  if (slow & OPEN_CHAINS) ackChains(sc, s, row, acked, ack);
}

/** Marks the messages `acked` sent that this ACK covers, oldest first, up to the first it does not. */
function ackMessages(sc: FactScanner, s: number, row: number, acked: Side, ack: number): void {
  const F = sc.f64;
  const I = sc.i32;
  const fo = s * F_STRIDE;
  const io = s * I_STRIDE;
  if ((I[io + I_UNACKED + acked] ?? 0) > 0) {
    const r = sc.rare[s] as Rare;
    const list = r.unacked[acked];
    const log = sc.log;
    let head = r.unackedHead[acked];
    while (head < list.length && log.seqEndOf(list[head] ?? 0) <= ack) log.setAckRow(list[head++] ?? 0, row);
    const waiting = list.length - head;
    I[io + I_UNACKED + acked] = waiting;
    if (waiting > 0) {
      r.unackedHead[acked] = head;
      F[fo + F_PEND_END + acked] = log.seqEndOf(list[head] ?? 0);
      return;
    }
    list.length = 0;
    r.unackedHead[acked] = 0;
  }
  // The open message comes after every ended one.
  const openPending = I[io + I_M_DIR] === acked && (I[io + I_M_ACK] ?? 0) < 0;
  if (openPending && (F[fo + F_M_SEQ_END] ?? 0) <= ack) I[io + I_M_ACK] = row;
  const stillPending = openPending && (I[io + I_M_ACK] ?? 0) < 0;
  F[fo + F_PEND_END + acked] = stillPending ? (F[fo + F_M_SEQ_END] ?? 0) : Number.POSITIVE_INFINITY;
}

function ackChains(sc: FactScanner, s: number, row: number, acked: Side, ack: number): void {
  const open = (sc.rare[s] as Rare).openChains;
  let kept = 0;
  for (let j = 0; j < open.length; j++) {
    const ch = open[j] as RetransChain;
    if (ch.dir === acked && ack > ch.seq) ch.ackRow = row;
    if (ch.ackRow < 0) open[kept++] = ch;
  }
  open.length = kept;
  if (kept === 0) sc.i32[s * I_STRIDE + I_SLOW] = (sc.i32[s * I_STRIDE + I_SLOW] ?? 0) & ~OPEN_CHAINS;
}

/** Payload of a control packet (the scan loop does the same for the others). */
function onPayload(sc: FactScanner, s: number, row: number, d: Side, seq: number, len: number): void {
  const bits = sc.c.analysis[row] ?? 0;
  if (bits & PROBE_BITS) return;
  const next = sc.f64[s * F_STRIDE + d + F_NEXT] ?? 0;
  const end = (seq + len) >>> 0;
  // Keep-alive and window probes carry at most one old byte at next - 1 (packet-tcp.c keep-alive test).
  if (len <= 1 && seq + 1 === next) return;
  if (end <= next || ((bits & RETRANS_BITS) !== 0 && seq < next)) retransmitted(sc, s, row, d, seq);
  else if (!extendMessage(sc, s, row, d, len, end)) newData(sc, s, row, d, seq, len, end);
}

function retransmitted(sc: FactScanner, s: number, row: number, d: Side, seq: number): void {
  const at = s * I_STRIDE + I_RETRANS + d;
  sc.i32[at] = (sc.i32[at] ?? 0) + 1;
  recordRetransmission(sc, s, row, d, seq, false);
}

/**
 * New data that continues the open message (same direction, no FIN of the peer since, no silence
 * of MESSAGE_GAP_S): the message grows. Returns false, changing nothing, when it does not. Data
 * written after the peer's FIN starts a new message: the peer had closed in between. So does data
 * after a silence: a close notification long after the last request is no part of it.
 */
function extendMessage(sc: FactScanner, s: number, row: number, d: Side, len: number, end: number): boolean {
  const F = sc.f64;
  const I = sc.i32;
  const fo = s * F_STRIDE;
  const io = s * I_STRIDE;
  if (I[io + I_M_DIR] !== d || I[io + I_FIN + 1 - d]! > I[io + I_M_LAST]!) return false;
  const t = sc.c.table.time(row);
  if (!(t - F[fo + F_M_END]! < MESSAGE_GAP_S)) return false;
  F[fo + d + F_NEXT] = end;
  I[io + d + I_LAST_DATA] = row;
  if (I[io + I_SLOW]! & AWAITING_DATA) noteDataAfterZeroWindow(sc, s, row, d);
  I[io + I_M_LAST] = row;
  F[fo + F_M_END] = t;
  F[fo + F_M_BYTES] = F[fo + F_M_BYTES]! + len;
  F[fo + F_M_SEQ_END] = end;
  // Still the oldest unacknowledged message this way: the ACK it waits for moved.
  if (I[io + d + I_UNACKED] === 0 && I[io + I_M_ACK]! < 0) F[fo + d + F_PEND_END] = end;
  return true;
}

/** New data that starts a message (the open one, if any, ends). */
function newData(
  sc: FactScanner,
  s: number,
  row: number,
  d: Side,
  seq: number,
  len: number,
  end: number,
): void {
  const F = sc.f64;
  const I = sc.i32;
  const fo = s * F_STRIDE;
  const io = s * I_STRIDE;
  F[fo + d + F_NEXT] = end;
  I[io + d + I_LAST_DATA] = row;
  if (I[io + I_SLOW]! & AWAITING_DATA) noteDataAfterZeroWindow(sc, s, row, d);
  if (I[io + I_M_DIR]! >= 0) endMessage(sc, s);
  I[io + I_M_DIR] = d;
  I[io + I_M_FIRST] = row;
  I[io + I_M_LAST] = row;
  I[io + I_M_ACK] = -1;
  F[fo + F_M_END] = sc.c.table.time(row);
  F[fo + F_M_BYTES] = len;
  F[fo + F_M_SEQ_START] = seq;
  F[fo + F_M_SEQ_END] = end;
  if (F[fo + d + F_PEND_END] === Number.POSITIVE_INFINITY) F[fo + d + F_PEND_END] = end;
}

/** The open message ends (new data starts another): it goes to the log, and waits for its ACK. */
function endMessage(sc: FactScanner, s: number): void {
  const F = sc.f64;
  const I = sc.i32;
  const fo = s * F_STRIDE;
  const io = s * I_STRIDE;
  const dir = (I[io + I_M_DIR] ?? 0) as Side;
  const ackRow = I[io + I_M_ACK] ?? -1;
  const g = sc.log.add(
    s,
    dir,
    I[io + I_M_FIRST] ?? -1,
    I[io + I_M_LAST] ?? -1,
    F[fo + F_M_BYTES] ?? 0,
    F[fo + F_M_SEQ_START] ?? 0,
    F[fo + F_M_SEQ_END] ?? 0,
    ackRow,
  );
  if (ackRow >= 0) return;
  rareOf(sc, s).unacked[dir].push(g);
  I[io + I_UNACKED + dir] = (I[io + I_UNACKED + dir] ?? 0) + 1;
}

/** The open message as an object. */
function openMessage(sc: FactScanner, s: number): Message {
  const F = sc.f64;
  const I = sc.i32;
  const fo = s * F_STRIDE;
  const io = s * I_STRIDE;
  return makeMessage(
    sc.c.table,
    (I[io + I_M_DIR] ?? 0) as Side,
    I[io + I_M_FIRST] ?? -1,
    I[io + I_M_LAST] ?? -1,
    F[fo + F_M_BYTES] ?? 0,
    F[fo + F_M_SEQ_START] ?? 0,
    F[fo + F_M_SEQ_END] ?? 0,
    I[io + I_M_ACK] ?? -1,
  );
}

function rareOf(sc: FactScanner, s: number): Rare {
  let r = sc.rare[s];
  if (!r) {
    r = {
      rstRows: [],
      rstSides: [],
      chains: [],
      chainIndex: new Map(),
      openChains: [],
      zeroWindows: [],
      openZw: [null, null],
      awaitingDataAfter: [],
      unacked: [[], []],
      unackedHead: [0, 0],
    };
    sc.rare[s] = r;
  }
  return r;
}

function recordRetransmission(
  sc: FactScanner,
  s: number,
  row: number,
  d: Side,
  seq: number,
  syn: boolean,
): void {
  const r = rareOf(sc, s);
  const key = d * 2 ** 33 + (syn ? 2 ** 32 : 0) + seq;
  let chain = r.chainIndex.get(key);
  if (!chain) {
    chain = { dir: d, seq, syn, rows: [], ackRow: -1 };
    // This packet is the flow's count(s)-th.
    const orig = findOriginal(sc, sc.flows[s] as Flow, syn, sc.count(s) - 1);
    if (orig >= 0) chain.rows.push(orig);
    r.chains.push(chain);
    r.chainIndex.set(key, chain);
    r.openChains.push(chain);
    sc.i32[s * I_STRIDE + I_SLOW] = (sc.i32[s * I_STRIDE + I_SLOW] ?? 0) | OPEN_CHAINS;
  }
  chain.rows.push(row);
}

/** The earlier transmission of the segment at `rows[k]` (searched backwards: retransmissions are rare). */
function findOriginal(sc: FactScanner, flow: Flow, syn: boolean, k: number): number {
  const table = sc.c.table;
  const dirs = sc.c.dirs;
  const rows = flow.rows;
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

function onRst(sc: FactScanner, s: number, row: number, d: Side): void {
  const I = sc.i32;
  const io = s * I_STRIDE;
  const r = rareOf(sc, s);
  r.rstRows.push(row);
  r.rstSides.push(d);
  if ((I[io + I_RST + d] ?? 0) < 0) I[io + I_RST + d] = row;
  if ((I[io + I_CLOSE + d] ?? 0) < 0) I[io + I_CLOSE + d] = row;
  // A SYN answered by RST, no SYN-ACK and no data: refused (RFC 9293 §3.10.7.1).
  const noMessage = (I[io + I_M_DIR] ?? -1) < 0;
  if (d === 1 && (I[io + I_SYN] ?? 0) >= 0 && (I[io + I_SYN_ACK] ?? 0) < 0 && noMessage)
    I[io + I_REFUSED] = 1;
  if (I[io + I_REFUSED] === 1 && (I[io + I_REFUSAL_ROW] ?? 0) < 0 && d === 1) I[io + I_REFUSAL_ROW] = row;
}

/** Zero-window periods (RFC 9293 §3.8.6.1): from a receiver's zero window to its first non-zero one. */
function trackWindow(sc: FactScanner, s: number, row: number, d: Side, len: number, flags: number): void {
  const I = sc.i32;
  const io = s * I_STRIDE;
  const slow = I[io + I_SLOW] ?? 0;
  const win = sc.c.table.win[row] ?? 0;
  if (!(slow & OPEN_ZW) && win !== 0) return;
  const r = rareOf(sc, s);
  const open = r.openZw[d];
  if (open) {
    if (win > 0) {
      open.endRow = row;
      r.openZw[d] = null;
      r.awaitingDataAfter.push(open);
    } else open.replies.push(row);
  } else if (win === 0 && (I[io + I_CLOSE + d] ?? 0) < 0) {
    const zw: ZeroWindowPeriod = {
      receiver: d,
      startRow: row,
      endRow: -1,
      probes: [],
      replies: [],
      lastDataBefore: I[io + I_LAST_DATA + 1 - d] ?? -1,
      firstDataAfter: -1,
    };
    r.zeroWindows.push(zw);
    r.openZw[d] = zw;
  }
  const other = r.openZw[1 - d];
  if (other && len <= 1 && !(flags & TcpFlag.FIN)) other.probes.push(row);
  let bits = slow & ~(OPEN_ZW | AWAITING_DATA);
  if (r.openZw[0]) bits |= OPEN_ZW_0;
  if (r.openZw[1]) bits |= OPEN_ZW_1;
  if (r.awaitingDataAfter.length > 0) bits |= AWAITING_DATA;
  I[io + I_SLOW] = bits;
}

/** The first new data a sender sends after the receiver reopened its window ends the period's wait. */
function noteDataAfterZeroWindow(sc: FactScanner, s: number, row: number, d: Side): void {
  const waiting = (sc.rare[s] as Rare).awaitingDataAfter;
  let kept = 0;
  for (let j = 0; j < waiting.length; j++) {
    const zw = waiting[j] as ZeroWindowPeriod;
    if (zw.receiver !== d) zw.firstDataAfter = row;
    else waiting[kept++] = zw;
  }
  waiting.length = kept;
  if (kept === 0) sc.i32[s * I_STRIDE + I_SLOW] = (sc.i32[s * I_STRIDE + I_SLOW] ?? 0) & ~AWAITING_DATA;
}

/** The empty list of a flow that had no RST, retransmission, zero window or close notification (most
 * flows): one array shared by all of them instead of five per flow, all kept until the rules end.
 * Nothing adds to a FlowFacts list after the scan (the scan adds to Rare's own lists). */
const NONE: never[] = [];

function factsOf(sc: FactScanner, s: number, messages: Message[]): FlowFacts {
  const flow = sc.flows[s] as Flow;
  const I = sc.i32;
  const F = sc.f64;
  const io = s * I_STRIDE;
  const fo = s * F_STRIDE;
  const r = sc.rare[s];
  const ints = (at: number): [number, number] => [I[io + at] ?? -1, I[io + at + 1] ?? -1];
  const nums = (at: number): [number, number] => [F[fo + at] ?? -1, F[fo + at + 1] ?? -1];
  const gapAfter = I[io + I_GAP_AFTER] ?? -1;
  return {
    index: flow.index,
    flow,
    rtt: null,
    synRow: I[io + I_SYN] ?? -1,
    synAckRow: I[io + I_SYN_ACK] ?? -1,
    handshakeAckRow: I[io + I_HS_ACK] ?? -1,
    refused: I[io + I_REFUSED] === 1,
    refusalRow: I[io + I_REFUSAL_ROW] ?? -1,
    fin: ints(I_FIN),
    finAck: ints(I_FIN_ACK),
    rst: ints(I_RST),
    rstRows: r ? r.rstRows : NONE,
    rstSides: r ? r.rstSides : NONE,
    close: ints(I_CLOSE),
    messages,
    lastData: ints(I_LAST_DATA),
    retransmissions: ints(I_RETRANS),
    chains: r ? r.chains : NONE,
    zeroWindows: r ? r.zeroWindows : NONE,
    firstRow: flow.firstRow,
    lastRow: flow.lastRow,
    finSeq: nums(F_FIN_SEQ),
    base: nums(F_BASE),
    closingMessages: NONE,
    longestGap:
      gapAfter >= 0
        ? { before: I[io + I_GAP_BEFORE] ?? -1, after: gapAfter, idle: F[fo + F_GAP_S] ?? 0 }
        : null,
    // Set once close notifications are out of `messages` (flow-facts.ts).
    lastDir: -1,
  };
}
