// Wireshark-style TCP sequence analysis (tcp.analysis.* of packet-tcp.c, Wireshark 4.0), per TCP
// connection. docs/tcp-analysis.md lists the flags and every known difference.
import { Decode, type PacketTable, TcpFlag } from '../../capture/packet-table';
import type { DirValue } from '../model';
import {
  BASE_SEQ,
  BASE_SET,
  BITS,
  CONNECTION_WORDS,
  DIRECTION_WORDS,
  IS_FIRST_ACK,
  initDirection,
  MAX_SEQ_TO_BE_ACKED,
  NEXT_SEQ,
  UNACKED,
} from './direction-state';
import { applyOptionsAt, optionLowerBound } from './options';
import { analyzeSegment, rowsApartNs, type SegmentContext } from './sequence-analysis';
import { SegmentPool, type SeqRange } from './unacked-segments';
import { verifyWindowScalingAt } from './window-scale';

const SYN_ACK = TcpFlag.SYN | TcpFlag.ACK;

/** Words of both directions' state (direction-state.ts): direction 0, then 1. */
export const ANALYZER_DIRECTION_WORDS = 2 * DIRECTION_WORDS;
// The handshake timing, in direction 0's spare words (rows + 1, 0 = none): the last pure SYN, and the
// two rows the handshake RTT was measured between (the SYN's and the first ACK's after it).
const SYN_ROW = CONNECTION_WORDS;
const RTT_FROM = CONNECTION_WORDS + 1;
const RTT_TO = CONNECTION_WORDS + 2;

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

/** The analyzer's side of sequence-analysis.ts: lists, scratch range, figures, and the RTT. */
class AnalyzerContext implements SegmentContext {
  u: Uint32Array;
  /** Direction 0's words, where the handshake timing is. */
  dirsAt = 0;
  pool: SegmentPool;
  readonly range: SeqRange = { seq: 0, next: 0 };
  dupAckNum = 0;
  bytesInFlight = 0;

  constructor(u: Uint32Array, pool: SegmentPool) {
    this.u = u;
    this.pool = pool;
  }

  /** The handshake RTT in ns (the out-of-order threshold), 0 while unknown. */
  rttNs(t: PacketTable): number {
    const to = this.u[this.dirsAt + RTT_TO] ?? 0;
    if (to === 0) return 0;
    return rowsApartNs(t, (this.u[this.dirsAt + RTT_FROM] ?? 0) - 1, to - 1);
  }
}

/**
 * The analysis of one connection at a time. Its state lives in words of a record buffer seen as `u`
 * and `i` (flow-record.ts): both directions from `dirsAt`. The flow builder keeps one analyzer and
 * points it at each packet's connection (`bind`); `new TcpAnalyzer()` analyzes one connection with
 * storage of its own.
 */
export class TcpAnalyzer {
  private u: Uint32Array;
  private i: Int32Array;
  private dirsAt = 0;
  /** Reused per packet so that analysis allocates nothing. */
  private readonly cx: AnalyzerContext;
  /** Lower bound for this flow's next lookup in the sparse option table (standalone use only). */
  private optionCursor = 0;

  /** An analyzer for one connection, with storage of its own. */
  constructor() {
    this.u = new Uint32Array(ANALYZER_DIRECTION_WORDS);
    this.i = new Int32Array(this.u.buffer);
    TcpAnalyzer.init(this.u, 0);
    this.cx = new AnalyzerContext(this.u, new SegmentPool());
  }

  /** tcp.analysis.duplicate_ack_num of the last analyzed packet (0 when not a dup-ack). */
  get dupAckNum(): number {
    return this.cx.dupAckNum;
  }

  /** tcp.analysis.bytes_in_flight of the last analyzed packet (0 when Wireshark shows none). */
  get bytesInFlight(): number {
    return this.cx.bytesInFlight;
  }

  /** Sets up a fresh connection's state: both directions at `dirsAt`. */
  static init(words: Uint32Array, dirsAt: number): void {
    initDirection(words, dirsAt);
    initDirection(words, dirsAt + DIRECTION_WORDS);
  }

  /** Points the analyzer at a connection's directions, `dirsAt` in `u` and `i` (views of the same
   * buffer); `pool` holds the rings of its unacknowledged segments. Only the offset changes from
   * flow to flow. */
  bind(u: Uint32Array, i: Int32Array, dirsAt: number, pool: SegmentPool): void {
    const cx = this.cx;
    // Storing the same objects again would still cost write barriers.
    if (this.u !== u) {
      this.u = u;
      this.i = i;
      cx.u = u;
    }
    if (cx.pool !== pool) cx.pool = pool;
    this.dirsAt = dirsAt;
    cx.dirsAt = dirsAt;
  }

  /** The relative-sequence base of direction `dir` (ISN, or first seq - 1), -1 before any segment. */
  baseSeq(dir: DirValue): number {
    const o = this.dirsAt + dir * DIRECTION_WORDS;
    return (this.u[o + BITS] ?? 0) & BASE_SET ? (this.u[o + BASE_SEQ] ?? 0) : -1;
  }

