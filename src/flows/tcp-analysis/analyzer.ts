// Wireshark-style TCP sequence analysis (tcp.analysis.* of packet-tcp.c, Wireshark 4.0), per TCP
// connection. docs/tcp-analysis.md lists the flags and every known difference.
import { Decode, type PacketTable, TcpFlag } from '../../capture/packet-table';
import { Analysis, type DirValue } from '../model';
import { BASE_SET, D, DIRECTION_WORDS, IS_FIRST_ACK, initDirection, VALID_BIF } from './direction-state';
import { applyOptionsAt, optionLowerBound } from './options';
import { nsBetween } from './seq-space';
import {
  bytesInFlight,
  checkAckedUnseen,
  classifyRetransmission,
  classifySegment,
  recordSegment,
  type Segment,
} from './sequence-analysis';
import { SegmentPool, type SeqRange, UnackedSegments } from './unacked-segments';
import { verifyWindowScalingAt } from './window-scale';

const SYN_ACK = TcpFlag.SYN | TcpFlag.ACK;

/** Words of both directions' state (direction-state.ts): direction 0, then 1. */
export const ANALYZER_DIRECTION_WORDS = 2 * DIRECTION_WORDS;
// The handshake timing: a flag word, the SYN's time, and the RTT in ns as a float64 at an even offset.
const HAS_SYN_TIME = 0;
const SYN_SEC = 1;
const SYN_NS = 2;
const FIRST_RTT_NS = 4;
/** Words of the handshake timing (placed at an even offset). */
export const HANDSHAKE_WORDS = 6;

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

/**
 * The analysis of one connection at a time. Its state lives in words of a record buffer seen as `u`,
 * `i` and `f` (flow-record.ts): the directions at `dirsAt`, the handshake timing at `hsAt`. The flow
 * builder keeps one analyzer and points it at each packet's connection (`bind`); `new TcpAnalyzer()`
 * analyzes one connection with storage of its own.
 */
export class TcpAnalyzer {
  /** tcp.analysis.duplicate_ack_num of the last analyzed packet (0 when not a dup-ack). */
  dupAckNum = 0;
  /** tcp.analysis.bytes_in_flight of the last analyzed packet (0 when Wireshark shows none). */
  bytesInFlight = 0;

  private u: Uint32Array;
  private i: Int32Array;
  private f: Float64Array;
  private dirsAt = 0;
  private hsAt = 0;
  private pool: SegmentPool | null = null;
  /** Views of each direction's unacknowledged segments. */
  private readonly segments = [new UnackedSegments(), new UnackedSegments()] as const;
  /** Lower bound for this flow's next lookup in the sparse option table (standalone use only). */
  private optionCursor = 0;
  /** Reused per packet so that analysis allocates nothing. */
  private readonly seg: Segment = { seq: 0, ack: 0, len: 0, flags: 0, win: 0, sec: 0, ns: 0 };
  private readonly range: SeqRange = { seq: 0, next: 0 };

  /** An analyzer for one connection, with storage of its own. */
  constructor() {
    const buf = new ArrayBuffer((ANALYZER_DIRECTION_WORDS + HANDSHAKE_WORDS) * 4);
    this.u = new Uint32Array(buf);
    this.i = new Int32Array(buf);
    this.f = new Float64Array(buf);
    TcpAnalyzer.init(this.u, 0, ANALYZER_DIRECTION_WORDS);
    this.attach(this.u, this.i, this.f, 0, ANALYZER_DIRECTION_WORDS, new SegmentPool());
  }

  /** Sets up a fresh connection's state: directions at `dirsAt`, handshake timing at `hsAt`. */
  static init(words: Uint32Array, dirsAt: number, hsAt: number): void {
    initDirection(words, dirsAt);
    initDirection(words, dirsAt + DIRECTION_WORDS);
    words.fill(0, hsAt, hsAt + HANDSHAKE_WORDS);
  }

  /** Points the analyzer at a connection (see the class comment); `pool` holds the rings of its
   * unacknowledged segments. */
  bind(
    u: Uint32Array,
    i: Int32Array,
    f: Float64Array,
    dirsAt: number,
    hsAt: number,
    pool: SegmentPool,
  ): void {
    // Consecutive packets are often of the same connection.
    if (dirsAt !== this.dirsAt || u !== this.u || pool !== this.pool)
      this.attach(u, i, f, dirsAt, hsAt, pool);
  }

  private attach(
    u: Uint32Array,
    i: Int32Array,
    f: Float64Array,
    dirsAt: number,
    hsAt: number,
    pool: SegmentPool,
  ): void {
    // Storing the same arrays again would still cost write barriers: only offsets change per flow.
    if (this.u !== u) {
      this.u = u;
      this.i = i;
      this.f = f;
    }
    this.dirsAt = dirsAt;
    this.hsAt = hsAt;
    if (this.pool !== pool) this.pool = pool;
    this.segments[0].bind(u, dirsAt + D.UNACKED, pool);
    this.segments[1].bind(u, dirsAt + DIRECTION_WORDS + D.UNACKED, pool);
  }

