// The flow list's view of a capture: one entry per TCP connection with the figures the list shows,
// sorts and filters on. Nothing is computed per connection when a capture opens: the figures are
// read from the worker's per-flow columns (unpack-result.ts) when a row is shown, sorted or filtered,
// and an entry object (with its endpoint strings) is built only for a row that is rendered or a
// filter that needs text. The default order comes sorted from the worker (list-order.ts).
import { LABELS, type Label } from '../../analysis/labels';
import type { AddressTable } from '../../capture/address-table';
import { CLOSE_KINDS, OPEN_KINDS } from '../../worker/flow-transfer';
import { RANK_OF_CODE } from '../../worker/list-order';
import type { ResultColumns } from '../../worker/unpack-result';

/** Badge bits: what the list marks on a connection besides its diagnosis. */
export const Badge = { Rst: 1, Fin: 2, Refused: 4, Idle: 8 } as const;

export interface FlowEntry {
  /** Index in FlowSet.flows. */
  flow: number;
  stream: number;
  client: string;
  server: string;
  clientPort: number;
  serverPort: number;
  /** Seconds from the capture's first frame to the connection's first packet. */
  start: number;
  duration: number;
  packets: number;
  bytes: number;
  diagnosis: Label;
  labels: Label[];
  /** Sort rank, smaller is worse: severity (error, warning, info, healthy), then precedence. */
  rank: number;
  badges: number;
  /** Longest idle gap in seconds, 0 when none. */
  maxIdle: number;
  /** Lower-case text the free-text filter searches: stream, endpoints, diagnosis ids. */
  haystack: string;
}

/** Codes of the columns (flow-transfer.ts). */
const CLOSE_FIN = CLOSE_KINDS.indexOf('fin');
const CLOSE_RST = CLOSE_KINDS.indexOf('rst');
const OPEN_REFUSED = OPEN_KINDS.indexOf('refused');

/**
 * The entries of one capture. Entry i is the i-th TCP connection in flow order; the accessors read
 * one figure of one entry straight from the columns, for sorting and filtering without objects.
 */
export class FlowEntries {
  readonly length: number;
  /** Entry indexes in the default order (worst diagnosis first, then stream). */
  readonly defaultOrder: Uint32Array;
  private readonly built: (FlowEntry | undefined)[];

  /**
   * `t0`: the time of the capture's first frame, that start times count from. `pending`: the early
   * list of a big file, whose diagnosis is still being computed (every entry reads as healthy until
   * the whole result replaces these entries; the list shows "analysing" instead).
   */
  constructor(
    private readonly addresses: AddressTable,
    private readonly t0: number,
    private readonly c: ResultColumns,
    readonly pending = false,
  ) {
    this.length = c.entries.length;
    this.defaultOrder = c.listOrder;
    this.built = new Array(this.length);
  }

  /** Flow index of entry i. */
  flow(i: number): number {
    return this.c.entries[i] ?? -1;
  }

  stream(i: number): number {
    return this.c.flows.stream[this.flow(i)] ?? -1;
  }

  clientPort(i: number): number {
    return this.c.flows.clientPort[this.flow(i)] ?? 0;
  }

  serverPort(i: number): number {
    return this.c.flows.serverPort[this.flow(i)] ?? 0;
  }

  /** Index into LABELS of the entry's diagnosis. */
  labelCode(i: number): number {
    return this.c.flowLabels?.label[this.flow(i)] ?? 0;
  }

  /** Indexes into LABELS of the entry's other labels. */
  otherLabelCodes(i: number): Uint8Array {
    const l = this.c.flowLabels;
    const f = this.flow(i);
    return l ? l.labels.subarray(l.labelStart[f] ?? 0, l.labelStart[f + 1] ?? 0) : new Uint8Array(0);
  }

  rank(i: number): number {
    return RANK_OF_CODE[this.labelCode(i)] ?? 0;
  }

  start(i: number): number {
    return (this.c.flows.start[this.flow(i)] ?? 0) - this.t0;
  }

  duration(i: number): number {
    const f = this.flow(i);
    return (this.c.flows.end[f] ?? 0) - (this.c.flows.start[f] ?? 0);
  }

  packets(i: number): number {
    const f = this.flow(i);
    return (this.c.flows.packets[2 * f] ?? 0) + (this.c.flows.packets[2 * f + 1] ?? 0);
  }

  bytes(i: number): number {
    const f = this.flow(i);
    return (this.c.flows.bytes[2 * f] ?? 0) + (this.c.flows.bytes[2 * f + 1] ?? 0);
  }

  /** "address:port" of the entry's client or server (from its object when it was built). */
  endpoint(i: number, side: 'client' | 'server'): string {
    const built = this.built[i];
    if (built) return built[side];
    const f = this.flow(i);
    const p = this.c.flows;
    return side === 'client'
      ? this.addresses.endpoint(p.clientAddr[f] ?? 0, this.clientPort(i))
      : this.addresses.endpoint(p.serverAddr[f] ?? 0, this.serverPort(i));
  }

  /** Entry i as an object, built on first use. */
  at(i: number): FlowEntry | undefined {
    if (i < 0 || i >= this.length) return undefined;
    let e = this.built[i];
    if (!e) {
      e = this.build(i);
      this.built[i] = e;
    }
    return e;
  }

  private badges(f: number): number {
    const p = this.c.flows;
    const how = [p.closeHow[2 * f], p.closeHow[2 * f + 1]];
    let b = 0;
    if (how.includes(CLOSE_RST)) b |= Badge.Rst;
    if (how.includes(CLOSE_FIN)) b |= Badge.Fin;
    if (p.open[f] === OPEN_REFUSED) b |= Badge.Refused;
    if ((p.gapStart[f + 1] ?? 0) > (p.gapStart[f] ?? 0)) b |= Badge.Idle;
    return b;
  }

  private maxIdle(f: number): number {
    const p = this.c.flows;
    let max = 0;
    for (let g = p.gapStart[f] ?? 0; g < (p.gapStart[f + 1] ?? 0); g++)
      max = Math.max(max, p.gapSeconds[g] ?? 0);
    return max;
  }

  private build(i: number): FlowEntry {
    const f = this.flow(i);
    const diagnosis = LABELS[this.labelCode(i)] ?? 'healthy';
    const labels = Array.from(this.otherLabelCodes(i), (l) => LABELS[l] ?? 'healthy');
    const stream = this.stream(i);
    const client = this.endpoint(i, 'client');
    const server = this.endpoint(i, 'server');
    return {
      flow: f,
      stream,
      client,
      server,
      clientPort: this.clientPort(i),
      serverPort: this.serverPort(i),
      start: this.start(i),
      duration: this.duration(i),
      packets: this.packets(i),
      bytes: this.bytes(i),
      diagnosis,
      labels,
      rank: this.rank(i),
      badges: this.badges(f),
      maxIdle: this.maxIdle(f),
      haystack: `${stream} ${client} ${server} ${diagnosis} ${labels.join(' ')}`.toLowerCase(),
    };
  }
}
