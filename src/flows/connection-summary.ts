// Turns a flow record into the public per-connection summary (Flow in model.ts): roles, counts each
// way, how the connection opened and closed, handshake RTT, window scale, idle gaps, HTTP exchanges.
import type { PacketTable } from '../capture/packet-table';
import {
  CLOSE,
  CLOSE_ROW,
  FLAGS,
  FLOW_WORDS,
  FlowBit,
  type FlowRecords,
  HANDSHAKE_ACK_ROW,
  KEY_HI,
  KEY_LO,
  KEY_PORTS,
  SEQ_BASE,
  SERVER_FIRST_ROW,
  STREAM,
  SYN_ACK_ROW,
  SYN_ROW,
  WINDOW_SCALE,
} from './flow-record';
import type { HttpExchangeRefs } from './http/message-store';
import { selectIdleGaps } from './idle-gaps';
import type { CloseKind, DirectionClose, Flow, HttpExchange, OpenKind } from './model';
import { SequenceBase } from './sequence-base';
import { WindowScale } from './window-scale';

const CLOSE_KINDS: readonly CloseKind[] = ['open', 'fin', 'rst'];

/** Seconds between two rows, from the exact integer columns (no epoch-sized float subtraction). */
export function secondsBetween(table: PacketTable, from: number, to: number): number {
  return (
    (table.tsSec[to] ?? 0) -
    (table.tsSec[from] ?? 0) +
    ((table.tsNs[to] ?? 0) - (table.tsNs[from] ?? 0)) / 1e9
  );
}

/** How `side` of record `o` closed, from its CLOSE word `close`. */
function closeOf(recs: FlowRecords, o: number, close: number, side: 0 | 1): DirectionClose {
  return { how: CLOSE_KINDS[(close >> (side * 2)) & 3] ?? 'open', row: recs.i[o + CLOSE_ROW + side] ?? -1 };
}

/** The opening rows of a flow record (-1 = not seen). */
interface Opening {
  syn: number;
  synAck: number;
  handshakeAck: number;
  serverFirst: number;
  serverFirstIsRst: boolean;
}

function openingOf(recs: FlowRecords, o: number): Opening {
  const i = recs.i;
  return {
    syn: i[o + SYN_ROW] ?? -1,
    synAck: i[o + SYN_ACK_ROW] ?? -1,
    handshakeAck: i[o + HANDSHAKE_ACK_ROW] ?? -1,
    serverFirst: i[o + SERVER_FIRST_ROW] ?? -1,
    serverFirstIsRst: ((i[o + FLAGS] ?? 0) & FlowBit.ServerFirstRst) !== 0,
  };
}

/**
 * How the connection opened: 'handshake' when the server's SYN-ACK was seen (or the server sent
 * anything but a RST after the client's SYN: the SYN-ACK was not captured); 'refused' when the
 * server's first answer to the SYN was a RST; 'syn-unanswered' when the server sent nothing;
 * 'no-handshake' when the capture began mid-connection.
 */
export function openKind(f: Opening): OpenKind {
  if (f.synAck >= 0) return 'handshake';
  if (f.syn < 0) return 'no-handshake';
  if (f.serverFirst < 0) return 'syn-unanswered';
  return f.serverFirstIsRst ? 'refused' : 'handshake';
}

/**
 * Handshake RTT: SYN → the client's ACK of the SYN-ACK, which is one full round trip wherever the
 * capture was taken (at the client the SYN → SYN-ACK part is the RTT, at the server the SYN-ACK →
 * ACK part is). With the ACK missing, SYN → SYN-ACK (right for a capture at the client); with the SYN
 * missing, SYN-ACK → ACK (right at the server). The SYN used is the one the SYN-ACK answered (the
 * last before it), so SYN retransmission timeouts are not counted.
 */
export function handshakeRtt(table: PacketTable, f: Opening): number | null {
  if (f.syn >= 0 && f.handshakeAck >= 0) return secondsBetween(table, f.syn, f.handshakeAck);
  if (f.syn >= 0 && f.synAck >= 0) return secondsBetween(table, f.syn, f.synAck);
  if (f.synAck >= 0 && f.handshakeAck >= 0) return secondsBetween(table, f.synAck, f.handshakeAck);
  return null;
}

/** The HTTP exchanges of the flows summarizeFlow made, as store indexes: the analysis reads them
 * without making the objects (see message-store.ts). */
const HTTP_REFS = new WeakMap<Flow, HttpExchangeRefs>();

/** Flow `flow`'s exchanges as store indexes, undefined for a flow without HTTP or not made here. */
export function httpRefsOf(flow: Flow): HttpExchangeRefs | undefined {
  return HTTP_REFS.get(flow);
}

