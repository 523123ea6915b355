// The body of packet-tcp.c's tcp_analyze_sequence_number (Wireshark 4.0), split into its stages.
// Each stage reads and updates the two directions' state exactly as the C code does, in the same
// order, because later tests depend on state earlier ones changed.
//
// The directions are DIRECTION_WORDS words of a flow record (direction-state.ts), `fo` the sender's
// and `ro` the receiver's, read and written in place through `u` (uint32) and `i` (int32). Sequence
// numbers stay in typed arrays, locals and the Segment object, and never cross a call as an argument
// or a return value: V8 would box a uint32 above 2^30 into a heap number at each such crossing.
// Sequence comparisons are modulo 2^32, as packet-tcp.h's GT_SEQ / LT_SEQ / LE_SEQ: the sign of the
// 32-bit difference decides (RFC 9293 §3.4).
import { TcpFlag } from '../../capture/packet-table';
import { Analysis } from '../model';
import { D, IS_FIRST_ACK, VALID_BIF, WSCALE_NONE, WSCALE_UNKNOWN, winScaleOf } from './direction-state';
import { lessU64, nsBetween } from './seq-space';
import type { SeqRange, UnackedSegments } from './unacked-segments';

const SYN_FIN = TcpFlag.SYN | TcpFlag.FIN;
const SYN_FIN_RST = TcpFlag.SYN | TcpFlag.FIN | TcpFlag.RST;

/** One segment as the analysis sees it: raw header fields and the frame time. */
export interface Segment {
  seq: number;
  ack: number;
  len: number;
  flags: number;
  /** Raw window field (Wireshark analyses the unscaled value). */
  win: number;
  sec: number;
  ns: number;
}

/** Fast retransmission: within 20 ms of the duplicate ACK that asked for it. */
const FAST_RETRANSMISSION_NS = 20_000_000;
/** Out-of-order window when no handshake RTT is known. */
const DEFAULT_OOO_THRESHOLD_NS = 3_000_000;

/**
 * Zero-window probe, zero window, lost segment, keep-alive, window update, window full, keep-alive
 * ACK, zero-window-probe ACK, duplicate ACK, in that order ("finished_fwd" in packet-tcp.c ends the
 * chain early after a probe or a probe/keep-alive ACK). Returns the bits; moves the sender's DUP_ACK_NUM.
 */
export function classifySegment(s: Segment, u: Uint32Array, i: Int32Array, fo: number, ro: number): number {
  const next = u[fo + D.NEXT_SEQ] ?? 0;
  // A 1-byte segment at the next expected seq while the peer's window is 0 (RFC 9293 §3.8.6.1).
  if (s.len === 1 && s.seq === next && u[ro + D.WINDOW] === 0) return Analysis.ZeroWindowProbe;
  const plain = (s.flags & SYN_FIN_RST) === 0;
  let bits = 0;
  if (s.win === 0 && plain) bits |= Analysis.ZeroWindow;
  if (next !== 0 && ((s.seq - next) | 0) > 0 && (s.flags & TcpFlag.RST) === 0) {
    bits |= Analysis.LostSegment;
    u[fo + D.BITS] = (u[fo + D.BITS] ?? 0) & ~VALID_BIF;
  }
  // One byte before the next expected seq, 0 or 1 byte long (RFC 9293 §3.8.4 keep-alives). Linux
  // zero-window probes look the same and are labelled keep-alive here too.
  if (s.len <= 1 && s.seq === (next - 1) >>> 0 && plain) bits |= Analysis.KeepAlive;
  const window = u[fo + D.WINDOW] ?? 0;
  const sameAck = s.len === 0 && s.seq === next && s.ack === u[fo + D.LAST_ACK] && plain;
  if (sameAck && s.win !== 0 && s.win !== window) bits |= Analysis.WindowUpdate;
  if (s.len > 0 && plain && endsAtWindowEdge(s, u, ro)) bits |= Analysis.WindowFull;
  if (!sameAck || s.win !== window) return bits;
  const peerFlags = (u[ro + D.BITS] ?? 0) >>> 16;
  if (s.win !== 0 && peerFlags & Analysis.KeepAlive) return bits | Analysis.KeepAliveAck;
  if (s.win === 0 && peerFlags & Analysis.ZeroWindowProbe) return bits | Analysis.ZeroWindowProbeAck;
  if (s.win !== 0) {
    // A dup-ack after an "ACKed unseen segment" (-1) restarts the count at 1.
    const dup = i[fo + D.DUP_ACK_NUM] ?? 0;
    i[fo + D.DUP_ACK_NUM] = dup === -1 ? 1 : dup + 1;
    bits |= Analysis.DupAck;
  }
  return bits;
}

