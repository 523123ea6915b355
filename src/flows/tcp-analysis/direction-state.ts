import { LIST_WORDS, SegmentPool, UnackedSegments } from './unacked-segments';

/** Window scale unknown (no handshake seen yet): packet-tcp.c's win_scale -1. */
export const WSCALE_UNKNOWN = -1;
/** The handshake showed window scaling is not used: packet-tcp.c's win_scale -2. */
export const WSCALE_NONE = -2;

// What one direction of a TCP connection has sent, as packet-tcp.c tracks it in `tcp_flow_t` and
// `tcp_analyze_seq_flow_info_t`: sixteen 32-bit words (one cache line) of a flow record
// (flow-record.ts), read as uint32 (sequence numbers, windows) or int32 (rows, counters) through two
// views of the same buffer. Sequence numbers are raw uint32 values and, as in Wireshark, 0 in
// NEXT_SEQ / MAX_SEQ_TO_BE_ACKED means "nothing seen yet". Times are kept as packet-table rows (the
// table has the exact timestamps), read only on the rare paths that need them. The analysis
// (sequence-analysis.ts) reads and writes these words directly. The word offsets are plain constants,
// not fields of an object: they are used dozens of times per segment, and a field read costs V8 a
// load and a shape check each time.
/** Highest seq + len seen (SYN/FIN count one): the next expected sequence number. */
export const NEXT_SEQ = 0;
/** Acknowledgment number of this direction's last segment. */
export const LAST_ACK = 1;
/** Highest contiguous sequence number sent, for "ACKed unseen segment". */
export const MAX_SEQ_TO_BE_ACKED = 2;
/** Raw (unscaled) window of the last segment; 0xffffffff before any. */
export const WINDOW = 3;
/** Relative sequence base (ISN, or first seq - 1 without a SYN); valid with BASE_SET. */
export const BASE_SEQ = 4;
/** BASE_SET, VALID_BIF, IS_FIRST_ACK bits; the window scale shift (int8, bits 8-15); the Analysis
 * bits of the last segment (bits 16-31). */
export const BITS = 5;
/** Duplicate-ACK counter; -1 after an "ACKed unseen segment" in the other direction. */
export const DUP_ACK_NUM = 6;
/** The row at which NEXT_SEQ last advanced, and the row of this direction's last segment (when
 * LAST_ACK was sent). */
export const NEXT_SEQ_ROW = 7;
export const LAST_ACK_ROW = 8;
/** Bytes covered by the (first three) SACK blocks of this direction's last segment. */
export const SACK_BYTES = 9;
/** Three words the connection keeps in its first direction's line (analyzer.ts: the handshake). */
export const CONNECTION_WORDS = 10;
/** The unacknowledged segments (unacked-segments.ts): LIST_WORDS words, to the end of the line. */
export const UNACKED = 13;
/** Words one direction takes in a record. */
export const DIRECTION_WORDS = 16;
if (UNACKED + LIST_WORDS > DIRECTION_WORDS || CONNECTION_WORDS + 3 > UNACKED) {
  throw new Error('direction state overflows its line');
}

export const BASE_SET = 1;
/** Bytes in flight are reported only while this is set (cleared by a lost segment). */
export const VALID_BIF = 2;
/** Set by this direction's SYN, cleared by its first non-SYN ACK (Wireshark issue 14690). */
export const IS_FIRST_ACK = 4;

/** The window scale shift in a BITS word: WSCALE_UNKNOWN, WSCALE_NONE or 0-14. */
export function winScaleOf(bits: number): number {
  return (bits << 16) >> 24;
}

export function withWinScale(bits: number, shift: number): number {
  return (bits & ~0xff00) | ((shift & 0xff) << 8);
}

/** Sets up a fresh direction at `o` in `words`. */
export function initDirection(words: Uint32Array, o: number): void {
  words.fill(0, o, o + DIRECTION_WORDS);
  words[o + BITS] = withWinScale(VALID_BIF, WSCALE_UNKNOWN);
  words[o + WINDOW] = 0xffffffff;
}

/**
 * A direction with storage of its own, or a view of one in a record (`bind`), with named accessors:
 * for tests and for code off the per-packet path.
 */
export class TcpDirection {
  u: Uint32Array;
  i: Int32Array;
  o = 0;
  /** The segments this direction sent that the other has not acknowledged yet. */
  readonly segments = new UnackedSegments();

  constructor() {
    const buf = new ArrayBuffer(DIRECTION_WORDS * 4);
    this.u = new Uint32Array(buf);
    this.i = new Int32Array(buf);
    initDirection(this.u, 0);
    this.segments.bind(this.u, UNACKED, new SegmentPool());
  }

  /** Points this view at the direction stored at `o` (u32 and i32 view the same buffer). */
  bind(u: Uint32Array, i: Int32Array, o: number, pool: SegmentPool): void {
    this.u = u;
    this.i = i;
    this.o = o;
    this.segments.bind(u, o + UNACKED, pool);
  }

  get baseSeq(): number {
    return this.u[this.o + BASE_SEQ] ?? 0;
  }
  get baseSet(): boolean {
    return ((this.u[this.o + BITS] ?? 0) & BASE_SET) !== 0;
  }
  get nextSeq(): number {
    return this.u[this.o + NEXT_SEQ] ?? 0;
  }
  get lastAck(): number {
    return this.u[this.o + LAST_ACK] ?? 0;
  }
  set lastAck(v: number) {
    this.u[this.o + LAST_ACK] = v;
  }
  get window(): number {
    return this.u[this.o + WINDOW] ?? 0;
  }
  set window(v: number) {
    this.u[this.o + WINDOW] = v;
  }
  get winScale(): number {
    return winScaleOf(this.u[this.o + BITS] ?? 0);
  }
  set winScale(v: number) {
    this.u[this.o + BITS] = withWinScale(this.u[this.o + BITS] ?? 0, v);
  }
  get isFirstAck(): boolean {
    return ((this.u[this.o + BITS] ?? 0) & IS_FIRST_ACK) !== 0;
  }
  set isFirstAck(v: boolean) {
    const bits = this.u[this.o + BITS] ?? 0;
    this.u[this.o + BITS] = v ? bits | IS_FIRST_ACK : bits & ~IS_FIRST_ACK;
  }
  get sackBytes(): number {
    return this.u[this.o + SACK_BYTES] ?? 0;
  }
}
