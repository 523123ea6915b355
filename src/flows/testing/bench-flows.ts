// Measures the flow builder alone (no reader, no decoder) on a packet table built in memory: HTTP/1.1
// keep-alive connections, interleaved, with handshakes, requests, 1448-byte response segments, ACKs
// and FIN closes. The TCP analyzer and HTTP tracker run as in the real pipeline.
// Run: npx esbuild src/flows/testing/bench-flows.ts --bundle --platform=node --format=esm \
//        --outfile=/tmp/bench-flows.mjs && node /tmp/bench-flows.mjs [rows] [concurrent]
import { L3, PacketTable, Proto, TcpFlag } from '../../capture/packet-table';
import { createFlowBuilder } from '../flow-builder';

const { SYN, ACK, PSH, FIN } = TcpFlag;
const REQUEST = new TextEncoder().encode(
  'GET /index.html HTTP/1.1\r\nHost: example.com\r\nUser-Agent: bench\r\n\r\n',
);
const RESPONSE_HEAD = 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 14480\r\n\r\n';
const SEG = 1448;

interface Conn {
  c: number;
  s: number;
  cport: number;
  cseq: number;
  sseq: number;
  step: number;
}

/** Builds `rows` packets; returns the table and the bytes each row's payload starts in (offset 0). */
export function buildTable(rows: number, concurrent: number): { table: PacketTable; bytes: Uint8Array[] } {
  const t = new PacketTable();
  t.baseSec = 1_700_000_000;
  const body = new Uint8Array(SEG).fill(0x61);
  const head = new TextEncoder().encode(RESPONSE_HEAD);
  const first = new Uint8Array(SEG).fill(0x61);
  first.set(head);
  const bytes: Uint8Array[] = [];
  const server = t.addresses.internV4(0x0a000001);
  let nextPort = 20000;
  const open = (): Conn => ({
    c: t.addresses.internV4(0x0a010000 + (nextPort % 5000)),
    s: server,
    cport: 1024 + (nextPort++ % 60000),
    cseq: Math.floor(Math.random() * 2 ** 32),
    sseq: Math.floor(Math.random() * 2 ** 32),
    step: 0,
  });
  const conns = Array.from({ length: concurrent }, open);
  // One connection's life: SYN, SYN-ACK, ACK, then 4 × (request, 10 response segments, 5 ACKs), FINs.
  const script: [fromClient: boolean, flags: number, len: number][] = [
    [true, SYN, 0],
    [false, SYN | ACK, 0],
    [true, ACK, 0],
  ];
  for (let r = 0; r < 4; r++) {
    script.push([true, PSH | ACK, REQUEST.length]);
    for (let k = 0; k < 10; k++) {
      script.push([false, k === 9 ? PSH | ACK : ACK, SEG]);
      if (k % 2 === 1) script.push([true, ACK, 0]);
    }
  }
  script.push([true, FIN | ACK, 0], [false, FIN | ACK, 0], [true, ACK, 0]);
  let segIndex = 0;
  for (let i = 0; i < rows; i++) {
    const ci = i % concurrent;
    let conn = conns[ci] as Conn;
    if (conn.step === script.length) {
      conn = open();
      conns[ci] = conn;
    }
    const [fromClient, flags, len] = script[conn.step++] as [boolean, number, number];
    const row = t.add();
    t.tsSec[row] = Math.floor(i / 100_000);
    t.tsNs[row] = (i % 100_000) * 10_000;
    if (fromClient) t.setEndpoints(row, L3.IPv4, Proto.TCP, conn.c, conn.cport, conn.s, 80);
    else t.setEndpoints(row, L3.IPv4, Proto.TCP, conn.s, 80, conn.c, conn.cport);
    t.tcpFlags[row] = flags;
    t.seq[row] = fromClient ? conn.cseq : conn.sseq;
    t.ack[row] = flags & ACK ? (fromClient ? conn.sseq : conn.cseq) : 0;
    t.win[row] = 502;
    t.payloadLength[row] = len;
    t.origLen[row] = 66 + len;
    t.setRecord(row, len);
    const adv = len + (flags & (SYN | FIN) ? 1 : 0);
    if (fromClient) conn.cseq = (conn.cseq + adv) >>> 0;
    else conn.sseq = (conn.sseq + adv) >>> 0;
    if (fromClient) bytes.push(len ? REQUEST : body);
    else bytes.push(len && segIndex++ % 10 === 0 ? first : body);
  }
  return { table: t, bytes };
}

function main(): void {
  const rows = Number(process.argv[2] ?? 2_000_000);
  const concurrent = Number(process.argv[3] ?? 200);
  const { table, bytes } = buildTable(rows, concurrent);
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const b = createFlowBuilder(table);
    for (let r = 0; r < table.length; r++) b.onPacket(table, r, bytes[r] as Uint8Array, 0);
    const set = b.finish();
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    // CPU time is the steadier figure on a shared machine; wall time includes waiting for a core.
    console.log(
      `${table.length} packets, ${set.flows.length} flows: wall ${wall.toFixed(3)} s (${(table.length / wall / 1e6).toFixed(2)} M/s), ` +
        `cpu ${cpuS.toFixed(3)} s (${(table.length / cpuS / 1e6).toFixed(2)} M/s)`,
    );
  }
}

main();
