// The body of packet-tcp.c's tcp_analyze_sequence_number (Wireshark 4.0). Its stages run in the C
// code's order, because later tests depend on state earlier ones changed: the segment's own flags
// (zero-window probe ... duplicate ACK, "finished_fwd"), "ACKed unseen segment", the retransmission
// family, then recording the segment, the other direction's ACK of its unacknowledged segments, and
// bytes in flight.
//
// The directions are DIRECTION_WORDS words of a flow record (direction-state.ts), `fo` the sender's
// and `ro` the receiver's, read and written in place through `u` (uint32) and `i` (int32). The common
// path is one function so that each word is read once and nothing crosses a call per segment; the
// rare outcomes (a segment below the next expected sequence number, an ACK beyond what the peer was
// seen to send) are helpers. Sequence numbers are read from the packet table inside each function and
// never cross a call as an argument or a return value: V8 would box a uint32 above 2^30 into a heap
// number at each such crossing. Sequence comparisons are modulo 2^32, as packet-tcp.h's GT_SEQ /
// LT_SEQ / LE_SEQ: the sign of the 32-bit difference decides (RFC 9293 §3.4).
import { type PacketTable, TcpFlag } from '../../capture/packet-table';
import { Analysis } from '../model';
import {
  BASE_SEQ,
  BITS,
  DUP_ACK_NUM,
  IS_FIRST_ACK,
  LAST_ACK,
  LAST_ACK_ROW,
  MAX_SEQ_TO_BE_ACKED,
  NEXT_SEQ,
  NEXT_SEQ_ROW,
  SACK_BYTES,
  UNACKED,
  VALID_BIF,
  WINDOW,
  WSCALE_NONE,
  WSCALE_UNKNOWN,
} from './direction-state';
import { lessU64, nsBetween } from './seq-space';
import type { SegmentPool, SeqRange } from './unacked-segments';

const SYN_FIN = TcpFlag.SYN | TcpFlag.FIN;
const SYN_FIN_RST = TcpFlag.SYN | TcpFlag.FIN | TcpFlag.RST;

/** Fast retransmission: within 20 ms of the duplicate ACK that asked for it. */
const FAST_RETRANSMISSION_NS = 20_000_000;
/** Out-of-order window when no handshake RTT is known. */
const DEFAULT_OOO_THRESHOLD_NS = 3_000_000;

/** What analyzeSegment needs besides the directions' words: the handshake RTT in ns (0 while unknown,
 * read only when a segment does not advance: `rttNs`), the unacknowledged-segment lists, a scratch
 * range, and where the figures go. */
export interface SegmentContext {
  rttNs(t: PacketTable): number;
  pool: SegmentPool;
  range: SeqRange;
  /** tcp.analysis.duplicate_ack_num of the segment (0 when not a dup-ack). */
  dupAckNum: number;
  /** tcp.analysis.bytes_in_flight of the segment (0 when Wireshark shows none). */
  bytesInFlight: number;
}

/**
 * tcp_analyze_sequence_number for packet `row` of `t`, sent by the direction at `fo` to the one at
 * `ro`. Returns the Analysis bits; leaves dupAckNum and bytesInFlight in `cx` (both 0 when none).
 */
