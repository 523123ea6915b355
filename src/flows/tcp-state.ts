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

/** Per-connection state-machine memory: each side's state and what each side's FIN covers. */
export class TcpEndpoints {
  readonly state = new Uint8Array(2);
  /** Whether each side has sent a FIN, and the sequence number just after it (what ACKs it). */
  readonly finSent = [false, false];
  readonly finEnd = new Int32Array(2);

  /** Sets both states before the first packet: how a connection first seen at `flags` must have stood. */
  start(firstSender: 0 | 1, flags: number): void {
    const s = firstSender;
    const syn = (flags & TcpFlag.SYN) !== 0;
    const ack = (flags & TcpFlag.ACK) !== 0;
    if (syn && !ack) {
      this.state[s] = CLOSED;
      this.state[1 - s] = LISTEN;
    } else if (syn) {
      // A SYN-ACK first: its receiver must have sent the (uncaptured) SYN.
      this.state[s] = LISTEN;
      this.state[1 - s] = SYN_SENT;
    } else {
      // Mid-stream: the handshake happened before the capture began.
      this.state[s] = ESTABLISHED;
      this.state[1 - s] = ESTABLISHED;
    }
  }

  /** Moves both sides for one segment sent by `side`. `len` is the payload length. */
  apply(side: 0 | 1, flags: number, seq: number, len: number, ack: number): void {
    const r = (1 - side) as 0 | 1;
    if (flags & TcpFlag.RST) {
      // RFC 9293 §3.10.7: an acceptable RST aborts the connection; we assume it was acceptable.
      this.state[side] = CLOSED;
      this.state[r] = CLOSED;
      return;
    }
    if (flags & TcpFlag.SYN) {
      if (flags & TcpFlag.ACK) this.synAck(side, r);
      else this.syn(side, r);
      return;
    }
    if (flags & TcpFlag.ACK) this.ackArrives(side, r, ack);
    if (flags & TcpFlag.FIN) this.fin(side, r, seq, len, (flags & TcpFlag.ACK) !== 0, ack);
  }

  private syn(s: 0 | 1, r: 0 | 1): void {
    const st = this.state;
    if (st[s] === CLOSED || st[s] === LISTEN) st[s] = SYN_SENT;
    // Simultaneous open (RFC 9293 §3.5, figure 7): a SYN reaching a side in SYN_SENT.
    if (st[r] === SYN_SENT) st[r] = SYN_RECEIVED;
  }

  private synAck(s: 0 | 1, r: 0 | 1): void {
    const st = this.state;
    if (st[s] === CLOSED || st[s] === LISTEN || st[s] === SYN_SENT) st[s] = SYN_RECEIVED;
    // The SYN-ACK completes the receiver's active open (it answers with the third ACK).
    if (st[r] === SYN_SENT || st[r] === SYN_RECEIVED) st[r] = ESTABLISHED;
  }

  /** A non-SYN segment with ACK: proof of a finished handshake, and maybe the ACK of a FIN. */
  private ackArrives(s: 0 | 1, r: 0 | 1, ack: number): void {
    const st = this.state;
    // Sending a plain ACK means the sender finished its handshake even if we missed a packet of it.
    if (st[s] === SYN_SENT || st[s] === SYN_RECEIVED || st[s] === LISTEN) st[s] = ESTABLISHED;
    if (st[r] === SYN_RECEIVED || st[r] === LISTEN) {
      st[r] = ESTABLISHED;
      return;
    }
    if (!this.finSent[r] || !seqGE(ack, this.finEnd[r] ?? 0)) return;
    // The receiver's FIN is acknowledged (RFC 9293 §3.10.7.4, the FIN_WAIT_1, CLOSING, LAST_ACK cases).
    if (st[r] === FIN_WAIT_1) st[r] = FIN_WAIT_2;
    else if (st[r] === CLOSING) st[r] = TIME_WAIT;
    else if (st[r] === LAST_ACK) st[r] = CLOSED;
  }

  private fin(s: 0 | 1, r: 0 | 1, seq: number, len: number, hasAck: boolean, ack: number): void {
    const st = this.state;
    if (!this.finSent[s]) {
      this.finSent[s] = true;
      this.finEnd[s] = (seq + len + 1) | 0;
    }
    const ackedPeerFin = hasAck && this.finSent[r] && seqGE(ack, this.finEnd[r] ?? 0);
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
