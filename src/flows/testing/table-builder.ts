// Test helper: builds a PacketTable by hand, row by row (no capture file), and runs the flow builder
// over it the way the reader would (one onPacket call per row, in order, with the frame's bytes).
import { L3, PacketTable, Proto, TcpFlag } from '../../capture/packet-table';
import { createFlowBuilder } from '../flow-builder';
import type { FlowSet } from '../model';

export interface Endpoint {
  addr: number;
  port: number;
}

export interface SegmentSpec {
  seq?: number;
  ack?: number;
  /** Payload length (defaults to the length of `payload`, else 0). */
  len?: number;
  payload?: string | Uint8Array;
  win?: number;
  /** Seconds since the first packet. */
  t?: number;
  wscale?: number;
  /** Frame bytes on the wire (defaults to 54 + payload). */
  frameLen?: number;
  decode?: number;
}

const FLAG_NAMES: Record<string, number> = {
  FIN: TcpFlag.FIN,
  SYN: TcpFlag.SYN,
  RST: TcpFlag.RST,
  PSH: TcpFlag.PSH,
  ACK: TcpFlag.ACK,
  URG: TcpFlag.URG,
  ECN: TcpFlag.ECE,
  CWR: TcpFlag.CWR,
  NS: TcpFlag.NS,
};

/** "SYN,ACK" → flag bits (Wireshark's names; ECE is "ECN" there). */
export function parseFlags(s: string): number {
  let f = 0;
  for (const name of s.split(',')) {
    const bit = FLAG_NAMES[name.trim()];
    if (bit === undefined) throw new Error(`unknown TCP flag ${name}`);
    f |= bit;
  }
  return f;
}

export class TableBuilder {
  readonly table = new PacketTable();
  readonly payloads: Uint8Array[] = [];
  private lastT = 0;

  constructor() {
    this.table.baseSec = 1_700_000_000;
  }

  /** An IPv4 endpoint ("10.0.0.1", 80). */
  endpoint(ip: string, port: number): Endpoint {
    const v = ip.split('.').reduce((a, b) => a * 256 + Number(b), 0);
    return { addr: this.table.addresses.internV4(v), port };
  }

  tcp(from: Endpoint, to: Endpoint, flags: string, spec: SegmentSpec = {}): number {
    const row = this.addRow(from, to, Proto.TCP, spec);
    const t = this.table;
    t.tcpFlags[row] = parseFlags(flags);
    t.seq[row] = (spec.seq ?? 0) >>> 0;
    t.ack[row] = (spec.ack ?? 0) >>> 0;
    t.win[row] = spec.win ?? 1000;
    if (spec.wscale !== undefined) {
      const o = t.options.add(row);
      t.options.wscale[o] = spec.wscale;
    }
    return row;
  }

  udp(from: Endpoint, to: Endpoint, spec: SegmentSpec = {}): number {
    return this.addRow(from, to, Proto.UDP, spec);
  }

  private addRow(from: Endpoint, to: Endpoint, proto: number, spec: SegmentSpec): number {
    const t = this.table;
    const row = t.add();
    const payload = typeof spec.payload === 'string' ? new TextEncoder().encode(spec.payload) : spec.payload;
    const bytes = payload ?? new Uint8Array(0);
    const time = spec.t ?? this.lastT;
    this.lastT = time;
    t.tsSec[row] = Math.floor(time);
    t.tsNs[row] = Math.round((time - Math.floor(time)) * 1e9);
    t.decode[row] = spec.decode ?? 0;
    t.setEndpoints(row, L3.IPv4, proto, from.addr, from.port, to.addr, to.port);
    t.payloadOffset[row] = 0;
    t.payloadLength[row] = spec.len ?? bytes.length;
    t.origLen[row] = spec.frameLen ?? 54 + (spec.len ?? bytes.length);
    t.setRecord(row, bytes.length);
    this.payloads[row] = bytes;
    return row;
  }

  /** Runs the flow builder over every row, as the reader's hook would. */
  run(): FlowSet {
    const b = createFlowBuilder(this.table);
    for (let r = 0; r < this.table.length; r++)
      b.onPacket(this.table, r, this.payloads[r] ?? new Uint8Array(0), 0);
    return b.finish();
  }
}
