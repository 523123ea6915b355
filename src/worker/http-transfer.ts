// The flows' HTTP exchanges as they cross from the worker to the page: typed-array columns (see
// flow-transfer.ts for why), their strings in one string table. They are most of what packing costs
// (70 000 exchanges on a 1 GB capture) and the flow list does not show them, so they cross in a
// second message, after the list is on screen (pack-result.ts packDetails); the page reads them only
// for the connection it shows (its ladder, its packets' HTTP lines, its Mermaid chart).
// Flow i's exchanges are [start[i], start[i + 1]); exchange e has two message slots, its request at
// 2e and its response at 2e + 1.
import { httpRefsOf } from '../flows/connection-summary';
import type { HttpMessageStore } from '../flows/http/message-store';
import type { Flow, HttpExchange, HttpMessage } from '../flows/model';
import { type PackedStrings, type StringTableBuilder, stringAt } from './string-table';

/** Bits of PackedHttp.present: which optional parts of a message slot are there. */
const Has = {
  Message: 1,
  Status: 2,
  ContentLength: 4,
  KeepAliveTimeout: 8,
  KeepAliveMax: 16,
  Response: 32,
} as const;

export interface PackedHttp {
  /** Per flow, where its exchanges start (one more entry than flows). */
  start: Uint32Array;
  /** Per exchange. */
  unanswered: Uint8Array;
  /** Per message slot. */
  present: Uint8Array;
  row: Int32Array;
  endRow: Int32Array;
  /** String ids (string-table.ts), -1 for undefined. */
  method: Int32Array;
  target: Int32Array;
  version: Int32Array;
  reason: Int32Array;
  connection: Int32Array;
  status: Float64Array;
  contentLength: Float64Array;
  keepAliveTimeout: Float64Array;
  keepAliveMax: Float64Array;
  chunked: Uint8Array;
  bodyBytes: Float64Array;
}

function emptyHttp(flows: number, exchanges: number): PackedHttp {
  const m = 2 * exchanges;
  return {
    start: new Uint32Array(flows + 1),
    unanswered: new Uint8Array(exchanges),
    present: new Uint8Array(m),
    row: new Int32Array(m),
    endRow: new Int32Array(m),
    method: new Int32Array(m),
    target: new Int32Array(m),
    version: new Int32Array(m),
    reason: new Int32Array(m),
    connection: new Int32Array(m),
    status: new Float64Array(m),
    contentLength: new Float64Array(m),
    keepAliveTimeout: new Float64Array(m),
    keepAliveMax: new Float64Array(m),
    chunked: new Uint8Array(m),
    bodyBytes: new Float64Array(m),
  };
}

function putMessage(h: PackedHttp, slot: number, m: HttpMessage | null, s: StringTableBuilder): void {
  if (!m) return;
  h.present[slot] =
    Has.Message |
    (m.kind === 'response' ? Has.Response : 0) |
    (m.status !== undefined ? Has.Status : 0) |
    (m.contentLength !== undefined ? Has.ContentLength : 0) |
    (m.keepAliveTimeout !== undefined ? Has.KeepAliveTimeout : 0) |
    (m.keepAliveMax !== undefined ? Has.KeepAliveMax : 0);
  h.row[slot] = m.row;
  h.endRow[slot] = m.endRow;
  h.method[slot] = s.id(m.method);
  // URLs rarely repeat: appended, not interned (no hashing of 70 000 strings per gigabyte).
  h.target[slot] = s.add(m.target);
  h.version[slot] = s.id(m.version);
  h.reason[slot] = s.id(m.reason);
  h.connection[slot] = s.id(m.connection);
  h.status[slot] = m.status ?? 0;
  h.contentLength[slot] = m.contentLength ?? 0;
  h.keepAliveTimeout[slot] = m.keepAliveTimeout ?? 0;
  h.keepAliveMax[slot] = m.keepAliveMax ?? 0;
  h.chunked[slot] = m.chunked ? 1 : 0;
  h.bodyBytes[slot] = m.bodyBytes;
}

/** Message `m` of the flows layer's message store into `slot`: what putMessage does with the object
 * the store would build (negative numbers there mean absent), without building it. */
