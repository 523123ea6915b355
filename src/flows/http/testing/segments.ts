// Test helper: builds a packet table from hand-written TCP segments of one connection and feeds them to
// an HttpTracker the way the flow builder does (frame order; onSegment for segments with payload, then
// onClose for a FIN or RST).
import { PacketTable, Proto, TcpFlag } from '../../../capture/packet-table';
import type { DirValue, HttpExchange } from '../../model';
import { HttpTracker } from '../http-tracker';

export interface Seg {
  dir: DirValue;
  /** Payload; strings are taken as latin-1. */
  data?: string | Uint8Array;
  /** Offset of the first payload byte from the direction's first data byte; default: right after the
   * previous segment of the direction (so an explicit value makes retransmissions and gaps). */
  at?: number;
  /** TcpFlag bits besides ACK. */
  flags?: number;
  /** Bytes actually captured of the payload (snaplen); default all. */
  captured?: number;
  /** Payload length on the wire when it differs from the data given (data is then the captured part). */
  wireLength?: number;
  /** Acknowledged offset of the peer's stream; default: everything the peer sent so far. */
  ack?: number;
}

export function bytesOf(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
}

/** Initial sequence numbers per direction; chosen near 2^32 so wrap-around is always exercised. */
const ISN: [number, number] = [0xfffffff0, 0x7ffffff0];

export interface Fed {
  exchanges: HttpExchange[];
  /** Per segment: did onSegment report the start of an HTTP message. */
  starts: boolean[];
  tracker: HttpTracker;
}

export function feed(segs: Seg[], tracker = new HttpTracker()): Fed {
  const table = new PacketTable();
  const next: [number, number] = [0, 0];
  const starts: boolean[] = [];
  for (const s of segs) {
    const data = typeof s.data === 'string' ? bytesOf(s.data) : (s.data ?? new Uint8Array(0));
    const len = s.wireLength ?? data.length;
    const at = s.at ?? next[s.dir];
    const row = table.add();
    table.setEndpoints(row, 0, Proto.TCP, 0, 0, 0, 0);
    table.tcpFlags[row] = TcpFlag.ACK | (s.flags ?? 0);
    table.seq[row] = (ISN[s.dir] + 1 + at) >>> 0;
    const peer = s.dir === 0 ? 1 : 0;
    table.ack[row] = (ISN[peer] + 1 + (s.ack ?? next[peer])) >>> 0;
    table.payloadLength[row] = len;
    // A SYN takes one sequence number before its data (RFC 9293 §3.4).
    next[s.dir] = Math.max(next[s.dir], at + len + ((s.flags ?? 0) & TcpFlag.SYN ? 1 : 0));
    // Put the payload behind a fake 54-byte header so payloadStart is not 0.
    const frame = new Uint8Array(54 + data.length);
    frame.set(data, 54);
    const captured = Math.min(s.captured ?? data.length, data.length);
    // Like the flow builder: only segments with payload are fed; a FIN or RST is reported after.
    starts.push(len > 0 && tracker.onSegment(table, row, s.dir, frame, 54, captured, 0));
    if (s.flags && s.flags & (TcpFlag.FIN | TcpFlag.RST)) tracker.onClose(row, s.dir);
  }
  return { exchanges: tracker.finish(), starts, tracker };
}

/** Splits `text` into segments of direction `dir` at the given offsets. */
export function splitAt(dir: DirValue, text: string, cuts: number[]): Seg[] {
  const out: Seg[] = [];
  let prev = 0;
  for (const c of [...cuts, text.length]) {
    if (c > prev) out.push({ dir, data: text.slice(prev, c) });
    prev = c;
  }
  return out;
}
