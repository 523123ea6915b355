// Test helper: builds a PacketTable (columns set directly) and the FlowSet the flows layer would make
// from a short script of packets, so rule tests do not depend on a capture file or on the flows
// layer. Sequence and acknowledgement numbers are filled in like a real TCP would (SYN and FIN take
// one number; ACKs cover everything the peer sent) unless a packet overrides them.
import { L3, PacketTable, Proto, TcpFlag } from '../../capture/packet-table';
import type { CloseKind, Flow, FlowSet, HttpExchange, HttpMessage, OpenKind } from '../../flows/model';

export interface ScriptPacket {
  /** Seconds since the start of the capture. */
  t: number;
  from: 'c' | 's';
  /** Letters: S(YN) A(CK) P(SH) F(IN) R(ST), e.g. "SA", "PA", "FA", "R", "RA". */
  flags: string;
  len?: number;
  /** Raw window field (default 65535). */
  win?: number;
  /** Sequence number relative to the sender's ISN (retransmissions, out-of-window probes). */
  seq?: number;
  /** Acknowledgement relative to the peer's ISN (a FIN that crossed a request, a stale ACK). */
  ack?: number;
  /** Connection number (index into the connection list), default 0. */
  conn?: number;
  /** This packet starts an HTTP message. */
  http?: HttpSpec;
}

export interface HttpSpec {
  method?: string;
  target?: string;
  status?: number;
  connection?: string;
  keepAliveTimeout?: number;
  contentLength?: number;
  bodyBytes?: number;
  /** The message never completed (response cut off). */
  incomplete?: boolean;
}

export interface ConnSpec {
  client?: string;
  server?: string;
}

const ISN = { c: 1000, s: 500_000 } as const;
const BASE_SEC = 1_700_000_000;

function flagBits(s: string): number {
  let f = 0;
  for (const ch of s) {
    f |= { S: TcpFlag.SYN, A: TcpFlag.ACK, P: TcpFlag.PSH, F: TcpFlag.FIN, R: TcpFlag.RST }[ch] ?? 0;
  }
  return f;
}

function ipv4(s: string): number {
  return s.split('.').reduce((v, p) => ((v << 8) | Number(p)) >>> 0, 0);
}

function splitEndpoint(s: string): [string, number] {
  const i = s.lastIndexOf(':');
  return [s.slice(0, i), Number(s.slice(i + 1))];
}

interface ConnState {
  next: { c: number; s: number };
  rows: number[];
  http: { row: number; from: 'c' | 's'; spec: HttpSpec }[];
}

