// Wireshark-style TCP sequence analysis (tcp.analysis.* of packet-tcp.c, Wireshark 4.0), one
// analyzer per TCP connection. docs/tcp-analysis.md lists the flags and every known difference.
import { Decode, type PacketTable, TcpFlag } from '../../capture/packet-table';
import { Analysis, type DirValue } from '../model';
import { TcpDirection } from './direction-state';
import { applyOptions, optionLowerBound } from './options';
import { nsBetween } from './seq-space';
import {
  bytesInFlight,
  checkAckedUnseen,
  classifyRetransmission,
  classifySegment,
  recordSegment,
  type Segment,
} from './sequence-analysis';
import { verifyWindowScaling } from './window-scale';

const SYN_ACK = TcpFlag.SYN | TcpFlag.ACK;

/**
 * Rows packet-tcp.c never analyses (or never shows an analysis for): an IP fragment that was not
 * reassembled (segment length unknown), a header cut before the sequence numbers (PortsOnly), and
 * a header the decoder found malformed (longer than the segment: tshark has no tcp.len; or a data
 * offset under 5: dissect_tcp stops before showing the analysis).
 */
function isAnalyzable(decode: number): boolean {
  if (decode & (Decode.Malformed | Decode.PortsOnly)) return false;
  return (decode & Decode.Fragment) === 0 || (decode & Decode.Reassembled) !== 0;
}

export class TcpAnalyzer {
  /** tcp.analysis.duplicate_ack_num of the last analyzed packet (0 when not a dup-ack). */
  dupAckNum = 0;
  /** tcp.analysis.bytes_in_flight of the last analyzed packet (0 when Wireshark shows none). */
  bytesInFlight = 0;

  private readonly dirs: readonly [TcpDirection, TcpDirection] = [new TcpDirection(), new TcpDirection()];
  /** Time of the latest SYN (without ACK), for the handshake RTT. */
  private hasSynTime = false;
  private synSec = 0;
  private synNs = 0;
  /** Handshake RTT (SYN → first non-SYN ACK) in ns; 0 while unknown, as nstime_is_zero in Wireshark. */
  private firstRttNs = 0;
  /** Lower bound for this flow's next lookup in the sparse option table. */
  private optionCursor = 0;
  /** Reused per packet so that analysis allocates nothing. */
  private readonly seg: Segment = { seq: 0, ack: 0, len: 0, flags: 0, win: 0, sec: 0, ns: 0 };

  /** The relative-sequence base of direction `dir` (ISN, or first seq - 1), -1 before any segment. */
  baseSeq(dir: DirValue): number {
    const d = this.dirs[dir];
    return d.baseSet ? d.baseSeq : -1;
  }

  /**
   * Analyzes packet `row` of this flow sent in direction `dir` (0 = client→server). Packets must be
   * given in frame order. Returns Analysis bits (model.ts), all but PortReused, which the flow
   * builder sets. `optionRow` (optional) is the row's index in table.options, or -1 when it has
   * none; without it the analyzer finds it (a galloping search from its last answer).
   */
  analyze(table: PacketTable, row: number, dir: DirValue, optionRow?: number): number {
    this.dupAckNum = 0;
    this.bytesInFlight = 0;
    if (!isAnalyzable(table.decode[row] ?? 0)) return 0;
    const s = this.readSegment(table, row);
    const fwd = this.dirs[dir];
    const rev = this.dirs[dir === 0 ? 1 : 0];
    this.checkRepeatedSyn(s, fwd, rev);
    this.initBaseSeq(s, fwd, rev);
    const bits = this.analyzeSequence(s, fwd, rev);
    this.trackHandshake(s, fwd);
    const opt = optionRow ?? this.lookupOption(table, row);
    applyOptions(table.options, opt, fwd);
    if (s.flags & TcpFlag.SYN) verifyWindowScaling(fwd, rev, (s.flags & TcpFlag.ACK) !== 0);
    return bits;
  }

