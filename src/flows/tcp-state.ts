// Both endpoints' TCP states (RFC 9293 §3.3.2, figure 5) as seen from the wire. The model: every
// captured segment reaches its receiver at the moment it was captured, so one segment can move both
// its sender and its receiver. Two deliberate choices (docs/flows.md):
// - a SYN leaves its receiver in LISTEN until that side answers with a SYN-ACK (the SYN may have been
//   lost, or nothing was listening and a RST comes back), so SYN_RECEIVED means "SYN-ACK sent";
// - a RST closes both ends at once, and nothing leaves CLOSED again except a new SYN.
// Sides are 0 and 1 (the flow builder maps them to client and server).
import { type PacketTable, TcpFlag } from '../capture/packet-table';
import { TcpState } from './model';

const {
  CLOSED,
  LISTEN,
  SYN_SENT,
  SYN_RECEIVED,
  ESTABLISHED,
  FIN_WAIT_1,
  FIN_WAIT_2,
  CLOSING,
  TIME_WAIT,
  CLOSE_WAIT,
  LAST_ACK,
} = TcpState;

/** a ≥ b in 32-bit sequence space (RFC 9293 §3.4: arithmetic modulo 2^32). */
export function seqGE(a: number, b: number): boolean {
  return ((a - b) | 0) >= 0;
}

// Layout in a flow record: one word with both states (bits 0-7 side 0, 8-15 side 1) and a FIN-sent bit
// per side (bits 16, 17), then the sequence number just after each side's FIN (what ACKs it).
const STATES = 0;
const FIN_END = 1;
const FIN_SENT = 16;
/** Words the endpoints take in a flow record (flow-record.ts). */
export const ENDPOINT_WORDS = 3;

/**
 * Per-connection state-machine memory: each side's state and what each side's FIN covers. A view over
 * ENDPOINT_WORDS words of an Int32Array (a flow record), so that the flow builder keeps no object per
 * connection for it (`bind`); `new TcpEndpoints()` has storage of its own. A segment's step reads both
 * states into locals (the sender's `me`, the receiver's `peer`), moves them, and writes the word back.
 */
export class TcpEndpoints {
  private i: Int32Array = new Int32Array(ENDPOINT_WORDS);
  private o = 0;

  /** Points the view at the endpoints stored at `o` in `i`. */
  bind(i: Int32Array, o: number): void {
    if (this.i !== i) this.i = i;
    this.o = o;
  }

  /** The TcpState of `side`. */
  state(side: 0 | 1): number {
    return ((this.i[this.o + STATES] ?? 0) >> (side * 8)) & 0xff;
  }

  /** Whether `side` has sent a FIN. */
  finSent(side: number): boolean {
    return ((this.i[this.o + STATES] ?? 0) & (1 << (FIN_SENT + side))) !== 0;
  }

  /** Sets both states before the first packet: how a connection first seen at `flags` must have stood. */
  start(firstSender: 0 | 1, flags: number): void {
    const syn = (flags & TcpFlag.SYN) !== 0;
    const ack = (flags & TcpFlag.ACK) !== 0;
    let me: number;
    let peer: number;
    if (syn && !ack) {
      me = CLOSED;
      peer = LISTEN;
    } else if (syn) {
      // A SYN-ACK first: its receiver must have sent the (uncaptured) SYN.
      me = LISTEN;
      peer = SYN_SENT;
    } else {
      // Mid-stream: the handshake happened before the capture began.
      me = ESTABLISHED;
      peer = ESTABLISHED;
    }
    this.store(firstSender, me, peer, (this.i[this.o + STATES] ?? 0) & (3 << FIN_SENT));
  }

