import { UnackedSegments } from './unacked-segments';

/** Window scale unknown (no handshake seen yet): packet-tcp.c's win_scale -1. */
export const WSCALE_UNKNOWN = -1;
/** The handshake showed window scaling is not used: packet-tcp.c's win_scale -2. */
export const WSCALE_NONE = -2;

/**
 * What one direction of a TCP connection has sent, as packet-tcp.c tracks it in `tcp_flow_t` and
 * `tcp_analyze_seq_flow_info_t`. Numeric fields only; sequence numbers are raw uint32 values and,
 * as in Wireshark, 0 in `nextSeq` / `maxSeqToBeAcked` means "nothing seen yet".
 */
export class TcpDirection {
  /** Relative sequence base (ISN, or first seq - 1 without a SYN); valid when `baseSet`. */
  baseSeq = 0;
  baseSet = false;

  /** Highest seq + len seen (SYN/FIN count one): the next expected sequence number. */
  nextSeq = 0;
  /** When `nextSeq` last advanced. */
  nextSeqSec = 0;
  nextSeqNs = 0;
  /** Highest contiguous sequence number sent, for "ACKed unseen segment". */
  maxSeqToBeAcked = 0;
  /** Payload length of the segment that last advanced the highest sequence number seen. */
  lastAckLen = 0;

  /** Acknowledgment number and raw (unscaled) window of this direction's last segment. */
  lastAck = 0;
  lastAckSec = 0;
  lastAckNs = 0;
  window = 0xffffffff;

  /** Duplicate-ACK counter; -1 after an "ACKed unseen segment" in the other direction. */
  dupAckNum = 0;
  /** Analysis bits of this direction's last segment (keep-alive / zero-window-probe matter). */
  lastSegmentFlags = 0;
  /** Bytes in flight are reported only while this is true (cleared by a lost segment). */
  validBif = true;

  /** Window scale shift, WSCALE_UNKNOWN or WSCALE_NONE. */
  winScale = WSCALE_UNKNOWN;
  /** Set by this direction's SYN, cleared by its first non-SYN ACK (Wireshark issue 14690). */
  isFirstAck = false;

  /** Bytes covered by the (first three) SACK blocks of this direction's last segment. */
  sackBytes = 0;

  readonly segments = new UnackedSegments();

  reset(): void {
    this.baseSeq = 0;
    this.baseSet = false;
    this.nextSeq = 0;
    this.nextSeqSec = 0;
    this.nextSeqNs = 0;
    this.maxSeqToBeAcked = 0;
    this.lastAckLen = 0;
    this.lastAck = 0;
    this.lastAckSec = 0;
    this.lastAckNs = 0;
    this.window = 0xffffffff;
    this.dupAckNum = 0;
    this.lastSegmentFlags = 0;
    this.validBif = true;
    this.winScale = WSCALE_UNKNOWN;
    this.isFirstAck = false;
    this.sackBytes = 0;
    this.segments.clear();
  }
}