export function analyzeSegment(
  t: PacketTable,
  row: number,
  u: Uint32Array,
  i: Int32Array,
  fo: number,
  ro: number,
  cx: SegmentContext,
): number {
  const seq = t.seq[row] ?? 0;
  const ack = t.ack[row] ?? 0;
  const len = t.payloadLength[row] ?? 0;
  const flags = t.tcpFlags[row] ?? 0;
  const win = t.win[row] ?? 0;
  const plain = (flags & SYN_FIN_RST) === 0;
  if (flags & TcpFlag.ACK) u[ro + BITS] = (u[ro + BITS] ?? 0) | VALID_BIF;
  const next = u[fo + NEXT_SEQ] ?? 0;
  const lastAck = u[fo + LAST_ACK] ?? 0;
  let bits = 0;
  // A 1-byte segment at the next expected seq while the peer's window is 0 (RFC 9293 §3.8.6.1):
  // a zero-window probe ends the chain ("finished_fwd").
  if (len === 1 && seq === next && u[ro + WINDOW] === 0) {
    bits = Analysis.ZeroWindowProbe;
  } else {
    if (win === 0 && plain) bits = Analysis.ZeroWindow;
    if (next !== 0 && ((seq - next) | 0) > 0 && (flags & TcpFlag.RST) === 0) {
      bits |= Analysis.LostSegment;
      u[fo + BITS] = (u[fo + BITS] ?? 0) & ~VALID_BIF;
    }
    // One byte before the next expected seq, 0 or 1 byte long (RFC 9293 §3.8.4 keep-alives). Linux
    // zero-window probes look the same and are labelled keep-alive here too.
    if (len <= 1 && plain && seq === (next - 1) >>> 0) bits |= Analysis.KeepAlive;
    if (len === 0 && plain && seq === next && ack === lastAck) {
      bits |= repeatedSegment(u, i, fo, ro, win);
      if (bits & Analysis.DupAck) cx.dupAckNum = i[fo + DUP_ACK_NUM] ?? 0;
    } else if (len > 0 && plain) {
      // Ends exactly at the right edge of the window the receiver last advertised: its ACK plus its
      // scaled window, in guint32 as packet-tcp.c computes it (window-scale.ts: windowEdgeAt).
      // Unknown while the receiver's scale is (no handshake seen: Wireshark does not guess); the
      // window of a SYN is never scaled (RFC 7323 §2.2), nor that of the segments a side sends
      // before its first non-SYN ACK (IS_FIRST_ACK).
      const rb = u[ro + BITS] ?? 0;
      const scale = (rb << 16) >> 24; // winScaleOf(rb), written out (see the file comment)
      if (scale !== WSCALE_UNKNOWN) {
        const shift = rb & IS_FIRST_ACK || scale === WSCALE_NONE ? 0 : scale;
        const edge = ((u[ro + LAST_ACK] ?? 0) + (((u[ro + WINDOW] ?? 0) << shift) >>> 0)) >>> 0;
        if ((seq + len) >>> 0 === edge) bits |= Analysis.WindowFull;
      }
    }
  }
  // After "finished_fwd": a new ACK number resets the dup-ack count; an ACK beyond everything the
  // other direction was seen to send means segments were missed.
  if (ack !== lastAck) i[fo + DUP_ACK_NUM] = 0;
  const peerMax = u[ro + MAX_SEQ_TO_BE_ACKED] ?? 0;
  if (peerMax !== 0 && ((ack - peerMax) | 0) > 0 && (flags & TcpFlag.ACK) !== 0)
    bits |= ackedUnseen(u, i, ro);
  // Retransmission, fast retransmission, spurious retransmission, out-of-order: only for segments
  // that carry data or a SYN/FIN and do not advance the sequence number (never a keep-alive). Fast
  // and spurious retransmissions also carry Retransmission, as tcp.analysis.retransmission matches
  // them in Wireshark.
  if ((len !== 0 || (flags & SYN_FIN) !== 0) && (bits & Analysis.KeepAlive) === 0) {
    // More than one byte starting one before nextseq follows a zero-window probe: new data.
    const notAdvanced = next !== 0 && ((seq - next) | 0) < 0 && !(len > 1 && (next - 1) >>> 0 === seq);
    const peerAck = u[ro + LAST_ACK] ?? 0;
    if (len > 0 && peerAck !== 0 && ((((seq + len) >>> 0) - peerAck) | 0) <= 0) {
      // Everything in it was already acknowledged.
      bits |= Analysis.SpuriousRetransmission | Analysis.Retransmission;
    } else if (notAdvanced) {
      bits |= classifyResend(t, row, u, i, fo, ro, cx);
    }
  }
  recordSegment(t, row, u, i, fo, bits, cx);
  if (u[ro + UNACKED] !== 0) {
    cx.range.seq = ack;
    cx.pool.ack(u, ro + UNACKED, cx.range);
  }
  if (len !== 0) cx.bytesInFlight = bytesInFlight(u, fo, ro, (flags & SYN_FIN) !== 0, cx);
  return bits;
}