/** The exchange objects of the flows whose `http` was read. */
const HTTP_MADE = new WeakMap<Flow, HttpExchange[]>();

/** `Flow.http` of a flow with HTTP: the exchanges are made on first read, then kept, so every read
 * sees the same objects. One getter and setter for every flow (a closure per flow would give each
 * Flow object a hidden class of its own, and V8 would turn them into hash tables). */
const LAZY_HTTP: PropertyDescriptor = {
  get(this: Flow): HttpExchange[] {
    let made = HTTP_MADE.get(this);
    if (!made) {
      made = HTTP_REFS.get(this)?.exchanges() ?? [];
      HTTP_MADE.set(this, made);
    }
    return made;
  },
  set(this: Flow, list: HttpExchange[]): void {
    HTTP_MADE.set(this, list);
    // The list replaces the store's exchanges: nothing may read them by index any more.
    HTTP_REFS.delete(this);
  },
  enumerable: true,
  configurable: true,
};

/**
 * Builds the Flow of record `index`. `rows` are its packet-table rows, ascending (at least one);
 * `sums` and `gaps` are what finish() added up from the packet columns (flow-totals.ts): six totals
 * per flow, and this flow's candidate idle gaps.
 */
export function summarizeFlow(
  table: PacketTable,
  recs: FlowRecords,
  index: number,
  rows: Uint32Array,
  sums: Float64Array,
  gaps: readonly number[],
  http: HttpExchangeRefs | null,
): Flow {
  const o = index * FLOW_WORDS;
  const i = recs.i;
  const flags = i[o + FLAGS] ?? 0;
  const c = flags & FlowBit.ClientSide1 ? 1 : 0;
  const s = (1 - c) as 0 | 1;
  const tcp = (flags & FlowBit.Udp) === 0;
  const opening = openingOf(recs, o);
  const rtt = tcp ? handshakeRtt(table, opening) : null;
  const at = index * 6;
  const close = i[o + CLOSE] ?? 0;
  const firstCloser = ((close >> 4) & 3) - 1;
  // Side 0 is the lower or the higher endpoint of the conversation key: the client is the lower one
  // when it is side 0 of a record whose side 0 is the lower, or side 1 of one whose side 0 is not.
  const clientIsLo = ((flags & FlowBit.Side0IsLo) !== 0) === (c === 0);
  const ports = recs.u[o + KEY_PORTS] ?? 0;
  const loAddr = recs.u[o + KEY_LO] ?? 0;
  const hiAddr = recs.u[o + KEY_HI] ?? 0;
  const firstRow = rows[0] ?? 0;
  const lastRow = rows[rows.length - 1] ?? 0;
  // `http` is added last, as a value or as the lazy accessor: turning a value into an accessor would
  // make V8 keep the object as a hash table.
  const flow: Omit<Flow, 'http'> & { http?: HttpExchange[] } = {
    index,
    transport: tcp ? 'tcp' : 'udp',
    stream: i[o + STREAM] ?? 0,
    clientAddr: clientIsLo ? loAddr : hiAddr,
    clientPort: clientIsLo ? ports >>> 16 : ports & 0xffff,
    serverAddr: clientIsLo ? hiAddr : loAddr,
    serverPort: clientIsLo ? ports & 0xffff : ports >>> 16,
    roleInferred: (flags & FlowBit.RoleInferred) !== 0,
    firstRow,
    lastRow,
    rows,
    packets: [sums[at] ?? 0, sums[at + 1] ?? 0],
    bytes: [sums[at + 2] ?? 0, sums[at + 3] ?? 0],
    payloadBytes: [sums[at + 4] ?? 0, sums[at + 5] ?? 0],
    start: table.time(firstRow),
    end: table.time(lastRow),
    baseSeq: [SequenceBase.baseAt(i, o + SEQ_BASE, c), SequenceBase.baseAt(i, o + SEQ_BASE, s)],
    open: tcp ? openKind(opening) : 'no-handshake',
    close: [closeOf(recs, o, close, c), closeOf(recs, o, close, s)],
    firstCloser: firstCloser < 0 ? null : firstCloser === c ? 'client' : 'server',
    idleGaps: selectIdleGaps(gaps, rtt),
    rtt,
    windowScale: [
      WindowScale.effectiveAt(i, o + WINDOW_SCALE, c),
      WindowScale.effectiveAt(i, o + WINDOW_SCALE, s),
    ],
  };
  if (!http) {
    flow.http = [];
    return flow as Flow;
  }
  // The exchanges stay in the message store until someone reads them (message-store.ts).
  Object.defineProperty(flow, 'http', LAZY_HTTP);
  HTTP_REFS.set(flow as Flow, http);
  return flow as Flow;
}
