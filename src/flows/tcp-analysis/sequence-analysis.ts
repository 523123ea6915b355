// The body of packet-tcp.c's tcp_analyze_sequence_number (Wireshark 4.0), split into its stages.
// Each stage reads and updates the two directions' state exactly as the C code does, in the same
// order, because later tests depend on state earlier ones changed.
import { TcpFlag } from '../../capture/packet-table';
import { Analysis } from '../model';
import type { TcpDirection } from './direction-state';
import { addSeq, gtSeq, leSeq, lessU64, ltSeq, nsBetween } from './seq-space';
import { advertisedWindowEdge } from './window-scale';

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
 * chain early after a probe or a probe/keep-alive ACK). Returns the bits; sets fwd.dupAckNum.
 */
export function classifySegment(s: Segment, fwd: TcpDirection, rev: TcpDirection): number {
  // A 1-byte segment at the next expected seq while the peer's window is 0 (RFC 9293 §3.8.6.1).
  if (s.len === 1 && s.seq === fwd.nextSeq && rev.window === 0) return Analysis.ZeroWindowProbe;
  const plain = (s.flags & SYN_FIN_RST) === 0;
  let bits = 0;
  if (s.win === 0 && plain) bits |= Analysis.ZeroWindow;
  if (fwd.nextSeq !== 0 && gtSeq(s.seq, fwd.nextSeq) && (s.flags & TcpFlag.RST) === 0) {
    bits |= Analysis.LostSegment;
    fwd.validBif = false;
  }
  // One byte before the next expected seq, 0 or 1 byte long (RFC 9293 §3.8.4 keep-alives). Linux
  // zero-window probes look the same and are labelled keep-alive here too.
  if (s.len <= 1 && s.seq === addSeq(fwd.nextSeq, -1) && plain) bits |= Analysis.KeepAlive;
  const sameAck = s.len === 0 && s.seq === fwd.nextSeq && s.ack === fwd.lastAck && plain;
  if (sameAck && s.win !== 0 && s.win !== fwd.window) bits |= Analysis.WindowUpdate;
  if (s.len > 0 && plain) {
    const edge = advertisedWindowEdge(rev);
    if (edge >= 0 && addSeq(s.seq, s.len) === edge) bits |= Analysis.WindowFull;
  }
  if (!sameAck || s.win !== fwd.window) return bits;
  if (s.win !== 0 && rev.lastSegmentFlags & Analysis.KeepAlive) return bits | Analysis.KeepAliveAck;
  if (s.win === 0 && rev.lastSegmentFlags & Analysis.ZeroWindowProbe)
    return bits | Analysis.ZeroWindowProbeAck;
  if (s.win !== 0) {
    // A dup-ack after an "ACKed unseen segment" (-1) restarts the count at 1.
    fwd.dupAckNum = fwd.dupAckNum === -1 ? 1 : fwd.dupAckNum + 1;
    bits |= Analysis.DupAck;
  }
  return bits;
}

/**
 * After "finished_fwd": a new ACK number resets the dup-ack count; an ACK beyond everything the
 * other direction was seen to send means segments were missed ("ACKed unseen segment").
 */
export function checkAckedUnseen(s: Segment, fwd: TcpDirection, rev: TcpDirection): number {
  if (s.ack !== fwd.lastAck) fwd.dupAckNum = 0;
  if (rev.maxSeqToBeAcked === 0 || !gtSeq(s.ack, rev.maxSeqToBeAcked) || (s.flags & TcpFlag.ACK) === 0) {
    return 0;
  }
  if (ltSeq(rev.maxSeqToBeAcked, rev.nextSeq)) {
    // Jump the boundary so the same gap is reported once.
    rev.maxSeqToBeAcked = rev.nextSeq;
    return Analysis.AckUnseen;
  }
  // The other direction is stalled (pure ACKs): report once, then mark its dup-ack count -1.
  const bits = rev.dupAckNum === 0 ? Analysis.AckUnseen : 0;
  rev.dupAckNum = -1;
  return bits;
}

/**
 * Retransmission, fast retransmission, spurious retransmission, out-of-order: only for segments
 * that carry data or a SYN/FIN and do not advance the sequence number. `bits` are the flags set so
 * far (a keep-alive is never a retransmission). `firstRttNs` is the handshake RTT, 0 if unknown.
 * Fast and spurious retransmissions also carry Retransmission, as tcp.analysis.retransmission
 * matches them in Wireshark.
 */