/**
 * A plain segment without payload repeating this direction's seq and ACK: a window update when the
 * window changed, else a keep-alive ACK, a zero-window-probe ACK or a duplicate ACK (which moves the
 * sender's DUP_ACK_NUM).
 */
function repeatedSegment(u: Uint32Array, i: Int32Array, fo: number, ro: number, win: number): number {
  if (win !== u[fo + WINDOW]) return win !== 0 ? Analysis.WindowUpdate : 0;
  const peerFlags = (u[ro + BITS] ?? 0) >>> 16;
  if (win !== 0 && peerFlags & Analysis.KeepAlive) return Analysis.KeepAliveAck;
  if (win === 0 && peerFlags & Analysis.ZeroWindowProbe) return Analysis.ZeroWindowProbeAck;
  if (win === 0) return 0;
  // A dup-ack after an "ACKed unseen segment" (-1) restarts the count at 1.
  const dup = i[fo + DUP_ACK_NUM] ?? 0;
  i[fo + DUP_ACK_NUM] = dup === -1 ? 1 : dup + 1;
  return Analysis.DupAck;
}

/** An ACK beyond the highest contiguous sequence number the other direction (at `ro`) was seen to
 * send: report the gap once. */
function ackedUnseen(u: Uint32Array, i: Int32Array, ro: number): number {
  const peerMax = u[ro + MAX_SEQ_TO_BE_ACKED] ?? 0;
  const peerNext = u[ro + NEXT_SEQ] ?? 0;
  if (((peerMax - peerNext) | 0) < 0) {
    // Jump the boundary so the same gap is reported once.
    u[ro + MAX_SEQ_TO_BE_ACKED] = peerNext;
    return Analysis.AckUnseen;
  }
  // The other direction is stalled (pure ACKs): report once, then mark its dup-ack count -1.
  const bits = i[ro + DUP_ACK_NUM] === 0 ? Analysis.AckUnseen : 0;
  i[ro + DUP_ACK_NUM] = -1;
  return bits;
}

/** Nanoseconds from row `from` to row `to` of `t`. */
export function rowsApartNs(t: PacketTable, from: number, to: number): number {
  return nsBetween(t.tsSec[from] ?? 0, t.tsNs[from] ?? 0, t.tsSec[to] ?? 0, t.tsNs[to] ?? 0);
}

/**
 * A segment with data or SYN/FIN below the next expected sequence number, not already acknowledged:
 * a fast retransmission (the peer asked for exactly this seq with ≥ 2 dup-acks, the last under
 * 20 ms ago), out-of-order (under the handshake RTT, or 3 ms when unknown, since the sequence number
 * last advanced), else a retransmission.
 */