/**
 * Whether the segment ends exactly at the right edge of the window the receiver (at `ro`) last
 * advertised: its ACK plus its scaled window, computed in guint32 as packet-tcp.c does. Unknown
 * while the receiver's scale is (no handshake seen: Wireshark does not guess). The window of a SYN
 * is never scaled (RFC 7323 §2.2), nor that of the segments a side sends before its first non-SYN
 * ACK (IS_FIRST_ACK). window-scale.ts has the same computation as windowEdgeAt.
 */
function endsAtWindowEdge(s: Segment, u: Uint32Array, ro: number): boolean {
  const bits = u[ro + D.BITS] ?? 0;
  const scale = winScaleOf(bits);
  if (scale === WSCALE_UNKNOWN) return false;
  const shift = bits & IS_FIRST_ACK || scale === WSCALE_NONE ? 0 : scale;
  const edge = ((u[ro + D.LAST_ACK] ?? 0) + (((u[ro + D.WINDOW] ?? 0) << shift) >>> 0)) >>> 0;
  return (s.seq + s.len) >>> 0 === edge;
}

/**
 * After "finished_fwd": a new ACK number resets the dup-ack count; an ACK beyond everything the
 * other direction was seen to send means segments were missed ("ACKed unseen segment").
 */
export function checkAckedUnseen(s: Segment, u: Uint32Array, i: Int32Array, fo: number, ro: number): number {
  if (s.ack !== u[fo + D.LAST_ACK]) i[fo + D.DUP_ACK_NUM] = 0;
  const peerMax = u[ro + D.MAX_SEQ_TO_BE_ACKED] ?? 0;
  if (peerMax === 0 || ((s.ack - peerMax) | 0) <= 0 || (s.flags & TcpFlag.ACK) === 0) return 0;
  const peerNext = u[ro + D.NEXT_SEQ] ?? 0;
  if (((peerMax - peerNext) | 0) < 0) {
    // Jump the boundary so the same gap is reported once.
    u[ro + D.MAX_SEQ_TO_BE_ACKED] = peerNext;
    return Analysis.AckUnseen;
  }
  // The other direction is stalled (pure ACKs): report once, then mark its dup-ack count -1.
  const bits = i[ro + D.DUP_ACK_NUM] === 0 ? Analysis.AckUnseen : 0;
  i[ro + D.DUP_ACK_NUM] = -1;
  return bits;
}

/**
 * Retransmission, fast retransmission, spurious retransmission, out-of-order: only for segments
 * that carry data or a SYN/FIN and do not advance the sequence number. `bits` are the flags set so
 * far (a keep-alive is never a retransmission). `rtt[rttAt]` is the handshake RTT in ns, 0 if
 * unknown. Fast and spurious retransmissions also carry Retransmission, as
 * tcp.analysis.retransmission matches them in Wireshark.
 */
export function classifyRetransmission(
  s: Segment,
  u: Uint32Array,
  i: Int32Array,
  fo: number,
  ro: number,
  bits: number,
  rtt: Float64Array,
  rttAt: number,
): number {
  if (s.len === 0 && (s.flags & SYN_FIN) === 0) return 0;
  if (bits & Analysis.KeepAlive) return 0;
  const next = u[fo + D.NEXT_SEQ] ?? 0;
  let notAdvanced = next !== 0 && ((s.seq - next) | 0) < 0;
  // More than one byte starting one before nextseq follows a zero-window probe: new data.
  if (s.len > 1 && (next - 1) >>> 0 === s.seq) notAdvanced = false;
  // Everything in it was already acknowledged.
  const peerAck = u[ro + D.LAST_ACK] ?? 0;
  if (s.len > 0 && peerAck !== 0 && ((((s.seq + s.len) >>> 0) - peerAck) | 0) <= 0) {
    return Analysis.SpuriousRetransmission | Analysis.Retransmission;
  }
  if (notAdvanced && (i[ro + D.DUP_ACK_NUM] ?? 0) >= 2 && peerAck === s.seq) {
    const sinceDupAck = nsBetween(i[ro + D.LAST_ACK_SEC] ?? 0, i[ro + D.LAST_ACK_NS] ?? 0, s.sec, s.ns);
    if (lessU64(sinceDupAck, FAST_RETRANSMISSION_NS)) {
      return Analysis.FastRetransmission | Analysis.Retransmission;
    }
  }
  if (notAdvanced) {
    const sinceNext = nsBetween(i[fo + D.NEXT_SEQ_SEC] ?? 0, i[fo + D.NEXT_SEQ_NS] ?? 0, s.sec, s.ns);
    const firstRtt = rtt[rttAt] ?? 0;
    const threshold = firstRtt !== 0 ? firstRtt : DEFAULT_OOO_THRESHOLD_NS;
    if (lessU64(sinceNext, threshold)) {
      // A segment ending exactly at nextseq is a retransmission of the last one. (Later Wireshark
      // versions also call it out-of-order after a pure ACK, issue 17214; 4.0 does not.)
      const end = (s.seq + s.len + ((s.flags & SYN_FIN) !== 0 ? 1 : 0)) >>> 0;
      if (next !== end) return Analysis.OutOfOrder;
    }
    return Analysis.Retransmission;
  }
  return 0;
}

