// Both endpoints' TCP states (RFC 9293 §3.3.2, figure 5) as seen from the wire. The model: every
// captured segment reaches its receiver at the moment it was captured, so one segment can move both
// its sender and its receiver. Two deliberate choices (docs/flows.md):
// - a SYN leaves its receiver in LISTEN until that side answers with a SYN-ACK (the SYN may have been
//   lost, or nothing was listening and a RST comes back), so SYN_RECEIVED means "SYN-ACK sent";
// - a RST closes both ends at once, and nothing leaves CLOSED again except a new SYN.
// Sides are 0 and 1 (the flow builder maps them to client and server).
import { TcpFlag } from '../capture/packet-table';
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
 * connection for it (`bind`); `new TcpEndpoints()` has storage of its own. Each step reads both
 * states into locals (`st`), moves them, and writes them back.
 */
export class TcpEndpoints {
  private i: Int32Array = new Int32Array(ENDPOINT_WORDS);
  private o = 0;
  /** The two states while a segment is applied: [side 0, side 1]. */
  private readonly st = [0, 0];

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
    const st = this.st;
    const s = firstSender;
    const r = 1 - firstSender;
    const syn = (flags & TcpFlag.SYN) !== 0;
    const ack = (flags & TcpFlag.ACK) !== 0;
    if (syn && !ack) {
      st[s] = CLOSED;
      st[r] = LISTEN;
    } else if (syn) {
      // A SYN-ACK first: its receiver must have sent the (uncaptured) SYN.
      st[s] = LISTEN;
      st[r] = SYN_SENT;
    } else {
      // Mid-stream: the handshake happened before the capture began.
      st[s] = ESTABLISHED;
      st[r] = ESTABLISHED;
    }
    this.store();
  }

  /** Moves both sides for one segment sent by `side`. `len` is the payload length. */
  apply(side: 0 | 1, flags: number, seq: number, len: number, ack: number): void {
    const r = (1 - side) as 0 | 1;
    const st = this.st;
    const word = this.i[this.o + STATES] ?? 0;
    st[0] = word & 0xff;
    st[1] = (word >> 8) & 0xff;
    if (flags & TcpFlag.RST) {
      // RFC 9293 §3.10.7: an acceptable RST aborts the connection; we assume it was acceptable.
      st[side] = CLOSED;
      st[r] = CLOSED;
    } else if (flags & TcpFlag.SYN) {
      if (flags & TcpFlag.ACK) this.synAck(side, r);
      else this.syn(side, r);
    } else {
      if (flags & TcpFlag.ACK) this.ackArrives(side, r, ack);
      if (flags & TcpFlag.FIN) this.fin(side, r, seq, len, (flags & TcpFlag.ACK) !== 0, ack);
    }
    this.store();
  }

  private store(): void {
    const at = this.o + STATES;
    const fins = (this.i[at] ?? 0) & (3 << FIN_SENT);
    this.i[at] = fins | (this.st[0] ?? 0) | ((this.st[1] ?? 0) << 8);
  }

  private syn(s: 0 | 1, r: 0 | 1): void {
    const st = this.st;
    if (st[s] === CLOSED || st[s] === LISTEN) st[s] = SYN_SENT;
    // Simultaneous open (RFC 9293 §3.5, figure 7): a SYN reaching a side in SYN_SENT.
    if (st[r] === SYN_SENT) st[r] = SYN_RECEIVED;
  }

  private synAck(s: 0 | 1, r: 0 | 1): void {
    const st = this.st;
    if (st[s] === CLOSED || st[s] === LISTEN || st[s] === SYN_SENT) st[s] = SYN_RECEIVED;
    // The SYN-ACK completes the receiver's active open (it answers with the third ACK).
    if (st[r] === SYN_SENT || st[r] === SYN_RECEIVED) st[r] = ESTABLISHED;
  }

  /** A non-SYN segment with ACK: proof of a finished handshake, and maybe the ACK of a FIN. */
  private ackArrives(s: 0 | 1, r: 0 | 1, ack: number): void {
    const st = this.st;
    // Sending a plain ACK means the sender finished its handshake even if we missed a packet of it.
    if (st[s] === SYN_SENT || st[s] === SYN_RECEIVED || st[s] === LISTEN) st[s] = ESTABLISHED;
    if (st[r] === SYN_RECEIVED || st[r] === LISTEN) {
      st[r] = ESTABLISHED;
      return;
    }
    if (!this.finSent(r) || !seqGE(ack, this.i[this.o + FIN_END + r] ?? 0)) return;
    // The receiver's FIN is acknowledged (RFC 9293 §3.10.7.4, the FIN_WAIT_1, CLOSING, LAST_ACK cases).
    if (st[r] === FIN_WAIT_1) st[r] = FIN_WAIT_2;
    else if (st[r] === CLOSING) st[r] = TIME_WAIT;
    else if (st[r] === LAST_ACK) st[r] = CLOSED;
  }

  private fin(s: 0 | 1, r: 0 | 1, seq: number, len: number, hasAck: boolean, ack: number): void {
    const st = this.st;
    const i = this.i;
    const o = this.o;
    if (!this.finSent(s)) {
      i[o + STATES] = (i[o + STATES] ?? 0) | (1 << (FIN_SENT + s));
      i[o + FIN_END + s] = (seq + len + 1) | 0;
    }
    const ackedPeerFin = hasAck && this.finSent(r) && seqGE(ack, i[o + FIN_END + r] ?? 0);
    if (st[s] === ESTABLISHED || st[s] === SYN_RECEIVED) st[s] = FIN_WAIT_1;
    else if (st[s] === CLOSE_WAIT) {
      // A FIN that does not acknowledge the peer's FIN was sent before that FIN arrived: the two
      // FINs crossed (simultaneous close, RFC 9293 figure 13), so this side goes to CLOSING.
      st[s] = ackedPeerFin ? LAST_ACK : CLOSING;
      if (!ackedPeerFin && st[r] === FIN_WAIT_1) {
        st[r] = CLOSING;
        return;
      }
    }
    // The FIN reaches the receiver (RFC 9293 §3.10.7.4, eighth step).
    if (st[r] === ESTABLISHED || st[r] === SYN_RECEIVED) st[r] = CLOSE_WAIT;
    else if (st[r] === FIN_WAIT_1) st[r] = CLOSING;
    else if (st[r] === FIN_WAIT_2) st[r] = TIME_WAIT;
  }
}
