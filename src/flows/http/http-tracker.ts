// HTTP/1.x messages on one TCP connection: the flow builder makes one tracker per connection and feeds
// it every segment in frame order. Each direction is parsed on its own (http-direction.ts); this class
// pairs responses with requests and marks requests left unanswered.
//
// Pairing: responses come back in request order (RFC 9112 §9.3, pipelined or not), so a response takes
// the oldest request of the other direction still waiting, provided the server had received that
// request's header section (the response's ACK covers it); otherwise the request was not captured and
// the response is recorded without one. When the response direction lost message boundaries (a
// missing segment), responses may have passed unseen: the response then takes the latest waiting
// request that was sent before the response began (the request's ACK does not cover the response's
// first byte), like Wireshark's tail matching, and the older waiting requests are given up as "response
// not captured" rather than unanswered.
import type { PacketTable } from '../../capture/packet-table';
import { TcpFlag } from '../../capture/packet-table';
import type { DirValue, HttpExchange } from '../model';
import { type ByteInterner, sharedInterner } from './byte-interner';
import { HeaderFields } from './header-block';
import { HttpDirection, type MessageMeta, type MessageSink } from './http-direction';
import { Framing, type FramingValue, requestFraming, responseFraming } from './message-framing';
import { HttpExchangeRefs, HttpMessageStore } from './message-store';
import { closedSeen, HTTP_STATE_WORDS, HTTP_STREAM_WORDS, STARTED, setClosedSeen } from './stream-state';

/** Pairing state of an exchange. */
const Waiting = 0;
const Answered = 1;
/** The request's response was in bytes that were not captured. */
const ResponseLost = 2;
/** A response whose request was not captured. */
const NoRequest = 3;

// The numbers kept per exchange (HttpTracker.ex).
const EX_STATE = 0;
const EX_DIR = 1;
const EX_HEADER_END = 2;
const EX_ACK = 3;
/** The request's and the response's index in the message store, -1 for none. */
const EX_REQUEST = 4;
const EX_RESPONSE = 5;
const EX_WORDS = 6;

/** Where a connection's per-segment HTTP state lives (stream-state.ts): its words at `stateAt` and
 * `streamAt` (an even offset) of a buffer seen as `u` and `f`. */
export interface HttpStateWords {
  u: Uint32Array;
  f: Float64Array;
  stateAt: number;
  streamAt: number;
}

function ownState(): HttpStateWords {
  const buf = new ArrayBuffer((HTTP_STREAM_WORDS + HTTP_STATE_WORDS) * 4);
  return { u: new Uint32Array(buf), f: new Float64Array(buf), stateAt: HTTP_STREAM_WORDS, streamAt: 0 };
}

/** The fields of the message being read: filled and read within one call (HttpDirection's
 * headerSection and this tracker's `message`), so every tracker shares one, which stays in the cache. */
const FIELDS = new HeaderFields();

export class HttpTracker implements MessageSink {
  /** The two directions, as fields rather than an array: a segment reaches its direction through
   * one cold object less (a tracker is cold at most of its segments). */
  private readonly d0: HttpDirection;
  private readonly d1: HttpDirection;
  /** Where the messages are (shared by every tracker of a flow builder). */
  readonly store: HttpMessageStore;
  /** Exchanges so far. */
  private count = 0;
  /** Per exchange, EX_WORDS numbers from exchange index * EX_WORDS: pairing state, request direction,
   * request header end, request ACK (NaN: none), request and response (store indexes). One array, not
   * one per field or object per exchange: a tracker lives as long as its connection. */
  private readonly ex: number[] = [];
  /** Exchanges before this index take no more responses. */
  private firstOpen = 0;
  /** The packet table of the segments fed so far (onClose reads the closing segment's flags in it). */
  private table: PacketTable | null = null;
  /** The connection's per-segment HTTP state (stream-state.ts). */
  private u: Uint32Array;
  private stateAt = 0;

  /**
   * `state` is where the connection's per-segment state lives: the flow builder passes the
   * connection's flow record. Without it the tracker has storage of its own.
   */
  constructor(
    strings: ByteInterner = sharedInterner,
    state: HttpStateWords = ownState(),
    store: HttpMessageStore = new HttpMessageStore(),
  ) {
    const fields = FIELDS;
    const { u, f, stateAt, streamAt } = state;
    this.u = u;
    this.stateAt = stateAt;
    this.store = store;
    this.d0 = new HttpDirection(0, this, strings, fields, store, u, f, stateAt, streamAt);
    this.d1 = new HttpDirection(1, this, strings, fields, store, u, f, stateAt, streamAt);
  }

  /** Points the tracker at its state again, after the record buffer holding it was replaced. */
  bind(u: Uint32Array, f: Float64Array, stateAt: number, streamAt: number): void {
    if (u === this.u && stateAt === this.stateAt) return;
    this.u = u;
    this.stateAt = stateAt;
    this.d0.bind(u, f, stateAt, streamAt);
    this.d1.bind(u, f, stateAt, streamAt);
  }

