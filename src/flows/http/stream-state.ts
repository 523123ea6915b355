// The part of a connection's HTTP state that every segment needs, kept in the connection's flow record
// (flow-record.ts) instead of in HttpTracker / HttpDirection objects: per direction, the parser state,
// where the byte stream is, how much of a body of known length remains, and body bytes counted but not
// yet added to the message. With it the flow builder handles the common segments without touching any
// HTTP object (`feedFast`): control segments before the first payload byte, payload of a connection
// that is not HTTP, body bytes of a message of known length or delimited by the close, retransmitted
// bytes. Everything else goes to HttpTracker, which reads and writes the same words, so both paths
// share one state.
import { type PacketTable, TcpFlag } from '../../capture/packet-table';
import { cannotStartMessage, classifyStart, StartKind } from './start-line';

/** Where a direction's parser stands (http-direction.ts). */
export const St = {
  /** Between messages: the next byte starts a message. */
  Start: 0,
  /** Inside a header section. */
  Head: 1,
  Length: 2,
  Chunked: 3,
  UntilClose: 4,
  /** Lost track of message boundaries: waiting for a segment that starts with a start line. */
  Resync: 5,
  /** No longer HTTP/1.x (after 101 Switching Protocols or a CONNECT tunnel). */
  Opaque: 6,
  Closed: 7,
} as const;
export type StValue = (typeof St)[keyof typeof St];

// The state lives in two places of a record, so that a packet without payload reads only the first:
// `stateAt`, one word per Dir (St value, STARTED, AFTER_LOSS, and CLOSED_SEEN in direction 0's word);
// `streamAt`, the stream positions: D_NEXT per Dir, then float64 slots D_REMAINING and D_PENDING per
// Dir (at an even offset).
/** Words of the parser states. */
export const HTTP_STATE_WORDS = 2;
/** Next expected sequence number (uint32), at streamAt + D_NEXT + dir. */
export const D_NEXT = 0;
/** Body bytes still to come in a message of known length, or in the current chunk of a chunked body
 * (0 outside chunk data) (float64 word offset, + 2 × dir). */
export const D_REMAINING = 2;
/** Body bytes counted by the fast path, not yet added to the message's bodyBytes (float64, + 2 × dir). */
export const D_PENDING = 6;
/** Words of the stream positions. */
export const HTTP_STREAM_WORDS = 10;

export const ST_MASK = 0xf;
/** The byte stream has a starting point (its D_NEXT is valid). */
export const STARTED = 0x10;
/** Message boundaries were lost since the previous message (MessageMeta.afterLoss). */
export const AFTER_LOSS = 0x20;
/** In direction 0's word: a FIN or RST was seen, so requests left waiting at the end are unanswered. */
const CLOSED_SEEN = 0x40;
/** In direction 0's word: the connection has an HttpTracker (the flow builder's, kept apart), so the
 * fast path can tell without looking it up. */
const HAS_TRACKER = 0x80;

export function hasTracker(u: Uint32Array, stateAt: number): boolean {
  return ((u[stateAt] ?? 0) & HAS_TRACKER) !== 0;
}

export function setHasTracker(u: Uint32Array, stateAt: number): void {
  u[stateAt] = (u[stateAt] ?? 0) | HAS_TRACKER;
}

export function closedSeen(u: Uint32Array, stateAt: number): boolean {
  return ((u[stateAt] ?? 0) & CLOSED_SEEN) !== 0;
}

export function setClosedSeen(u: Uint32Array, stateAt: number): void {
  u[stateAt] = (u[stateAt] ?? 0) | CLOSED_SEEN;
}

/** HttpDirection.startAtAck on direction `peer`'s words: the stream of the receiver of segment
 * `row` starts at its ACK number (read here: a sequence number is never passed as an argument, see
 * sequence-analysis.ts on boxing). */
function startAtAck(
  u: Uint32Array,
  stateAt: number,
  streamAt: number,
  peer: number,
  t: PacketTable,
  row: number,
): void {
  const s = u[stateAt + peer] ?? 0;
  if (s & STARTED) return;
  u[stateAt + peer] = s | STARTED;
  u[streamAt + D_NEXT + peer] = t.ack[row] ?? 0;
}

/** The stream of the sender of segment `row` starts at its seq (+ 1 for a SYN's phantom byte). */
function startAtSeq(
  u: Uint32Array,
  stateAt: number,
  streamAt: number,
  dir: number,
  t: PacketTable,
  row: number,
): void {
  const s = u[stateAt + dir] ?? 0;
  if (s & STARTED) return;
  u[stateAt + dir] = s | STARTED;
  const syn = ((t.tcpFlags[row] ?? 0) & TcpFlag.SYN) !== 0;
  u[streamAt + D_NEXT + dir] = ((t.seq[row] ?? 0) + (syn ? 1 : 0)) >>> 0;
}

