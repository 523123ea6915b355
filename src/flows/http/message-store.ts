// The HTTP messages of a capture in typed columns, one row per message in the order their header
// sections were read, instead of one object per message. A capture of 100 000s of messages kept as
// objects made the garbage collector copy every one of them (they live as long as the flows) while the
// reader was still running; rows here cost no collection, and the objects (HttpMessage, HttpExchange)
// are made only for the connections someone reads (HttpTracker.finish, connection-summary.ts).
// Strings (method, version, reason, Connection value) are interned, so a column of them holds
// references to a few shared strings; request targets are the only per-message strings.

import { resizedCopy } from '../../capture/typed-arrays';
import type { HttpExchange, HttpMessage } from '../model';
import type { StartLineFields } from './start-line';

const KIND_RESPONSE = 1;

export class HttpMessageStore {
  length = 0;
  private kind = new Uint8Array(64);
  private row = new Int32Array(64);
  private endRow = new Int32Array(64);
  /** Status code, -1 for a request. */
  private status = new Int32Array(64);
  /** -1 when absent (or unusable). */
  private contentLength = new Float64Array(64);
  private chunked = new Uint8Array(64);
  /** Keep-Alive timeout= and max=, -1 when absent. */
  private keepAliveTimeout = new Float64Array(64);
  private keepAliveMax = new Float64Array(64);
  private bodyBytes = new Float64Array(64);
  private method: (string | undefined)[] = [];
  private target: (string | undefined)[] = [];
  private version: string[] = [];
  private reason: (string | undefined)[] = [];
  private connection: (string | undefined)[] = [];

  /** Adds a message starting at `row` whose start line is `line` (read by readStartLine); its header
   * fields follow with setFields. Returns its index. */
  add(row: number, line: Readonly<StartLineFields>): number {
    const m = this.length++;
    if (m >= this.row.length) this.grow();
    const response = line.kind === 'response';
    this.kind[m] = response ? KIND_RESPONSE : 0;
    this.row[m] = row;
    this.endRow[m] = -1;
    this.status[m] = response ? (line.status ?? -1) : -1;
    this.contentLength[m] = -1;
    this.chunked[m] = 0;
    this.keepAliveTimeout[m] = -1;
    this.keepAliveMax[m] = -1;
    this.bodyBytes[m] = 0;
    this.method.push(response ? undefined : line.method);
    this.target.push(response ? undefined : line.target);
    this.version.push(line.version);
    this.reason.push(response ? line.reason : undefined);
    this.connection.push(undefined);
    return m;
  }

  /** The framing and connection fields of message `m` (HeaderFields' values: contentLength < 0 absent). */
  setFields(
    m: number,
    contentLength: number,
    chunked: boolean,
    connection: string | undefined,
    keepAliveTimeout: number | undefined,
    keepAliveMax: number | undefined,
  ): void {
    this.contentLength[m] = contentLength >= 0 ? contentLength : -1;
    this.chunked[m] = chunked ? 1 : 0;
    this.connection[m] = connection;
    this.keepAliveTimeout[m] = keepAliveTimeout ?? -1;
    this.keepAliveMax[m] = keepAliveMax ?? -1;
  }

