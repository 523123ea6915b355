// Wireshark's base sequence numbers, one per direction (packet-tcp.c): they make seq/ack relative and
// decide port reuse. tcp_analyze_sequence_number sets a direction's base from its first segment (the
// SYN's seq, else seq - 1 so the first byte seen is 1) or, before that, from the first ACK the other
// direction sends (ack - 1). dissect_tcp re-bases a direction on a SYN-ACK whose seq differs
// (issue 16944) and flags it "port numbers reused". Sides are 0 and 1, whichever way the caller
// numbers them. Sequence numbers are handled as int32 (`seq | 0`): V8 keeps those unboxed, while
// uint32 values above 2^31 would be allocated as heap numbers at every call.
import { TcpFlag } from '../capture/packet-table';

const SYN_ACK = TcpFlag.SYN | TcpFlag.ACK;

export class SequenceBase {
  /** int32 views of the uint32 bases. */
  readonly base = new Int32Array(2);
  readonly known = [false, false];

  /** True when `side` already has a base and `seq` differs from it. */
  differs(side: 0 | 1, seq: number): boolean {
    return this.known[side] === true && this.base[side] !== (seq | 0);
  }

  /** The SYN-ACK case of dissect_tcp: re-bases and returns true when a SYN-ACK's seq differs. */
  rebaseSynAck(side: 0 | 1, flags: number, seq: number): boolean {
    if ((flags & SYN_ACK) !== SYN_ACK || !this.differs(side, seq)) return false;
    this.base[side] = seq;
    return true;
  }

  /** The base-setting part of tcp_analyze_sequence_number, for a segment sent by `side`. */
  observe(side: 0 | 1, flags: number, seq: number, ack: number): void {
    if (!this.known[side]) {
      this.base[side] = flags & TcpFlag.SYN ? seq : seq - 1;
      this.known[side] = true;
    }
    const other = side === 0 ? 1 : 0;
    if (!this.known[other] && flags & TcpFlag.ACK) {
      this.base[other] = ack - 1;
      this.known[other] = true;
    }
  }

  /** The base of `side` as an unsigned sequence number. */
  baseOf(side: 0 | 1): number {
    return (this.base[side] ?? 0) >>> 0;
  }

  /** `seq` sent by `side`, relative to its base (tcp.seq). */
  relSeq(side: 0 | 1, seq: number): number {
    return (seq - (this.base[side] ?? 0)) >>> 0;
  }

  /** `ack` sent by `side`, relative to the other side's base (tcp.ack). */
  relAck(side: 0 | 1, ack: number): number {
    return (ack - (this.base[side === 0 ? 1 : 0] ?? 0)) >>> 0;
  }
}