/** Builds the table and flows. Connection i defaults to 10.0.0.1:(40000+i) → 10.0.0.2:8080. */
export function buildCapture(
  packets: readonly ScriptPacket[],
  conns: readonly ConnSpec[] = [],
): { table: PacketTable; flows: FlowSet } {
  const table = new PacketTable();
  table.baseSec = BASE_SEC;
  const nConns = packets.reduce((n, p) => Math.max(n, (p.conn ?? 0) + 1), conns.length);
  const ends = Array.from({ length: nConns }, (_, i) => ({
    c: splitEndpoint(conns[i]?.client ?? `10.0.0.1:${40000 + i}`),
    s: splitEndpoint(conns[i]?.server ?? '10.0.0.2:8080'),
  }));
  const state: ConnState[] = ends.map(() => ({ next: { c: ISN.c, s: ISN.s }, rows: [], http: [] }));
  const dirCol: number[] = [];
  const flowCol: number[] = [];
  for (const p of packets) {
    const k = p.conn ?? 0;
    const st = state[k] as ConnState;
    const e = ends[k] as (typeof ends)[number];
    const row = table.add();
    const whole = Math.floor(p.t);
    table.tsSec[row] = whole;
    table.tsNs[row] = Math.round((p.t - whole) * 1e9);
    const [src, dst] = p.from === 'c' ? [e.c, e.s] : [e.s, e.c];
    const len = p.len ?? 0;
    const flags = flagBits(p.flags);
    const from = table.addresses.internV4(ipv4(src[0]));
    const to = table.addresses.internV4(ipv4(dst[0]));
    table.setEndpoints(row, L3.IPv4, Proto.TCP, from, src[1], to, dst[1]);
    table.tcpFlags[row] = flags;
    table.payloadLength[row] = len;
    table.win[row] = p.win ?? 65535;
    table.origLen[row] = 54 + len;
    table.setRecord(row, 54 + len);
    const peer = p.from === 'c' ? 's' : 'c';
    const seq = p.seq !== undefined ? ISN[p.from] + p.seq : st.next[p.from];
    table.seq[row] = seq >>> 0;
    table.ack[row] =
      flags & TcpFlag.ACK ? (p.ack !== undefined ? ISN[peer] + p.ack : st.next[peer]) >>> 0 : 0;
    const end = seq + len + (flags & TcpFlag.SYN ? 1 : 0) + (flags & TcpFlag.FIN ? 1 : 0);
    if (end > st.next[p.from]) st.next[p.from] = end;
    st.rows.push(row);
    if (p.http) st.http.push({ row, from: p.from, spec: p.http });
    dirCol.push(p.from === 'c' ? 0 : 1);
    flowCol.push(k);
  }
  const flows = state.map((st, k) => makeFlow(table, k, st, dirCol, ends[k] as (typeof ends)[number]));
  const n = table.length;
  return {
    table,
    flows: {
      flows,
      columns: {
        flow: Int32Array.from(flowCol),
        dir: Uint8Array.from(dirCol),
        analysis: new Uint16Array(n),
        dupAckNum: new Uint16Array(n),
        clientState: new Uint8Array(n),
        serverState: new Uint8Array(n),
        bytesInFlight: new Uint32Array(n),
        marks: new Uint8Array(n),
      },
    },
  };
}

function makeFlow(
  table: PacketTable,
  index: number,
  st: ConnState,
  dirs: number[],
  e: { c: [string, number]; s: [string, number] },
): Flow {
  const rows = st.rows;
  const first = rows[0] ?? 0;
  const last = rows[rows.length - 1] ?? 0;
  const packets: [number, number] = [0, 0];
  const bytes: [number, number] = [0, 0];
  const payload: [number, number] = [0, 0];
  const close: Flow['close'] = [
    { how: 'open', row: -1 },
    { how: 'open', row: -1 },
  ];
  let syn = -1;
  let synAck = -1;
  let refused = false;
  let hsAck = -1;
  for (const r of rows) {
    const d = (dirs[r] ?? 0) as 0 | 1;
    const f = table.tcpFlags[r] ?? 0;
    packets[d]++;
    bytes[d] += table.origLen[r] ?? 0;
    payload[d] += table.payloadLength[r] ?? 0;
    if (f & TcpFlag.SYN && !(f & TcpFlag.ACK) && syn < 0) syn = r;
    if (f & TcpFlag.SYN && f & TcpFlag.ACK && synAck < 0) synAck = r;
    if (d === 0 && synAck >= 0 && hsAck < 0 && !(f & TcpFlag.SYN) && f & TcpFlag.ACK) hsAck = r;
    if (d === 1 && f & TcpFlag.RST && syn >= 0 && synAck < 0) refused = true;
    const c = close[d] as { how: CloseKind; row: number };
    if (c.row < 0 && f & (TcpFlag.FIN | TcpFlag.RST)) {
      c.how = f & TcpFlag.RST ? 'rst' : 'fin';
      c.row = r;
    }
  }
  const open: OpenKind = refused
    ? 'refused'
    : synAck >= 0
      ? 'handshake'
      : syn >= 0
        ? 'syn-unanswered'
        : 'no-handshake';
  const c0 = close[0].row;
  const c1 = close[1].row;
  const firstCloser = c0 < 0 && c1 < 0 ? null : c1 < 0 || (c0 >= 0 && c0 < c1) ? 'client' : 'server';
  return {
    index,
    transport: 'tcp',
    stream: index,
    clientAddr: table.addresses.internV4(ipv4(e.c[0])),
    clientPort: e.c[1],
    serverAddr: table.addresses.internV4(ipv4(e.s[0])),
    serverPort: e.s[1],
    roleInferred: syn < 0,
    firstRow: first,
    lastRow: last,
    rows: Uint32Array.from(rows),
    packets,
    bytes,
    payloadBytes: payload,
    start: table.time(first),
    end: table.time(last),
    baseSeq: [ISN.c, ISN.s],
    open,
    close,
    firstCloser,
    idleGaps: [],
    rtt: syn >= 0 && hsAck >= 0 ? table.time(hsAck) - table.time(syn) : null,
    windowScale: [-1, -1],
    http: exchanges(st, dirs, table),
  };
}