  /**
   * Moves both sides for segment `row` of `t`, sent by `side`. Sequence numbers are read from the
   * table, never passed (a call would box a large one: see tcp-analysis/sequence-analysis.ts).
   */
  apply(side: 0 | 1, t: PacketTable, row: number): void {
    const flags = t.tcpFlags[row] ?? 0;
    const word = this.i[this.o + STATES] ?? 0;
    let me = (word >> (side * 8)) & 0xff;
    let peer = (word >> ((1 - side) * 8)) & 0xff;
    let fins = word & (3 << FIN_SENT);
    if (flags & TcpFlag.RST) {
      // RFC 9293 §3.10.7: an acceptable RST aborts the connection; we assume it was acceptable.
      me = CLOSED;
      peer = CLOSED;
    } else if (flags & TcpFlag.SYN) {
      if (flags & TcpFlag.ACK) {
        if (me === CLOSED || me === LISTEN || me === SYN_SENT) me = SYN_RECEIVED;
        // The SYN-ACK completes the receiver's active open (it answers with the third ACK).
        if (peer === SYN_SENT || peer === SYN_RECEIVED) peer = ESTABLISHED;
      } else {
        if (me === CLOSED || me === LISTEN) me = SYN_SENT;
        // Simultaneous open (RFC 9293 §3.5, figure 7): a SYN reaching a side in SYN_SENT.
        if (peer === SYN_SENT) peer = SYN_RECEIVED;
      }
    } else {
      const peerFin = (fins & (1 << (FIN_SENT + 1 - side))) !== 0;
      // The ACK covers the peer's FIN (the sequence number just after it): seqGE, written out.
      const ackedPeerFin =
        (flags & TcpFlag.ACK) !== 0 &&
        peerFin &&
        (((t.ack[row] ?? 0) - (this.i[this.o + FIN_END + 1 - side] ?? 0)) | 0) >= 0;
      if (flags & TcpFlag.ACK) {
        // Sending a plain ACK means the sender finished its handshake even if we missed a packet of it.
        if (me === SYN_SENT || me === SYN_RECEIVED || me === LISTEN) me = ESTABLISHED;
        if (peer === SYN_RECEIVED || peer === LISTEN) {
          peer = ESTABLISHED;
        } else if (ackedPeerFin) {
          // The receiver's FIN is acknowledged (RFC 9293 §3.10.7.4, the FIN_WAIT_1, CLOSING,
          // LAST_ACK cases).
          if (peer === FIN_WAIT_1) peer = FIN_WAIT_2;
          else if (peer === CLOSING) peer = TIME_WAIT;
          else if (peer === LAST_ACK) peer = CLOSED;
        }
      }
      if (flags & TcpFlag.FIN) {
        const mine = 1 << (FIN_SENT + side);
        if ((fins & mine) === 0) {
          fins |= mine;
          this.i[this.o + FIN_END + side] = ((t.seq[row] ?? 0) + (t.payloadLength[row] ?? 0) + 1) | 0;
        }
        const step = finStep(me, peer, ackedPeerFin);
        me = step & 0xff;
        peer = step >> 8;
      }
    }
    this.store(side, me, peer, fins);
  }

  /** Writes the states of `side` (`me`) and of the other side (`peer`) with the FIN bits `fins`. */
  private store(side: 0 | 1, me: number, peer: number, fins: number): void {
    const s0 = side === 0 ? me : peer;
    const s1 = side === 0 ? peer : me;
    this.i[this.o + STATES] = fins | s0 | (s1 << 8);
  }
}

/**
 * A FIN from the side in state `me` reaching the side in state `peer` (`ackedPeerFin`: the segment
 * also acknowledges the peer's FIN). Returns both new states, me | peer << 8.
 */
function finStep(me: number, peer: number, ackedPeerFin: boolean): number {
  if (me === ESTABLISHED || me === SYN_RECEIVED) me = FIN_WAIT_1;
  else if (me === CLOSE_WAIT) {
    // A FIN that does not acknowledge the peer's FIN was sent before that FIN arrived: the two FINs
    // crossed (simultaneous close, RFC 9293 figure 13), so this side goes to CLOSING.
    me = ackedPeerFin ? LAST_ACK : CLOSING;
    if (!ackedPeerFin && peer === FIN_WAIT_1) return me | (CLOSING << 8);
  }
  // The FIN reaches the receiver (RFC 9293 §3.10.7.4, eighth step).
  if (peer === ESTABLISHED || peer === SYN_RECEIVED) peer = CLOSE_WAIT;
  else if (peer === FIN_WAIT_1) peer = CLOSING;
  else if (peer === FIN_WAIT_2) peer = TIME_WAIT;
  return me | (peer << 8);
}