function putStored(
  h: PackedHttp,
  slot: number,
  store: HttpMessageStore,
  m: number,
  s: StringTableBuilder,
): void {
  if (m < 0) return;
  const status = store.statusOf(m);
  const contentLength = store.contentLengthOf(m);
  const keepAliveTimeout = store.keepAliveTimeoutOf(m);
  const keepAliveMax = store.keepAliveMaxOf(m);
  h.present[slot] =
    Has.Message |
    (store.isResponse(m) ? Has.Response : 0) |
    (status >= 0 ? Has.Status : 0) |
    (contentLength >= 0 ? Has.ContentLength : 0) |
    (keepAliveTimeout >= 0 ? Has.KeepAliveTimeout : 0) |
    (keepAliveMax >= 0 ? Has.KeepAliveMax : 0);
  h.row[slot] = store.rowOf(m);
  h.endRow[slot] = store.endRowOf(m);
  h.method[slot] = s.id(store.methodOf(m));
  h.target[slot] = s.add(store.targetOf(m));
  h.version[slot] = s.id(store.versionOf(m));
  h.reason[slot] = s.id(store.reasonOf(m));
  h.connection[slot] = s.id(store.connectionOf(m));
  h.status[slot] = Math.max(0, status);
  h.contentLength[slot] = Math.max(0, contentLength);
  h.keepAliveTimeout[slot] = Math.max(0, keepAliveTimeout);
  h.keepAliveMax[slot] = Math.max(0, keepAliveMax);
  h.chunked[slot] = store.chunkedOf(m) ? 1 : 0;
  h.bodyBytes[slot] = store.bodyBytesOf(m);
}

/** Every flow's HTTP exchanges as columns, in flow order. A flow whose exchanges are still in the
 * flows layer's message store (connection-summary.ts httpRefsOf) is packed from there: reading
 * `flow.http` would build an object per message (140 000 on a 1 GB capture) only to copy it. */
export function packHttp(flows: readonly Flow[], strings: StringTableBuilder): PackedHttp {
  let exchanges = 0;
  for (const f of flows) exchanges += httpRefsOf(f)?.length ?? f.http.length;
  const h = emptyHttp(flows.length, exchanges);
  let e = 0;
  for (let i = 0; i < flows.length; i++) {
    const flow = flows[i] as Flow;
    const refs = httpRefsOf(flow);
    if (refs) {
      for (let k = 0; k < refs.length; k++, e++) {
        h.unanswered[e] = refs.unanswered(k) ? 1 : 0;
        putStored(h, 2 * e, refs.store, refs.request(k), strings);
        putStored(h, 2 * e + 1, refs.store, refs.response(k), strings);
      }
    } else {
      for (const x of flow.http) {
        h.unanswered[e] = x.unanswered ? 1 : 0;
        putMessage(h, 2 * e, x.request, strings);
        putMessage(h, 2 * e + 1, x.response, strings);
        e++;
      }
    }
    h.start[i + 1] = e;
  }
  return h;
}

function messageAt(h: PackedHttp, slot: number, s: PackedStrings): HttpMessage | null {
  const has = h.present[slot] ?? 0;
  if (!(has & Has.Message)) return null;
  const num = (bit: number, col: Float64Array) => (has & bit ? col[slot] : undefined);
  // Every key, as the HTTP tracker makes them (absent ones hold undefined).
  return {
    kind: has & Has.Response ? 'response' : 'request',
    row: h.row[slot] ?? -1,
    endRow: h.endRow[slot] ?? -1,
    method: stringAt(s, h.method[slot] ?? -1),
    target: stringAt(s, h.target[slot] ?? -1),
    version: stringAt(s, h.version[slot] ?? -1) ?? '',
    status: num(Has.Status, h.status),
    reason: stringAt(s, h.reason[slot] ?? -1),
    contentLength: num(Has.ContentLength, h.contentLength),
    chunked: h.chunked[slot] === 1,
    connection: stringAt(s, h.connection[slot] ?? -1),
    keepAliveTimeout: num(Has.KeepAliveTimeout, h.keepAliveTimeout),
    keepAliveMax: num(Has.KeepAliveMax, h.keepAliveMax),
    bodyBytes: h.bodyBytes[slot] ?? 0,
  };
}

/** Flow `i`'s HTTP exchanges rebuilt from the columns. */
export function exchangesAt(h: PackedHttp, s: PackedStrings, i: number): HttpExchange[] {
  const out: HttpExchange[] = [];
  for (let e = h.start[i] ?? 0; e < (h.start[i + 1] ?? 0); e++) {
    out.push({
      request: messageAt(h, 2 * e, s),
      response: messageAt(h, 2 * e + 1, s),
      unanswered: h.unanswered[e] === 1,
    });
  }
  return out;
}
