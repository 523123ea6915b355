// Test-only: builds the packet-table rows of a hand-made case (testdata/analysis-cases.json), the
// same packets make-analysis-oracle.mjs writes as a pcap for tshark.
import { OptBit, PacketTable, Proto, TcpFlag } from '../../../capture/packet-table';
import type { DirValue } from '../../model';

export interface CasePacket {
  from: 'c' | 's';
  /** Letters S A P F R. */
  flags: string;
  seq?: number;
  ack?: number;
  len?: number;
  win?: number;
  ws?: number;
  sack?: [number, number][];
  /** Milliseconds from the first packet; default: the previous packet + 10. */
  t?: number;
  expect?: string[];
  dup?: number;
  bif?: number;
}

const FLAG_LETTERS: Record<string, number> = {
  F: TcpFlag.FIN,
  S: TcpFlag.SYN,
  R: TcpFlag.RST,
  P: TcpFlag.PSH,
  A: TcpFlag.ACK,
};

const BASE_SEC = 1_700_000_000;

function setOptions(table: PacketTable, row: number, p: CasePacket): void {
  if (p.ws === undefined && !p.sack) return;
  const o = table.options.add(row);
  if (p.ws !== undefined) {
    table.options.wscale[o] = p.ws;
    table.options.bits[o] = OptBit.WindowScale;
  }
  for (const [left, right] of p.sack ?? []) table.options.addSack(o, left >>> 0, right >>> 0);
}

export function caseTable(packets: CasePacket[]): { table: PacketTable; dirs: DirValue[] } {
  const table = new PacketTable();
  table.baseSec = BASE_SEC;
  const client = table.addresses.internV4(0x0a000001);
  const server = table.addresses.internV4(0x0a000002);
  const dirs: DirValue[] = [];
  let t = 0;
  packets.forEach((p, i) => {
    t = p.t ?? (i === 0 ? 0 : t + 10);
    const row = table.add();
    const fromClient = p.from === 'c';
    table.tsSec[row] = Math.floor(t / 1000);
    table.tsNs[row] = (t % 1000) * 1_000_000;
    if (fromClient) table.setEndpoints(row, 4, Proto.TCP, client, 40000, server, 80);
    else table.setEndpoints(row, 4, Proto.TCP, server, 80, client, 40000);
    table.tcpFlags[row] = [...p.flags].reduce((a, f) => a | (FLAG_LETTERS[f] ?? 0), 0);
    table.seq[row] = (p.seq ?? 0) >>> 0;
    table.ack[row] = (p.ack ?? 0) >>> 0;
    table.win[row] = p.win ?? 1000;
    table.payloadLength[row] = p.len ?? 0;
    setOptions(table, row, p);
    dirs.push(fromClient ? 0 : 1);
  });
  return { table, dirs };
}