  /**
   * Analyzes packet `row` of this flow sent in direction `dir` (0 = client→server). Packets must be
   * given in frame order. Returns Analysis bits (model.ts), all but PortReused, which the flow
   * builder sets. `optionRow` (optional) is the row's index in table.options, or -1 when it has
   * none; without it the analyzer finds it (a galloping search from its last answer).
   */
  analyze(table: PacketTable, row: number, dir: DirValue, optionRow?: number): number {
    const cx = this.cx;
    cx.dupAckNum = 0;
    cx.bytesInFlight = 0;
    if (!isAnalyzable(table.decode[row] ?? 0)) return 0;
    const u = this.u;
    const flags = table.tcpFlags[row] ?? 0;
    const fo = this.dirsAt + dir * DIRECTION_WORDS;
    const ro = this.dirsAt + (1 - dir) * DIRECTION_WORDS;
    // Past the handshake both bases are known and a non-SYN segment leaves them alone.
    if (flags & TcpFlag.SYN || ((u[fo + BITS] ?? 0) & (u[ro + BITS] ?? 0) & BASE_SET) === 0) {
      this.checkRepeatedSyn(table, row, fo, ro);
      this.initBaseSeq(table, row, fo, ro);
    }
    const bits = analyzeSegment(table, row, u, this.i, fo, ro, cx);
    this.trackHandshake(table, row, flags, fo);
    const opt = optionRow ?? this.lookupOption(table, row);
    applyOptionsAt(table.options, opt, u, fo);
    if (flags & TcpFlag.SYN) verifyWindowScalingAt(u, fo, u, ro, (flags & TcpFlag.ACK) !== 0);
    return bits;
  }

  /**
   * dissect_tcp before the analysis: a SYN repeating the ISN restores nextseq (issue 17616: a RST
   * may have moved it); a SYN with a new ISN starts a new conversation (the flow builder normally
   * gives it a new analyzer; if it reaches this one, start over as Wireshark does); a SYN-ACK with a
   * new ISN becomes the base (the flow builder flags it PortReused).
   */
  private checkRepeatedSyn(table: PacketTable, row: number, fo: number, ro: number): void {
    const u = this.u;
    const flags = table.tcpFlags[row] ?? 0;
    const seq = table.seq[row] ?? 0;
    const baseSet = ((u[fo + BITS] ?? 0) & BASE_SET) !== 0;
    if ((flags & SYN_ACK) === TcpFlag.SYN && baseSet) {
      if (seq === u[fo + BASE_SEQ]) u[fo + NEXT_SEQ] = u[fo + MAX_SEQ_TO_BE_ACKED] ?? 0;
      else this.reset(fo, ro);
    } else if ((flags & SYN_ACK) === SYN_ACK && baseSet && seq !== u[fo + BASE_SEQ]) {
      u[fo + BASE_SEQ] = seq;
    }
  }

  /** The ISN of a SYN, else seq - 1 (issue 1542); the peer's from the first ACK number, ack - 1. */
  private initBaseSeq(table: PacketTable, row: number, fo: number, ro: number): void {
    const u = this.u;
    const flags = table.tcpFlags[row] ?? 0;
    if (((u[fo + BITS] ?? 0) & BASE_SET) === 0) {
      const seq = table.seq[row] ?? 0;
      u[fo + BASE_SEQ] = flags & TcpFlag.SYN ? seq : (seq - 1) >>> 0;
      u[fo + BITS] = (u[fo + BITS] ?? 0) | BASE_SET;
    }
    if (((u[ro + BITS] ?? 0) & BASE_SET) === 0 && flags & TcpFlag.ACK) {
      u[ro + BASE_SEQ] = ((table.ack[row] ?? 0) - 1) >>> 0;
      u[ro + BITS] = (u[ro + BITS] ?? 0) | BASE_SET;
    }
  }

  /**
   * dissect_tcp after the analysis: a SYN marks its side's first ACK as still to come (window scale
   * not yet in force, issue 14690) and a pure SYN is timed; the first non-SYN ACK after it gives
   * the handshake RTT, the out-of-order threshold (measured again while it comes out 0, as
   * nstime_is_zero in Wireshark: only a non-zero RTT is kept).
   */
  private trackHandshake(table: PacketTable, row: number, flags: number, fo: number): void {
    const u = this.u;
    const h = this.dirsAt;
    if (flags & TcpFlag.SYN) {
      u[fo + BITS] = (u[fo + BITS] ?? 0) | IS_FIRST_ACK;
      if ((flags & TcpFlag.ACK) === 0) u[h + SYN_ROW] = row + 1;
    } else if (flags & TcpFlag.ACK) {
      const syn = u[h + SYN_ROW] ?? 0;
      if (syn !== 0 && u[h + RTT_TO] === 0 && rowsApartNs(table, syn - 1, row) !== 0) {
        u[h + RTT_FROM] = syn;
        u[h + RTT_TO] = row + 1;
      }
      u[fo + BITS] = (u[fo + BITS] ?? 0) & ~IS_FIRST_ACK;
    }
  }

  private lookupOption(table: PacketTable, row: number): number {
    const options = table.options;
    const i = optionLowerBound(options, row, this.optionCursor);
    this.optionCursor = i;
    return i < options.length && options.packet[i] === row ? i : -1;
  }

  /** Both directions start over (a SYN with a new ISN), the handshake timing with them. */
  private reset(fo: number, ro: number): void {
    for (const o of [fo, ro]) {
      this.cx.pool.clear(this.u, o + UNACKED);
      initDirection(this.u, o);
    }
  }
}