export function classifyRetransmission(
  s: Segment,
  fwd: TcpDirection,
  rev: TcpDirection,
  bits: number,
  firstRttNs: number,
): number {
  if (s.len === 0 && (s.flags & SYN_FIN) === 0) return 0;
  if (bits & Analysis.KeepAlive) return 0;
  let notAdvanced = fwd.nextSeq !== 0 && ltSeq(s.seq, fwd.nextSeq);
  // More than one byte starting one before nextseq follows a zero-window probe: new data.
  if (s.len > 1 && addSeq(fwd.nextSeq, -1) === s.seq) notAdvanced = false;
  // Everything in it was already acknowledged.
  if (s.len > 0 && rev.lastAck !== 0 && leSeq(addSeq(s.seq, s.len), rev.lastAck)) {
    return Analysis.SpuriousRetransmission | Analysis.Retransmission;
  }
  if (notAdvanced && rev.dupAckNum >= 2 && rev.lastAck === s.seq) {
    const sinceDupAck = nsBetween(rev.lastAckSec, rev.lastAckNs, s.sec, s.ns);
    if (lessU64(sinceDupAck, FAST_RETRANSMISSION_NS)) {
      return Analysis.FastRetransmission | Analysis.Retransmission;
    }
  }
  if (notAdvanced) {
    const sinceNext = nsBetween(fwd.nextSeqSec, fwd.nextSeqNs, s.sec, s.ns);
    const threshold = firstRttNs !== 0 ? firstRttNs : DEFAULT_OOO_THRESHOLD_NS;
    if (lessU64(sinceNext, threshold)) {
      // A segment ending exactly at nextseq is a retransmission of the last one. (Later Wireshark
      // versions also call it out-of-order after a pure ACK, issue 17214; 4.0 does not.)
      const end = addSeq(s.seq, s.len + ((s.flags & SYN_FIN) !== 0 ? 1 : 0));
      if (fwd.nextSeq !== end) return Analysis.OutOfOrder;
    }
    return Analysis.Retransmission;
  }
  return 0;
}

/**
 * Records the segment: unacked list, highest sequence seen (not moved by a zero-window probe),
 * highest contiguous sequence, and this direction's last ACK, window and flags.
 */
export function recordSegment(s: Segment, fwd: TcpDirection, bits: number): void {
  const synFin = (s.flags & SYN_FIN) !== 0;
  let next = addSeq(s.seq, s.len);
  // As in packet-tcp.c, the SYN/FIN phantom byte is only counted when the segment is recorded.
  if ((s.len !== 0 || synFin) && fwd.segments.add(s.seq, synFin ? addSeq(next, 1) : next) && synFin) {
    next = addSeq(next, 1);
  }
  if (fwd.nextSeq === 0 || gtSeq(next, addSeq(fwd.nextSeq, synFin ? 1 : 0))) fwd.lastAckLen = s.len;
  const probe = (bits & Analysis.ZeroWindowProbe) !== 0;
  if ((fwd.nextSeq === 0 || gtSeq(next, fwd.nextSeq)) && !probe) {
    fwd.nextSeq = next;
    fwd.nextSeqSec = s.sec;
    fwd.nextSeqNs = s.ns;
  }
  if ((fwd.maxSeqToBeAcked === 0 || s.seq === fwd.maxSeqToBeAcked) && !probe) {
    fwd.maxSeqToBeAcked = fwd.nextSeq;
  }
  fwd.window = s.win;
  fwd.lastAck = s.ack;
  fwd.lastAckSec = s.sec;
  fwd.lastAckNs = s.ns;
  fwd.lastSegmentFlags = bits;
}

/**
 * tcp.analysis.bytes_in_flight for a data segment (packet-tcp.c's default payload-based method):
 * the span of fwd's unacknowledged segments minus what the peer's last SACK blocks cover, minus
 * one for a SYN/FIN; 0 when Wireshark shows none (no payload, after a lost segment until the
 * peer ACKs again, or an implausible value).
 */
export function bytesInFlight(s: Segment, fwd: TcpDirection, rev: TcpDirection): number {
  if (s.len === 0 || !fwd.validBif) return 0;
  const span = fwd.segments.span(fwd.baseSeq);
  if (span < 0) return 0;
  const inFlight = (span - rev.sackBytes) >>> 0;
  if (inFlight === 0 || inFlight >= 2_000_000_000) return 0;
  return (s.flags & SYN_FIN) !== 0 ? inFlight - 1 : inFlight;
}