/** HTTP messages paired in order: each request with the next response. */
function exchanges(st: ConnState, dirs: number[], table: PacketTable): HttpExchange[] {
  const msg = (h: ConnState['http'][number]): HttpMessage => ({
    kind: h.from === 'c' ? 'request' : 'response',
    row: h.row,
    endRow: h.spec.incomplete ? -1 : lastRowOfRun(st.rows, h.row, dirs, table),
    method: h.spec.method,
    target: h.spec.target,
    version: 'HTTP/1.1',
    status: h.spec.status,
    reason: h.spec.status !== undefined ? 'OK' : undefined,
    contentLength: h.spec.contentLength,
    chunked: false,
    connection: h.spec.connection,
    keepAliveTimeout: h.spec.keepAliveTimeout,
    bodyBytes: h.spec.bodyBytes ?? 0,
  });
  const out: HttpExchange[] = [];
  for (const h of st.http) {
    if (h.from === 'c') out.push({ request: msg(h), response: null, unanswered: true });
    else {
      const ex = out.find((x) => x.response === null && x.request && x.request.row < h.row);
      if (ex) {
        ex.response = msg(h);
        ex.unanswered = false;
      } else out.push({ request: null, response: msg(h), unanswered: false });
    }
  }
  return out;
}

/** The last payload row of the same direction before the other side sends payload. */
function lastRowOfRun(rows: number[], start: number, dirs: number[], table: PacketTable): number {
  let last = start;
  for (const r of rows) {
    if (r <= start) continue;
    if ((table.payloadLength[r] ?? 0) === 0) continue;
    if (dirs[r] !== dirs[start]) break;
    last = r;
  }
  return last;
}

/** A plain three-way handshake for connection `conn` starting at `t`. */
export function handshake(t: number, conn = 0, rtt = 0.001): ScriptPacket[] {
  return [
    { t, from: 'c', flags: 'S', conn },
    { t: t + rtt / 2, from: 's', flags: 'SA', conn },
    { t: t + rtt, from: 'c', flags: 'A', conn },
  ];
}

/** A GET and its 200 response (request at `t`, response `serverTime` later). */
export function getExchange(t: number, target = '/', conn = 0, serverTime = 0.002): ScriptPacket[] {
  return [
    { t, from: 'c', flags: 'PA', len: 80, conn, http: { method: 'GET', target } },
    { t: t + 0.0005, from: 's', flags: 'A', conn },
    {
      t: t + serverTime,
      from: 's',
      flags: 'PA',
      len: 200,
      conn,
      http: { status: 200, contentLength: 100, bodyBytes: 100 },
    },
    { t: t + serverTime + 0.0005, from: 'c', flags: 'A', conn },
  ];
}

/** Sorts packets by time (stable), so scripts can be written per connection. */
export function byTime(...parts: ScriptPacket[][]): ScriptPacket[] {
  return parts.flat().sort((a, b) => a.t - b.t);
}