  private readSegment(table: PacketTable, row: number): Segment {
    const s = this.seg;
    s.seq = table.seq[row] ?? 0;
    s.ack = table.ack[row] ?? 0;
    s.len = table.payloadLength[row] ?? 0;
    s.flags = table.tcpFlags[row] ?? 0;
    s.win = table.win[row] ?? 0;
    s.sec = table.tsSec[row] ?? 0;
    s.ns = table.tsNs[row] ?? 0;
    return s;
  }

  /**
   * dissect_tcp before the analysis: a SYN repeating the ISN restores nextseq (issue 17616: a RST
   * may have moved it); a SYN with a new ISN starts a new conversation (the flow builder normally
   * gives it a new analyzer; if it reaches this one, start over as Wireshark does); a SYN-ACK with a
   * new ISN becomes the base (the flow builder flags it PortReused).
   */
  private checkRepeatedSyn(s: Segment, fwd: TcpDirection, rev: TcpDirection): void {
    if ((s.flags & SYN_ACK) === TcpFlag.SYN && fwd.baseSet) {
      if (s.seq === fwd.baseSeq) fwd.nextSeq = fwd.maxSeqToBeAcked;
      else this.reset(fwd, rev);
    } else if ((s.flags & SYN_ACK) === SYN_ACK && fwd.baseSet && s.seq !== fwd.baseSeq) {
      fwd.baseSeq = s.seq;
    }
  }

  /** The ISN of a SYN, else seq - 1 (issue 1542); the peer's from the first ACK number, ack - 1. */
  private initBaseSeq(s: Segment, fwd: TcpDirection, rev: TcpDirection): void {
    if (!fwd.baseSet) {
      fwd.baseSeq = s.flags & TcpFlag.SYN ? s.seq : (s.seq - 1) >>> 0;
      fwd.baseSet = true;
    }
    if (!rev.baseSet && s.flags & TcpFlag.ACK) {
      rev.baseSeq = (s.ack - 1) >>> 0;
      rev.baseSet = true;
    }
  }

  /** tcp_analyze_sequence_number. */
  private analyzeSequence(s: Segment, fwd: TcpDirection, rev: TcpDirection): number {
    if (s.flags & TcpFlag.ACK) rev.validBif = true;
    let bits = classifySegment(s, fwd, rev);
    if (bits & Analysis.DupAck) this.dupAckNum = fwd.dupAckNum;
    bits |= checkAckedUnseen(s, fwd, rev);
    bits |= classifyRetransmission(s, fwd, rev, bits, this.firstRttNs);
    recordSegment(s, fwd, bits);
    rev.segments.ack(s.ack);
    this.bytesInFlight = bytesInFlight(s, fwd, rev);
    return bits;
  }

  /**
   * dissect_tcp after the analysis: a SYN marks its side's first ACK as still to come (window scale
   * not yet in force, issue 14690) and a pure SYN is timed; the first non-SYN ACK after it gives
   * the handshake RTT, the out-of-order threshold.
   */
  private trackHandshake(s: Segment, fwd: TcpDirection): void {
    if (s.flags & TcpFlag.SYN) {
      fwd.isFirstAck = true;
      if ((s.flags & TcpFlag.ACK) === 0) {
        this.hasSynTime = true;
        this.synSec = s.sec;
        this.synNs = s.ns;
      }
    }
    if ((s.flags & SYN_ACK) === TcpFlag.ACK) {
      if (this.hasSynTime && this.firstRttNs === 0) {
        this.firstRttNs = nsBetween(this.synSec, this.synNs, s.sec, s.ns);
      }
      fwd.isFirstAck = false;
    }
  }

  private lookupOption(table: PacketTable, row: number): number {
    const options = table.options;
    const i = optionLowerBound(options, row, this.optionCursor);
    this.optionCursor = i;
    return i < options.length && options.packet[i] === row ? i : -1;
  }

  private reset(fwd: TcpDirection, rev: TcpDirection): void {
    fwd.reset();
    rev.reset();
    this.hasSynTime = false;
    this.firstRttNs = 0;
  }
}
