// The messages of every flow as the scan ends them, in typed columns (one row per message, in the
// order they ended), turned into objects flow by flow once the scan is over. Building objects only
// then keeps the scan free of allocations and gives each flow's messages neighbouring addresses, so
// the rules that walk them afterwards do not chase pointers across the heap.
import type { PacketTable } from '../capture/packet-table';
import { resizedCopy } from '../capture/typed-arrays';
import { httpRefsOf } from '../flows/connection-summary';
import type { Flow, HttpMessage } from '../flows/model';
import type { Message, Side } from './flow-facts';

/** A message whose times are read from the packet table: its start and end are the times of its
 * first and last packet, and a time kept as a field would cost a heap number per message. Its HTTP
 * message is named by position (exchange and side in its flow's `http`), and the HttpMessage object
 * is only made when read (flows/http/message-store.ts): most rules never read it. */
class LoggedMessage implements Message {
  /** The flow whose `http` holds this message's HTTP message, at exchange httpSlot >> 1 (request
   * when httpSlot is even, response when odd); httpSlot -1: none, or set as an object (`own`). */
  httpFlow: Flow | null = null;
  httpSlot = -1;
  private own: HttpMessage | null = null;
  constructor(
    private readonly table: PacketTable,
    public dir: Side,
    public firstRow: number,
    public lastRow: number,
    public bytes: number,
    public seqStart: number,
    public seqEnd: number,
    public ackRow: number,
  ) {}
  get start(): number {
    return this.table.time(this.firstRow);
  }
  get end(): number {
    return this.table.time(this.lastRow);
  }
  get http(): HttpMessage | null {
    if (this.httpSlot < 0 || !this.httpFlow) return this.own;
    const ex = this.httpFlow.http[this.httpSlot >> 1];
    return (this.httpSlot & 1 ? ex?.response : ex?.request) ?? null;
  }
  set http(m: HttpMessage | null) {
    this.own = m;
    this.httpSlot = -1;
  }
  /** Store index of the HTTP message (flows/http/message-store.ts), -1 when not named by position. */
  storeIndex(): number {
    const refs = this.httpFlow && this.httpSlot >= 0 ? httpRefsOf(this.httpFlow) : undefined;
    if (!refs) return -1;
    const k = this.httpSlot >> 1;
    return this.httpSlot & 1 ? refs.response(k) : refs.request(k);
  }
}

/** Whether an HTTP message starts in `m`, without making the HttpMessage object. */
export function hasHttp(m: Message): boolean {
  return m instanceof LoggedMessage && m.httpSlot >= 0 ? true : m.http !== null;
}

/** The `Connection` header value of `m`'s HTTP message (undefined without one or without the header),
 * read from the message store when it can be. */
export function httpConnection(m: Message): string | undefined {
  if (m instanceof LoggedMessage && m.httpFlow) {
    const at = m.storeIndex();
    const refs = httpRefsOf(m.httpFlow);
    if (at >= 0 && refs) return refs.store.connectionOf(at);
  }
  return m.http?.connection;
}

/** Names `m`'s HTTP message by position: exchange `k` of `flow.http`, its request (`which` 0) or
 * response (1). Returns false when `m` cannot be named so (then set `m.http` instead). */
export function setHttpSlot(m: Message, flow: Flow, k: number, which: 0 | 1): boolean {
  if (!(m instanceof LoggedMessage)) return false;
  m.httpFlow = flow;
  m.httpSlot = k * 2 + which;
  return true;
}

export function makeMessage(
  table: PacketTable,
  dir: Side,
  firstRow: number,
  lastRow: number,
  bytes: number,
  seqStart: number,
  seqEnd: number,
  ackRow: number,
): Message {
  return new LoggedMessage(table, dir, firstRow, lastRow, bytes, seqStart, seqEnd, ackRow);
}

export class MessageLog {
  length = 0;
  private slot = new Int32Array(1024);
  private dir = new Uint8Array(1024);
  private firstRow = new Int32Array(1024);
  private lastRow = new Int32Array(1024);
  private ackRow = new Int32Array(1024);
  private bytes = new Float64Array(1024);
  /** Relative sequence numbers (uint32). */
  private seqStart = new Uint32Array(1024);
  private seqEnd = new Uint32Array(1024);

  /** Appends a message of `slot`; returns its index. */
  add(
    slot: number,
    dir: Side,
    firstRow: number,
    lastRow: number,
    bytes: number,
    seqStart: number,
    seqEnd: number,
    ackRow: number,
  ): number {
    const g = this.length++;
    if (g >= this.slot.length) this.grow();
    this.slot[g] = slot;
    this.dir[g] = dir;
    this.firstRow[g] = firstRow;
    this.lastRow[g] = lastRow;
    this.bytes[g] = bytes;
    this.seqStart[g] = seqStart;
    this.seqEnd[g] = seqEnd;
    this.ackRow[g] = ackRow;
    return g;
  }

  seqEndOf(g: number): number {
    return this.seqEnd[g] ?? 0;
  }

  setAckRow(g: number, row: number): void {
    this.ackRow[g] = row;
  }

  /** Message objects per slot, each slot's in the order they ended. */
  bySlot(table: PacketTable, slots: number): Message[][] {
    const out: Message[][] = [];
    for (let s = 0; s < slots; s++) out.push([]);
    // Counting sort by slot, then objects made slot by slot.
    const start = new Int32Array(slots + 1);
    for (let g = 0; g < this.length; g++) {
      const s = this.slot[g] ?? 0;
      start[s + 1] = (start[s + 1] ?? 0) + 1;
    }
    for (let s = 0; s < slots; s++) start[s + 1] = (start[s + 1] ?? 0) + (start[s] ?? 0);
    const fill = start.slice(0, slots);
    const order = new Int32Array(this.length);
    for (let g = 0; g < this.length; g++) {
      const s = this.slot[g] ?? 0;
      order[fill[s] ?? 0] = g;
      fill[s] = (fill[s] ?? 0) + 1;
    }
    for (let s = 0; s < slots; s++) {
      const list = out[s] as Message[];
      for (let j = start[s] ?? 0; j < (start[s + 1] ?? 0); j++) list.push(this.message(table, order[j] ?? 0));
    }
    return out;
  }

  private message(table: PacketTable, g: number): Message {
    return makeMessage(
      table,
      (this.dir[g] ?? 0) as Side,
      this.firstRow[g] ?? -1,
      this.lastRow[g] ?? -1,
      this.bytes[g] ?? 0,
      this.seqStart[g] ?? 0,
      this.seqEnd[g] ?? 0,
      this.ackRow[g] ?? -1,
    );
  }

  /** Grows by half: the log lives next to the packet table, so its slack is kept small. */
  private grow(): void {
    const n = Math.ceil(this.slot.length * 1.5);
    this.slot = resizedCopy(this.slot, n);
    this.firstRow = resizedCopy(this.firstRow, n);
    this.lastRow = resizedCopy(this.lastRow, n);
    this.ackRow = resizedCopy(this.ackRow, n);
    this.seqStart = resizedCopy(this.seqStart, n);
    this.seqEnd = resizedCopy(this.seqEnd, n);
    this.dir = resizedCopy(this.dir, n);
    this.bytes = resizedCopy(this.bytes, n);
  }
}