function classifyResend(
  t: PacketTable,
  row: number,
  u: Uint32Array,
  i: Int32Array,
  fo: number,
  ro: number,
  cx: SegmentContext,
): number {
  const seq = t.seq[row] ?? 0;
  if ((i[ro + DUP_ACK_NUM] ?? 0) >= 2 && u[ro + LAST_ACK] === seq) {
    const sinceDupAck = rowsApartNs(t, i[ro + LAST_ACK_ROW] ?? 0, row);
    if (lessU64(sinceDupAck, FAST_RETRANSMISSION_NS)) {
      return Analysis.FastRetransmission | Analysis.Retransmission;
    }
  }
  const sinceNext = rowsApartNs(t, i[fo + NEXT_SEQ_ROW] ?? 0, row);
  const firstRtt = cx.rttNs(t);
  const threshold = firstRtt !== 0 ? firstRtt : DEFAULT_OOO_THRESHOLD_NS;
  if (lessU64(sinceNext, threshold)) {
    // A segment ending exactly at nextseq is a retransmission of the last one. (Later Wireshark
    // versions also call it out-of-order after a pure ACK, issue 17214; 4.0 does not.)
    const flags = t.tcpFlags[row] ?? 0;
    const end = (seq + (t.payloadLength[row] ?? 0) + ((flags & SYN_FIN) !== 0 ? 1 : 0)) >>> 0;
    if (u[fo + NEXT_SEQ] !== end) return Analysis.OutOfOrder;
  }
  return Analysis.Retransmission;
}

/**
 * Records the segment: unacked list, highest sequence seen (not moved by a zero-window probe),
 * highest contiguous sequence, and this direction's last ACK, window, row and flags. (packet-tcp.c
 * also keeps the length of the segment that last advanced nextseq, for analyses Wireshark 4.0 does
 * not run by default; it is not kept here.)
 */
function recordSegment(
  t: PacketTable,
  row: number,
  u: Uint32Array,
  i: Int32Array,
  fo: number,
  bits: number,
  cx: SegmentContext,
): void {
  const seq = t.seq[row] ?? 0;
  const len = t.payloadLength[row] ?? 0;
  const synFin = ((t.tcpFlags[row] ?? 0) & SYN_FIN) !== 0;
  let end = (seq + len) >>> 0;
  // As in packet-tcp.c, the SYN/FIN phantom byte is only counted when the segment is recorded.
  if (len !== 0 || synFin) {
    const r = cx.range;
    r.seq = seq;
    r.next = synFin ? (end + 1) >>> 0 : end;
    if (cx.pool.add(u, fo + UNACKED, r) && synFin) end = (end + 1) >>> 0;
  }
  const next = u[fo + NEXT_SEQ] ?? 0;
  const probe = (bits & Analysis.ZeroWindowProbe) !== 0;
  if (!probe) {
    if (next === 0 || ((end - next) | 0) > 0) {
      u[fo + NEXT_SEQ] = end;
      i[fo + NEXT_SEQ_ROW] = row;
    }
    const max = u[fo + MAX_SEQ_TO_BE_ACKED] ?? 0;
    if (max === 0 || seq === max) u[fo + MAX_SEQ_TO_BE_ACKED] = u[fo + NEXT_SEQ] ?? 0;
  }
  u[fo + WINDOW] = t.win[row] ?? 0;
  u[fo + LAST_ACK] = t.ack[row] ?? 0;
  i[fo + LAST_ACK_ROW] = row;
  u[fo + BITS] = ((u[fo + BITS] ?? 0) & 0xffff) | (bits << 16);
}

/**
 * tcp.analysis.bytes_in_flight for a data segment (packet-tcp.c's default payload-based method):
 * the span of the sender's unacknowledged segments minus what the peer's last SACK blocks cover,
 * minus one for a SYN/FIN; 0 when Wireshark shows none (after a lost segment until the peer ACKs
 * again, or an implausible value).
 */
function bytesInFlight(u: Uint32Array, fo: number, ro: number, synFin: boolean, cx: SegmentContext): number {
  if (((u[fo + BITS] ?? 0) & VALID_BIF) === 0) return 0;
  cx.range.seq = u[fo + BASE_SEQ] ?? 0;
  const span = cx.pool.span(u, fo + UNACKED, cx.range);
  if (span < 0) return 0;
  const inFlight = (span - (u[ro + SACK_BYTES] ?? 0)) >>> 0;
  if (inFlight === 0 || inFlight >= 2_000_000_000) return 0;
  return synFin ? inFlight - 1 : inFlight;
}
