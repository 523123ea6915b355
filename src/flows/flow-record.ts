// What the flow builder remembers about each flow while the capture streams by: one fixed-size record
// of 32-bit words per flow, all records in one buffer (seen as uint32, int32 and float64), never an
// object per flow. The record is laid out in four 64-byte lines by use, so that a packet touches only
// a few lines of its flow's record: line 0 is read by every packet (conversation key, flags, the
// state machine, opening rows, HTTP parser states), line 1 by payload (HTTP stream positions) and
// what is rarely needed, lines 2 and 3 are the TCP analyzer's two directions (the handshake timing
// in direction 0's spare words). Once nothing is allocated per packet, the lines a packet misses in
// the cache are a good part of the builder's time (docs/performance.md). The views in sequence-base.ts, tcp-state.ts, window-scale.ts, http/ and
// tcp-analysis/ read and write their parts; finish() turns records into the public `Flow`
// (connection-summary.ts).
//
// Sides: side 0 sent the flow's first packet, side 1 received it; the ClientSide1 bit says which of
// them is the client.
import { HTTP_STATE_WORDS, HTTP_STREAM_WORDS } from './http/stream-state';
import { SEQUENCE_BASE_WORDS } from './sequence-base';
import { ANALYZER_DIRECTION_WORDS, TcpAnalyzer } from './tcp-analysis/analyzer';
import { ENDPOINT_WORDS } from './tcp-state';
import { WINDOW_SCALE_WORDS, WindowScale } from './window-scale';

/** Bits of a record's FLAGS word. */
export const FlowBit = {
  /** The client is side 1 (else side 0). */
  ClientSide1: 1 << 0,
  /** No SYN showed who opened: the roles were guessed from the ports. */
  RoleInferred: 1 << 1,
  /** A UDP flow (part of the conversation key). */
  Udp: 1 << 2,
  /** UDP: the next datagram of this 5-tuple starts a new stream (snmp-conversation.ts). */
  SplitPending: 1 << 3,
  /** UDP: this flow is the conversation the SNMP dissector made, so it never splits again. */
  SnmpOwned: 1 << 4,
  /** Side 0 is the lower endpoint of the conversation key (conversation-table.ts). */
  Side0IsLo: 1 << 5,
  /** The server's first packet was a RST. */
  ServerFirstRst: 1 << 6,
  /** Side 0 has a base sequence number (shifted by the side: sequence-base.ts). */
  SeqKnown: 1 << 7,
} as const;

// Line 0: every packet.
/** The conversation key (conversation-table.ts): lower address, higher address, their ports. */
export const KEY_LO = 0;
export const KEY_HI = 1;
export const KEY_PORTS = 2;
export const FLAGS = 3;
export const SEQ_BASE = 4;
export const ENDPOINTS = SEQ_BASE + SEQUENCE_BASE_WORDS;
// Opening, as rows (-1 = not seen).
/** The client's SYN answered (the last one before the SYN-ACK, else the first). */
export const SYN_ROW = ENDPOINTS + ENDPOINT_WORDS;
export const SYN_ACK_ROW = SYN_ROW + 1;
/** The client's first ACK after the SYN-ACK (third packet of the handshake). */
export const HANDSHAKE_ACK_ROW = SYN_ROW + 2;
/** The first packet the server sent. */
export const SERVER_FIRST_ROW = SYN_ROW + 3;
/** Per Dir, the HTTP parser state (http/stream-state.ts). */
export const HTTP_STATE = SYN_ROW + 4;
/** Closing, per side: how (0 open, 1 FIN, 2 RST; two bits each), and which side closed first + 1
 * (bits 4-5, 0 = none). */
export const CLOSE = HTTP_STATE + HTTP_STATE_WORDS;
// Line 1: payload.
/** Per Dir, the HTTP byte stream positions (http/stream-state.ts), float64 slots at even offsets. */
export const HTTP_STREAM = 16;
/** Per side, the row of the FIN or RST that closed it. */
export const CLOSE_ROW = HTTP_STREAM + HTTP_STREAM_WORDS;
export const WINDOW_SCALE = CLOSE_ROW + 2;
export const STREAM = WINDOW_SCALE + WINDOW_SCALE_WORDS;
// Lines 2-3: the TCP analyzer's directions.
export const ANALYZER = 32;
/** Words per record: four 64-byte lines. */
export const FLOW_WORDS = 64;

// The layout must fit the lines it was planned for.
if (CLOSE !== 15 || STREAM >= ANALYZER || ANALYZER + ANALYZER_DIRECTION_WORDS > FLOW_WORDS) {
  throw new Error('flow record layout overflows its lines');
}

export class FlowRecords {
  /** Number of flows. */
  length = 0;
  u: Uint32Array = new Uint32Array(256 * FLOW_WORDS);
  i: Int32Array = new Int32Array(this.u.buffer);
  f: Float64Array = new Float64Array(this.u.buffer);

  /** Appends a fresh record and returns its flow index. The views are replaced when it grows. */
  add(): number {
    const index = this.length++;
    if (this.length * FLOW_WORDS > this.u.length) this.grow();
    const o = index * FLOW_WORDS;
    const i = this.i;
    // Zero is the start of most fields: CLOSED states, no FIN, no base, nothing counted.
    i.fill(0, o, o + FLOW_WORDS);
    WindowScale.init(i, o + WINDOW_SCALE);
    i.fill(-1, o + SYN_ROW, o + HTTP_STATE);
    i[o + CLOSE_ROW] = -1;
    i[o + CLOSE_ROW + 1] = -1;
    TcpAnalyzer.init(this.u, o + ANALYZER);
    return index;
  }

  private grow(): void {
    const u = new Uint32Array(this.u.length * 2);
    u.set(this.u);
    this.u = u;
    this.i = new Int32Array(u.buffer);
    this.f = new Float64Array(u.buffer);
  }
}