  /** The relative-sequence base of direction `dir` (ISN, or first seq - 1), -1 before any segment. */
  baseSeq(dir: DirValue): number {
    const o = this.dirsAt + dir * DIRECTION_WORDS;
    return (this.u[o + D.BITS] ?? 0) & BASE_SET ? (this.u[o + D.BASE_SEQ] ?? 0) : -1;
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
    const fo = this.dirsAt + dir * DIRECTION_WORDS;
    const ro = this.dirsAt + (1 - dir) * DIRECTION_WORDS;
    this.checkRepeatedSyn(s, fo, ro);
    this.initBaseSeq(s, fo, ro);
    const bits = this.analyzeSequence(s, dir, fo, ro);
    this.trackHandshake(s, fo);
    const opt = optionRow ?? this.lookupOption(table, row);
    applyOptionsAt(table.options, opt, this.u, fo);
    if (s.flags & TcpFlag.SYN) verifyWindowScalingAt(this.u, fo, this.u, ro, (s.flags & TcpFlag.ACK) !== 0);
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
  private checkRepeatedSyn(s: Segment, fo: number, ro: number): void {
    const u = this.u;
    const baseSet = ((u[fo + D.BITS] ?? 0) & BASE_SET) !== 0;
    if ((s.flags & SYN_ACK) === TcpFlag.SYN && baseSet) {
      if (s.seq === u[fo + D.BASE_SEQ]) u[fo + D.NEXT_SEQ] = u[fo + D.MAX_SEQ_TO_BE_ACKED] ?? 0;
      else this.reset(fo, ro);
    } else if ((s.flags & SYN_ACK) === SYN_ACK && baseSet && s.seq !== u[fo + D.BASE_SEQ]) {
      u[fo + D.BASE_SEQ] = s.seq;
    }
  }

  /** The ISN of a SYN, else seq - 1 (issue 1542); the peer's from the first ACK number, ack - 1. */
  private initBaseSeq(s: Segment, fo: number, ro: number): void {
    const u = this.u;
    if (((u[fo + D.BITS] ?? 0) & BASE_SET) === 0) {
      u[fo + D.BASE_SEQ] = s.flags & TcpFlag.SYN ? s.seq : (s.seq - 1) >>> 0;
      u[fo + D.BITS] = (u[fo + D.BITS] ?? 0) | BASE_SET;
    }
    if (((u[ro + D.BITS] ?? 0) & BASE_SET) === 0 && s.flags & TcpFlag.ACK) {
      u[ro + D.BASE_SEQ] = (s.ack - 1) >>> 0;
      u[ro + D.BITS] = (u[ro + D.BITS] ?? 0) | BASE_SET;
    }
  }

  /** tcp_analyze_sequence_number. */
  private analyzeSequence(s: Segment, dir: DirValue, fo: number, ro: number): number {
    const u = this.u;
    const i = this.i;
    if (s.flags & TcpFlag.ACK) u[ro + D.BITS] = (u[ro + D.BITS] ?? 0) | VALID_BIF;
    let bits = classifySegment(s, u, i, fo, ro);
    if (bits & Analysis.DupAck) this.dupAckNum = i[fo + D.DUP_ACK_NUM] ?? 0;
    bits |= checkAckedUnseen(s, u, i, fo, ro);
    bits |= classifyRetransmission(s, u, i, fo, ro, bits, this.f, (this.hsAt + FIRST_RTT_NS) >> 1);
    const fwd = this.segments[dir];
    recordSegment(s, u, i, fo, bits, fwd, this.range);
    if (u[ro + D.UNACKED] !== 0) {
      this.range.seq = s.ack;
      this.segments[dir === 0 ? 1 : 0].ackRange(this.range);
    }
    this.bytesInFlight = bytesInFlight(s, u, fo, ro, fwd, this.range);
    return bits;
  }

  /**
   * dissect_tcp after the analysis: a SYN marks its side's first ACK as still to come (window scale
   * not yet in force, issue 14690) and a pure SYN is timed; the first non-SYN ACK after it gives
   * the handshake RTT, the out-of-order threshold.
   */
  private trackHandshake(s: Segment, fo: number): void {
    const u = this.u;
    const h = this.hsAt;
    if (s.flags & TcpFlag.SYN) {
      u[fo + D.BITS] = (u[fo + D.BITS] ?? 0) | IS_FIRST_ACK;
      if ((s.flags & TcpFlag.ACK) === 0) {
        u[h + HAS_SYN_TIME] = 1;
        this.i[h + SYN_SEC] = s.sec;
        this.i[h + SYN_NS] = s.ns;
      }
    }
    if ((s.flags & SYN_ACK) === TcpFlag.ACK) {
      if (u[h + HAS_SYN_TIME] === 1) {
        const rtt = (h + FIRST_RTT_NS) >> 1;
        // 0 while unknown, as nstime_is_zero in Wireshark (a zero RTT is measured again).
        if (this.f[rtt] === 0)
          this.f[rtt] = nsBetween(this.i[h + SYN_SEC] ?? 0, this.i[h + SYN_NS] ?? 0, s.sec, s.ns);
      }
      u[fo + D.BITS] = (u[fo + D.BITS] ?? 0) & ~IS_FIRST_ACK;
    }
  }

  private lookupOption(table: PacketTable, row: number): number {
    const options = table.options;
    const i = optionLowerBound(options, row, this.optionCursor);
    this.optionCursor = i;
    return i < options.length && options.packet[i] === row ? i : -1;
  }

  private reset(fo: number, ro: number): void {
    for (const o of [fo, ro]) {
      this.segments[o === this.dirsAt ? 0 : 1].clear();
      initDirection(this.u, o);
    }
    this.u[this.hsAt + HAS_SYN_TIME] = 0;
    this.f[(this.hsAt + FIRST_RTT_NS) >> 1] = 0;
  }
}