  /** Feeds a TCP segment of this flow (in frame order). `bytes[payloadStart, payloadStart + capturedLen)`
   * is the captured part of the payload (table.payloadLength[row] may be larger under a snaplen).
   * `analysis` (the segment's Analysis bits) is not needed: the tracker follows sequence numbers itself,
   * so retransmitted bytes, which Wireshark flags, are recognised as already seen and never parsed twice.
   * Returns true when the segment starts an HTTP message. */
  onSegment(
    table: PacketTable,
    row: number,
    dir: DirValue,
    bytes: Uint8Array,
    payloadStart: number,
    capturedLen: number,
    analysis: number,
  ): boolean {
    void analysis;
    this.table = table;
    const flags = table.tcpFlags[row] ?? 0;
    const peer = dir === 0 ? 1 : 0;
    // startAt does nothing once the peer's stream has started: test that in the state word, without
    // touching the peer's parser object.
    if (flags & TcpFlag.ACK && ((this.u[this.stateAt + peer] ?? 0) & STARTED) === 0) {
      (peer === 0 ? this.d0 : this.d1).startAtAck(table, row);
    }
    const started = (dir === 0 ? this.d0 : this.d1).segment(table, row, bytes, payloadStart, capturedLen);
    if (flags & TcpFlag.RST) {
      setClosedSeen(this.u, this.stateAt);
      this.d0.abort();
      this.d1.abort();
    } else if (flags & TcpFlag.FIN) {
      setClosedSeen(this.u, this.stateAt);
    }
    return started;
  }

  /** A FIN or RST was seen in direction `dir` at `row`, after that segment's payload (if any) was fed to
   * onSegment. A FIN ends a body delimited by the close (RFC 9112 §6.3 item 8); a RST cuts it short.
   * Segments without payload need not be fed to onSegment: this is how their FIN or RST arrives. */
  onClose(row: number, dir: DirValue): void {
    setClosedSeen(this.u, this.stateAt);
    const flags = this.table?.tcpFlags[row] ?? 0;
    if (flags & TcpFlag.RST) {
      this.d0.abort();
      this.d1.abort();
    } else if (flags & TcpFlag.FIN) {
      (dir === 0 ? this.d0 : this.d1).finAt(row);
    }
  }

  /** The exchanges in request order, each paired with its response (or marked unanswered). A response
   * whose request was not captured (capture started mid-connection) has `request: null`. */
  finish(): HttpExchange[] {
    return this.refs().exchanges();
  }

  /** The exchanges as store indexes (finish without the objects): settles the counts first. */
  refs(): HttpExchangeRefs {
    this.settle();
    const closed = closedSeen(this.u, this.stateAt);
    const refs: number[] = [];
    for (let k = 0; k < this.count; k++) {
      const at = k * EX_WORDS;
      const unanswered = closed && this.ex[at + EX_STATE] === Waiting;
      refs.push(this.ex[at + EX_REQUEST] ?? -1, this.ex[at + EX_RESPONSE] ?? -1, unanswered ? 1 : 0);
    }
    return new HttpExchangeRefs(this.store, refs);
  }

  /** Adds the body bytes the fast path counted to the messages: after this the store holds every
   * message's final numbers (as long as no segment follows). */
  settle(): void {
    this.d0.settle();
    this.d1.settle();
  }

  /** Store index of exchange `k`'s request (`which` 0) or response (1), -1 for none. */
  private messageOf(k: number, which: 0 | 1): number {
    return this.ex[k * EX_WORDS + EX_REQUEST + which] ?? -1;
  }

  /** MessageSink: a message's header section was read. */
  message(dir: DirValue, msg: number, fields: HeaderFields, meta: Readonly<MessageMeta>): FramingValue {
    const store = this.store;
    if (!store.isResponse(msg)) {
      this.count++;
      this.ex.push(Waiting, dir, meta.headerEnd, meta.hasAck ? meta.ack : Number.NaN, msg, -1);
      return requestFraming(fields);
    }
    const i = this.pairIndex(dir, meta);
    const request = i >= 0 ? this.messageOf(i, 0) : -1;
    const method = request >= 0 ? store.methodOf(request) : undefined;
    const framing = responseFraming(store.statusOf(msg), fields, method);
    // An interim 1xx answers nothing yet: the final response to the same request follows.
    if (framing === Framing.Interim) return framing;
    if (i >= 0) {
      this.ex[i * EX_WORDS + EX_RESPONSE] = msg;
      this.ex[i * EX_WORDS + EX_STATE] = Answered;
      if (meta.afterLoss) this.giveUpBefore(i);
    } else {
      this.count++;
      this.ex.push(NoRequest, -1, 0, Number.NaN, -1, msg);
    }
    if (framing === Framing.Tunnel) (dir === 0 ? this.d1 : this.d0).toOpaque();
    return framing;
  }

  /** Index of the exchange a response starting with `meta` answers, -1 for none. */
  private pairIndex(responseDir: DirValue, meta: Readonly<MessageMeta>): number {
    const ex = this.ex;
    while (this.firstOpen < this.count && ex[this.firstOpen * EX_WORDS + EX_STATE] !== Waiting) {
      this.firstOpen++;
    }
    let found = -1;
    for (let i = this.firstOpen; i < this.count; i++) {
      const at = i * EX_WORDS;
      if (ex[at + EX_STATE] !== Waiting || ex[at + EX_DIR] === responseDir) continue;
      // The server had not read this request (nor any later one) when it answered.
      // Sequence numbers compare by the sign of their 32-bit difference (RFC 9293 §3.4), written out:
      // a call would box them (see sequence-analysis.ts).
      if (meta.hasAck && (((ex[at + EX_HEADER_END] ?? 0) - meta.ack) | 0) > 0) break;
      if (!meta.afterLoss) return i;
      // After a loss: the latest request sent before this response began.
      const ack = ex[at + EX_ACK] ?? Number.NaN;
      if (found < 0 || Number.isNaN(ack) || ((ack - meta.seq) | 0) <= 0) found = i;
    }
    return found;
  }

  /** Requests older than exchange `i` still waiting had their responses in bytes not captured. */
  private giveUpBefore(i: number): void {
    for (let k = this.firstOpen; k < i; k++) {
      const ex = this.ex;
      const at = k * EX_WORDS;
      if (ex[at + EX_STATE] === Waiting && ex[at + EX_DIR] === ex[i * EX_WORDS + EX_DIR]) {
        ex[at + EX_STATE] = ResponseLost;
      }
    }
  }
}