  isResponse(m: number): boolean {
    return this.kind[m] === KIND_RESPONSE;
  }
  rowOf(m: number): number {
    return this.row[m] ?? -1;
  }
  endRowOf(m: number): number {
    return this.endRow[m] ?? -1;
  }
  setEndRow(m: number, row: number): void {
    this.endRow[m] = row;
  }
  /** Status code of a response, -1 for a request. */
  statusOf(m: number): number {
    return this.status[m] ?? -1;
  }
  methodOf(m: number): string | undefined {
    return this.method[m];
  }
  targetOf(m: number): string | undefined {
    return this.target[m];
  }
  versionOf(m: number): string {
    return this.version[m] ?? '';
  }
  reasonOf(m: number): string | undefined {
    return this.reason[m];
  }
  /** Content-Length of message `m`, -1 when absent. */
  contentLengthOf(m: number): number {
    return this.contentLength[m] ?? -1;
  }
  chunkedOf(m: number): boolean {
    return this.chunked[m] === 1;
  }
  /** Keep-Alive: max=N of message `m`, -1 when absent. */
  keepAliveMaxOf(m: number): number {
    return this.keepAliveMax[m] ?? -1;
  }
  connectionOf(m: number): string | undefined {
    return this.connection[m];
  }
  /** Keep-Alive: timeout=N of message `m`, -1 when absent. */
  keepAliveTimeoutOf(m: number): number {
    return this.keepAliveTimeout[m] ?? -1;
  }
  bodyBytesOf(m: number): number {
    return this.bodyBytes[m] ?? 0;
  }
  addBodyBytes(m: number, n: number): void {
    this.bodyBytes[m] = (this.bodyBytes[m] ?? 0) + n;
  }
  setBodyBytes(m: number, n: number): void {
    this.bodyBytes[m] = n;
  }

  /** Message `m` as an object, every key present (absent fields undefined), in the order the parser
   * always made them. */
  message(m: number): HttpMessage {
    const num = (v: number | undefined): number | undefined => (v === undefined || v < 0 ? undefined : v);
    return {
      kind: this.kind[m] === KIND_RESPONSE ? 'response' : 'request',
      row: this.row[m] ?? -1,
      endRow: this.endRow[m] ?? -1,
      method: this.method[m],
      target: this.target[m],
      version: this.version[m] ?? '',
      status: num(this.status[m]),
      reason: this.reason[m],
      contentLength: num(this.contentLength[m]),
      chunked: this.chunked[m] === 1,
      connection: this.connection[m],
      keepAliveTimeout: num(this.keepAliveTimeout[m]),
      keepAliveMax: num(this.keepAliveMax[m]),
      bodyBytes: this.bodyBytes[m] ?? 0,
    };
  }

  /** Grows the typed columns by half (the string columns are plain arrays). */
  private grow(): void {
    const n = Math.ceil(this.row.length * 1.5);
    this.kind = resizedCopy(this.kind, n);
    this.chunked = resizedCopy(this.chunked, n);
    this.row = resizedCopy(this.row, n);
    this.endRow = resizedCopy(this.endRow, n);
    this.status = resizedCopy(this.status, n);
    this.contentLength = resizedCopy(this.contentLength, n);
    this.keepAliveTimeout = resizedCopy(this.keepAliveTimeout, n);
    this.keepAliveMax = resizedCopy(this.keepAliveMax, n);
    this.bodyBytes = resizedCopy(this.bodyBytes, n);
  }
}

/** A connection's exchanges once its tracker is done: per exchange its request and response (store
 * indexes, -1 for none) and whether it went unanswered. What a Flow keeps instead of HttpExchange
 * objects until someone reads `flow.http`. */
export class HttpExchangeRefs {
  /** Three numbers per exchange: request, response, unanswered (1) or not (0). */
  constructor(
    readonly store: HttpMessageStore,
    private readonly refs: readonly number[],
  ) {}

  get length(): number {
    return this.refs.length / 3;
  }
  /** Store index of exchange `k`'s request, -1 for none. */
  request(k: number): number {
    return this.refs[k * 3] ?? -1;
  }
  /** Store index of exchange `k`'s response, -1 for none. */
  response(k: number): number {
    return this.refs[k * 3 + 1] ?? -1;
  }
  unanswered(k: number): boolean {
    return this.refs[k * 3 + 2] === 1;
  }

  /** The exchanges as objects, in order. */
  exchanges(): HttpExchange[] {
    const out: HttpExchange[] = [];
    for (let k = 0; k < this.length; k++) out.push(this.exchange(k));
    return out;
  }

  /** Exchange `k` as a new object. */
  exchange(k: number): HttpExchange {
    const q = this.request(k);
    const r = this.response(k);
    return {
      request: q >= 0 ? this.store.message(q) : null,
      response: r >= 0 ? this.store.message(r) : null,
      unanswered: this.unanswered(k),
    };
  }
}