/**
 * Records the segment: unacked list (`segments`, the sender's; `range` a scratch object), highest
 * sequence seen (not moved by a zero-window probe), highest contiguous sequence, and this
 * direction's last ACK, window and flags.
 */
export function recordSegment(
  s: Segment,
  u: Uint32Array,
  i: Int32Array,
  fo: number,
  bits: number,
  segments: UnackedSegments,
  range: SeqRange,
): void {
  const synFin = (s.flags & SYN_FIN) !== 0;
  let end = (s.seq + s.len) >>> 0;
  // As in packet-tcp.c, the SYN/FIN phantom byte is only counted when the segment is recorded.
  if (s.len !== 0 || synFin) {
    range.seq = s.seq;
    range.next = synFin ? (end + 1) >>> 0 : end;
    if (segments.addRange(range) && synFin) end = (end + 1) >>> 0;
  }
  const next = u[fo + D.NEXT_SEQ] ?? 0;
  if (next === 0 || ((end - ((next + (synFin ? 1 : 0)) >>> 0)) | 0) > 0) i[fo + D.LAST_ACK_LEN] = s.len;
  const probe = (bits & Analysis.ZeroWindowProbe) !== 0;
  if ((next === 0 || ((end - next) | 0) > 0) && !probe) {
    u[fo + D.NEXT_SEQ] = end;
    i[fo + D.NEXT_SEQ_SEC] = s.sec;
    i[fo + D.NEXT_SEQ_NS] = s.ns;
  }
  const max = u[fo + D.MAX_SEQ_TO_BE_ACKED] ?? 0;
  if ((max === 0 || s.seq === max) && !probe) u[fo + D.MAX_SEQ_TO_BE_ACKED] = u[fo + D.NEXT_SEQ] ?? 0;
  u[fo + D.WINDOW] = s.win;
  u[fo + D.LAST_ACK] = s.ack;
  i[fo + D.LAST_ACK_SEC] = s.sec;
  i[fo + D.LAST_ACK_NS] = s.ns;
  u[fo + D.BITS] = ((u[fo + D.BITS] ?? 0) & 0xffff) | (bits << 16);
}

/**
 * tcp.analysis.bytes_in_flight for a data segment (packet-tcp.c's default payload-based method):
 * the span of the sender's unacknowledged segments (`segments`) minus what the peer's last SACK
 * blocks cover, minus one for a SYN/FIN; 0 when Wireshark shows none (no payload, after a lost
 * segment until the peer ACKs again, or an implausible value).
 */
export function bytesInFlight(
  s: Segment,
  u: Uint32Array,
  fo: number,
  ro: number,
  segments: UnackedSegments,
  range: SeqRange,
): number {
  if (s.len === 0 || ((u[fo + D.BITS] ?? 0) & VALID_BIF) === 0) return 0;
  range.seq = u[fo + D.BASE_SEQ] ?? 0;
  const span = segments.spanFrom(range);
  if (span < 0) return 0;
  const inFlight = (span - (u[ro + D.SACK_BYTES] ?? 0)) >>> 0;
  if (inFlight === 0 || inFlight >= 2_000_000_000) return 0;
  return (s.flags & SYN_FIN) !== 0 ? inFlight - 1 : inFlight;
}
