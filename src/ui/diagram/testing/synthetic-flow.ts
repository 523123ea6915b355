// A long synthetic TCP flow (a bulk download: data one way, ACKs the other, a silence every
// `gapEvery` packets), built straight into typed-array columns: no flow builder, no capture, so the
// ladder can be measured and scrolled at 1 M packets in Node and in the browser alike.
import { PacketTable, TcpFlag } from '../../../capture/packet-table';
import { type Flow, type IdleGap, type PacketFlowColumns, TcpState } from '../../../flows/model';
import type { LadderSource } from '../ladder-layout';

export interface SyntheticOptions {
  packets: number;
  /** Seconds between consecutive packets. */
  spacing?: number;
  /** Insert a silence of `gapSeconds` before every `gapEvery`-th packet (0: none). */
  gapEvery?: number;
  gapSeconds?: number;
}

function columns(n: number): PacketFlowColumns {
  return {
    flow: new Int32Array(n),
    dir: new Uint8Array(n),
    analysis: new Uint16Array(n),
    dupAckNum: new Uint16Array(n),
    clientState: new Uint8Array(n).fill(TcpState.ESTABLISHED),
    serverState: new Uint8Array(n).fill(TcpState.ESTABLISHED),
    bytesInFlight: new Uint32Array(n),
    marks: new Uint8Array(n),
  };
}

function fillTable(t: PacketTable, o: Required<SyntheticOptions>, gaps: IdleGap[]): void {
  let time = 0;
  for (let r = 0; r < o.packets; r++) {
    t.add();
    if (r > 0) time += o.gapEvery > 0 && r % o.gapEvery === 0 ? o.gapSeconds : o.spacing;
    if (r > 0 && o.gapEvery > 0 && r % o.gapEvery === 0)
      gaps.push({ fromRow: r - 1, toRow: r, seconds: o.gapSeconds });
    t.tsSec[r] = Math.floor(time);
    t.tsNs[r] = Math.round((time - Math.floor(time)) * 1e9);
    const data = r % 2 === 0;
    t.tcpFlags[r] = TcpFlag.ACK | (data ? TcpFlag.PSH : 0);
    t.seq[r] = data ? 1 + (r / 2) * 1448 : 1;
    t.ack[r] = data ? 1 : 1 + ((r + 1) / 2) * 1448;
    t.win[r] = 512;
    t.payloadLength[r] = data ? 1448 : 0;
  }
}

/** A flow of `packets` packets: server → client data on even rows, client ACKs on odd rows. */
export function syntheticFlow(options: SyntheticOptions): LadderSource {
  const o: Required<SyntheticOptions> = { spacing: 1e-4, gapEvery: 0, gapSeconds: 30, ...options };
  const table = new PacketTable();
  table.baseSec = 1_700_000_000;
  const client = table.addresses.internV4(0x0a000001);
  const server = table.addresses.internV4(0x0a000002);
  const gaps: IdleGap[] = [];
  fillTable(table, o, gaps);
  const cols = columns(o.packets);
  for (let r = 0; r < o.packets; r++) cols.dir[r] = r % 2 === 0 ? 1 : 0;
  const last = Math.max(0, o.packets - 1);
  const flow: Flow = {
    index: 0,
    transport: 'tcp',
    stream: 0,
    clientAddr: client,
    clientPort: 50000,
    serverAddr: server,
    serverPort: 443,
    roleInferred: true,
    firstRow: 0,
    lastRow: last,
    rows: Uint32Array.from({ length: o.packets }, (_, i) => i),
    packets: [o.packets >> 1, o.packets - (o.packets >> 1)],
    bytes: [0, 0],
    payloadBytes: [0, 0],
    start: table.baseSec,
    end: table.baseSec + (table.tsSec[last] ?? 0),
    baseSeq: [0, 0],
    open: 'no-handshake',
    close: [
      { how: 'open', row: -1 },
      { how: 'open', row: -1 },
    ],
    firstCloser: null,
    idleGaps: gaps,
    rtt: null,
    windowScale: [-1, -1],
    http: [],
  };
  return { flow, table, columns: cols };
}