function setSt(u: Uint32Array, at: number, st: StValue): void {
  u[at] = ((u[at] ?? 0) & ~ST_MASK) | st;
}

/**
 * A segment of direction `dir` of the connection whose HTTP state is at `stateAt` and `streamAt`
 * (`u` and `f` view the record buffer), handled here when HttpTracker.onSegment (followed by
 * onClose for a FIN or RST) would only move the state words: returns true then, having done exactly
 * that, and no HTTP message starts in the segment. Returns false when the tracker must take the
 * segment; what was done by then (starting a stream) the tracker would have done the same way.
 * `hasTracker`: the connection has an HttpTracker (before its first payload byte it has none, and no
 * message). The segment's sequence numbers are read from `table` at `row`, never passed as numbers
 * (see sequence-analysis.ts on boxing).
 */
export function feedFast(
  u: Uint32Array,
  f: Float64Array,
  stateAt: number,
  streamAt: number,
  hasTracker: boolean,
  dir: number,
  table: PacketTable,
  row: number,
  bytes: Uint8Array,
  payloadStart: number,
  captured: number,
): boolean {
  const flags = table.tcpFlags[row] ?? 0;
  const len = table.payloadLength[row] ?? 0;
  const peer = dir === 0 ? 1 : 0;
  if (flags & (TcpFlag.SYN | TcpFlag.FIN | TcpFlag.RST)) {
    if (hasTracker || len > 0) return false;
    controlBeforePayload(u, stateAt, streamAt, dir, table, row);
    return true;
  }
  if (flags & TcpFlag.ACK) startAtAck(u, stateAt, streamAt, peer, table, row);
  if (len === 0) return true;
  startAtSeq(u, stateAt, streamAt, dir, table, row);
  const seq = table.seq[row] ?? 0;
  const d = (seq - (u[streamAt + D_NEXT + dir] ?? 0)) | 0;
  // Only bytes already seen (a retransmission): HttpDirection skips them.
  if (d + len <= 0) return true;
  const state = u[stateAt + dir] ?? 0;
  const st = state & ST_MASK;
  if (st === St.Length || st === St.Chunked || st === St.UntilClose) {
    if (d !== 0) return false;
    const rem = (streamAt + D_REMAINING) / 2 + dir;
    if (st !== St.UntilClose) {
      // Body bytes of known length left, or chunk data left in the current chunk (0 outside chunk data).
      const left = f[rem] ?? 0;
      if (len >= left) return false; // the message or the chunk ends here: the tracker takes it
      f[rem] = left - len;
    }
    const pending = (streamAt + D_PENDING) / 2 + dir;
    f[pending] = (f[pending] ?? 0) + len;
  } else if (st === St.Resync) {
    // Only a segment that starts like a request or status line can end the resynchronisation.
    const pos = d < 0 ? payloadStart - d : payloadStart;
    const end = payloadStart + Math.min(captured, len);
    if (pos >= end || !cannotStartMessage(bytes[pos] ?? 0)) {
      if (classifyStart(bytes, pos, end) !== StartKind.No) return false;
    }
  } else if (st === St.Start) {
    if (d !== 0 || captured === 0) return false;
    const c = bytes[payloadStart] ?? 0;
    if (c === 0x0d || c === 0x0a) return false;
    if (!cannotStartMessage(c)) {
      if (classifyStart(bytes, payloadStart, payloadStart + Math.min(captured, len)) !== StartKind.No)
        return false;
    }
    // Not the start of a message: HttpDirection.resync.
    u[stateAt + dir] = (state & ~ST_MASK) | St.Resync | AFTER_LOSS;
  } else if (st !== St.Closed && st !== St.Opaque) {
    return false;
  }
  u[streamAt + D_NEXT + dir] = (seq + len) >>> 0;
  return true;
}

/** A SYN, FIN or RST without payload on a connection with no tracker yet: what onSegment and onClose
 * do to directions that have seen no payload (HttpDirection.startAt, segment, finAt, abort). */
function controlBeforePayload(
  u: Uint32Array,
  stateAt: number,
  streamAt: number,
  dir: number,
  table: PacketTable,
  row: number,
): void {
  const flags = table.tcpFlags[row] ?? 0;
  const peer = dir === 0 ? 1 : 0;
  if (flags & TcpFlag.ACK) startAtAck(u, stateAt, streamAt, peer, table, row);
  // Data on a SYN (TCP Fast Open) starts one past the ISN (RFC 9293 §3.4).
  if (flags & TcpFlag.SYN) startAtSeq(u, stateAt, streamAt, dir, table, row);
  if (flags & TcpFlag.RST) {
    setSt(u, stateAt + dir, St.Closed);
    setSt(u, stateAt + peer, St.Closed);
    setClosedSeen(u, stateAt);
  } else if (flags & TcpFlag.FIN) {
    setSt(u, stateAt + dir, St.Closed);
    setClosedSeen(u, stateAt);
  }
}
