// Wireshark's base sequence numbers, one per direction (packet-tcp.c): they make seq/ack relative and
// decide port reuse. tcp_analyze_sequence_number sets a direction's base from its first segment (the
// SYN's seq, else seq - 1 so the first byte seen is 1) or, before that, from the first ACK the other
// direction sends (ack - 1). dissect_tcp re-bases a direction on a SYN-ACK whose seq differs
// (issue 16944) and flags it "port numbers reused". Sides are 0 and 1, whichever way the caller
// numbers them. Sequence numbers are handled as int32 (`seq | 0`), as they are stored.
import { TcpFlag } from '../capture/packet-table';

const SYN_ACK = TcpFlag.SYN | TcpFlag.ACK;

/** Words the two bases take in a flow record (flow-record.ts): int32 views of the uint32 values. */
export const SEQUENCE_BASE_WORDS = 2;

/**
 * A view over the two bases at `o` of an Int32Array (a flow record) and a "known" bit per side in
 * another word of it (`knownAt`, bit `knownBit` for side 0, the next bit for side 1), so the flow
 * builder keeps no object per connection for it (`bind`); `new SequenceBase()` has storage of its
 * own.
 */
export class SequenceBase {
  private i: Int32Array = new Int32Array(SEQUENCE_BASE_WORDS + 1);
  private o = 0;
  private knownAt = SEQUENCE_BASE_WORDS;
  private knownBit = 1;

  /** Points the view at bases stored at `o` in `i`, their known bits at `knownAt` (zeroed words are
   * "no base yet"). */
  bind(i: Int32Array, o: number, knownAt: number, knownBit: number): void {
    // Storing the same array again would still cost a write barrier: skip it.
    if (this.i !== i) this.i = i;
    this.o = o;
    this.knownAt = knownAt;
    this.knownBit = knownBit;
  }

  /** Whether `side` has a base yet. */
  isKnown(side: 0 | 1): boolean {
    return ((this.i[this.knownAt] ?? 0) & (this.knownBit << side)) !== 0;
  }

  /** True when `side` already has a base and `seq` differs from it. */
  differs(side: 0 | 1, seq: number): boolean {
    return this.isKnown(side) && this.i[this.o + side] !== (seq | 0);
  }

  /** The SYN-ACK case of dissect_tcp: re-bases and returns true when a SYN-ACK's seq differs. */
  rebaseSynAck(side: 0 | 1, flags: number, seq: number): boolean {
    if ((flags & SYN_ACK) !== SYN_ACK || !this.differs(side, seq)) return false;
    this.i[this.o + side] = seq;
    return true;
  }

  /** The base-setting part of tcp_analyze_sequence_number, for a segment sent by `side`. */
  observe(side: 0 | 1, flags: number, seq: number, ack: number): void {
    const i = this.i;
    const o = this.o;
    const bit = this.knownBit;
    let known = i[this.knownAt] ?? 0;
    if ((known & (bit << side)) === 0) {
      i[o + side] = flags & TcpFlag.SYN ? seq : seq - 1;
      known |= bit << side;
    }
    const other = side === 0 ? 1 : 0;
    if ((known & (bit << other)) === 0 && flags & TcpFlag.ACK) {
      i[o + other] = ack - 1;
      known |= bit << other;
    }
    i[this.knownAt] = known;
  }

  /** The base of `side` as an unsigned sequence number. */
  baseOf(side: 0 | 1): number {
    return SequenceBase.baseAt(this.i, this.o, side);
  }

  /** baseOf for the bases stored at `o` in `i`, without a view. */
  static baseAt(i: Int32Array, o: number, side: 0 | 1): number {
    return (i[o + side] ?? 0) >>> 0;
  }

  /** `seq` sent by `side`, relative to its base (tcp.seq). */
  relSeq(side: 0 | 1, seq: number): number {
    return (seq - (this.i[this.o + side] ?? 0)) >>> 0;
  }

  /** `ack` sent by `side`, relative to the other side's base (tcp.ack). */
  relAck(side: 0 | 1, ack: number): number {
    return (ack - (this.i[this.o + (side === 0 ? 1 : 0)] ?? 0)) >>> 0;
  }
}
