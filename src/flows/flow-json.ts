// The command's JSON `flows` array (docs/cli.md; issue 2 item 5 and issue 3 item 6): one object per
// flow, TCP flows first in tcp.stream order, then UDP flows in udp.stream order. Frame numbers are
// 1-based (row + 1) as Wireshark numbers them; times are seconds since the epoch; seq/ack are relative
// as in Wireshark (tcp.seq / tcp.ack) and windows are scaled as Wireshark's tcp.window_size.
import { Decode, type PacketTable, TcpFlag } from '../capture/packet-table';
import { idleGapThreshold } from './idle-gaps';
import {
  ANALYSIS_NAMES,
  type CloseKind,
  type DirectionClose,
  type Flow,
  type FlowSet,
  type HttpExchange,
  type HttpMessage,
  type OpenKind,
  TCP_STATE_NAMES,
} from './model';
import { SequenceBase } from './sequence-base';
import { tcpFlagsText } from './tcp-flags';
import { findOptionRow, WindowScale } from './window-scale';

export interface FlowJsonOptions {
  /** Add the per-packet `packets` array (the command's --packets). */
  packets?: boolean;
}

export interface DirectionCloseJson {
  how: CloseKind;
  /** Frame of the FIN or RST that closed this direction, null while open. */
  frame: number | null;
  /** Who sent that FIN or RST (a RST from either side closes both directions). */
  by: 'client' | 'server' | null;
}

export interface HttpMessageJson {
  contentLength: number | null;
  chunked: boolean;
  connection: string | null;
  bodyBytes: number;
}

export interface HttpExchangeJson {
  /** Null (with method, target, version and request) when the capture began after the request. */
  requestFrame: number | null;
  /** Frame that completed the request, null if it never completed. */
  requestEndFrame: number | null;
  method: string | null;
  target: string | null;
  version: string | null;
  request: HttpMessageJson | null;
  responseFrame: number | null;
  responseEndFrame: number | null;
  status: number | null;
  reason: string | null;
  response:
    | (HttpMessageJson & { version: string; keepAliveTimeout: number | null; keepAliveMax: number | null })
    | null;
  /** The connection closed before any response byte arrived. */
  unanswered: boolean;
}

export interface PacketJson {
  frame: number;
  time: number;
  dir: 'c2s' | 's2c';
  flags: string;
  seq?: number;
  ack?: number;
  len: number;
  win?: number;
  analysis?: string[];
  clientState?: string;
  serverState?: string;
  http?: string;
}

export interface FlowJson {
  transport: 'tcp' | 'udp';
  stream: number;
  client: string;
  server: string;
  roleInferred: boolean;
  firstFrame: number;
  lastFrame: number;
  packetsClientToServer: number;
  packetsServerToClient: number;
  bytesClientToServer: number;
  bytesServerToClient: number;
  payloadBytesClientToServer: number;
  payloadBytesServerToClient: number;
  start: number;
  end: number;
  opening?: {
    how: OpenKind;
    rtt: number | null;
    windowScaleClient: number | null;
    windowScaleServer: number | null;
  };
  closing?: {
    clientToServer: DirectionCloseJson;
    serverToClient: DirectionCloseJson;
    firstCloser: 'client' | 'server' | null;
  };
  idleThreshold?: number;
  idleGaps?: { fromFrame: number; toFrame: number; seconds: number }[];
  http?: HttpExchangeJson[];
  packets?: PacketJson[];
}

export function flowsToJson(set: FlowSet, table: PacketTable, options: FlowJsonOptions = {}): FlowJson[] {
  const order = [...set.flows].sort((a, b) =>
    a.transport === b.transport ? a.stream - b.stream : a.transport === 'tcp' ? -1 : 1,
  );
  return order.map((f) => flowToJson(f, set, table, options));
}

export function flowToJson(
  f: Flow,
  set: FlowSet,
  table: PacketTable,
  options: FlowJsonOptions = {},
): FlowJson {
  const a = table.addresses;
  const out: FlowJson = {
    transport: f.transport,
    stream: f.stream,
    client: a.endpoint(f.clientAddr, f.clientPort),
    server: a.endpoint(f.serverAddr, f.serverPort),
    roleInferred: f.roleInferred,
    firstFrame: f.firstRow + 1,
    lastFrame: f.lastRow + 1,
    packetsClientToServer: f.packets[0],
    packetsServerToClient: f.packets[1],
    bytesClientToServer: f.bytes[0],
    bytesServerToClient: f.bytes[1],
    payloadBytesClientToServer: f.payloadBytes[0],
    payloadBytesServerToClient: f.payloadBytes[1],
    start: f.start,
    end: f.end,
  };
  if (f.transport === 'tcp') {
    const scale = (s: number) => (s < 0 ? null : s);
    out.opening = {
      how: f.open,
      rtt: f.rtt,
      windowScaleClient: scale(f.windowScale[0]),
      windowScaleServer: scale(f.windowScale[1]),
    };
    out.closing = {
      clientToServer: closeJson(f.close[0], set),
      serverToClient: closeJson(f.close[1], set),
      firstCloser: f.firstCloser,
    };
    out.idleThreshold = idleGapThreshold(f.rtt);
    out.idleGaps = f.idleGaps.map((g) => ({
      fromFrame: g.fromRow + 1,
      toFrame: g.toRow + 1,
      seconds: g.seconds,
    }));
    out.http = f.http.map(exchangeJson);
  }
  if (options.packets)
    out.packets = f.transport === 'tcp' ? tcpPackets(f, set, table) : udpPackets(f, set, table);
  return out;
}

function closeJson(c: DirectionClose, set: FlowSet): DirectionCloseJson {
  if (c.row < 0) return { how: c.how, frame: null, by: null };
  return { how: c.how, frame: c.row + 1, by: set.columns.dir[c.row] === 0 ? 'client' : 'server' };
}

function messageJson(m: HttpMessage): HttpMessageJson {
  return {
    contentLength: m.contentLength ?? null,
    chunked: m.chunked,
    connection: m.connection ?? null,
    bodyBytes: m.bodyBytes,
  };
}

function exchangeJson(x: HttpExchange): HttpExchangeJson {
  const q = x.request;
  const r = x.response;
  return {
    requestFrame: q ? q.row + 1 : null,
    requestEndFrame: q && q.endRow >= 0 ? q.endRow + 1 : null,
    method: q?.method ?? null,
    target: q?.target ?? null,
    version: q?.version ?? null,
    request: q ? messageJson(q) : null,
    responseFrame: r ? r.row + 1 : null,
    responseEndFrame: r && r.endRow >= 0 ? r.endRow + 1 : null,
    status: r?.status ?? null,
    reason: r?.reason ?? null,
    response: r
      ? {
          version: r.version,
          ...messageJson(r),
          keepAliveTimeout: r.keepAliveTimeout ?? null,
          keepAliveMax: r.keepAliveMax ?? null,
        }
      : null,
    unanswered: x.unanswered,
  };
}

/** "GET /x HTTP/1.1" or "HTTP/1.1 200 OK", keyed by the row of the message's first segment. */
function httpStartLines(f: Flow): Map<number, string> {
  const lines = new Map<number, string>();
  for (const x of f.http) {
    const q = x.request;
    if (q) lines.set(q.row, `${q.method ?? ''} ${q.target ?? ''} ${q.version}`);
    const r = x.response;
    if (r) lines.set(r.row, `${r.version} ${r.status ?? ''}${r.reason ? ` ${r.reason}` : ''}`);
  }
  return lines;
}

function analysisNames(bits: number): string[] {
  const names: string[] = [];
  for (let i = 0; i < ANALYSIS_NAMES.length; i++) if (bits & (1 << i)) names.push(ANALYSIS_NAMES[i] ?? '');
  return names;
}

/**
 * Per-packet view of a TCP flow. Relative seq/ack and scaled windows are replayed over the flow's rows
 * with the same rules the builder used (sequence-base.ts, window-scale.ts), so each packet gets the
 * base and scale in effect when it was seen, as in Wireshark.
 */
function tcpPackets(f: Flow, set: FlowSet, t: PacketTable): PacketJson[] {
  const cols = set.columns;
  const base = new SequenceBase();
  const scale = new WindowScale();
  const http = httpStartLines(f);
  const out: PacketJson[] = [];
  for (let i = 0; i < f.rows.length; i++) {
    const row = f.rows[i] ?? 0;
    const side = (cols.dir[row] ?? 0) as 0 | 1;
    const flags = t.tcpFlags[row] ?? 0;
    const seq = (t.seq[row] ?? 0) | 0;
    const ack = (t.ack[row] ?? 0) | 0;
    const malformed = ((t.decode[row] ?? 0) & Decode.Malformed) !== 0;
    if (i > 0) base.rebaseSynAck(side, flags, seq);
    base.observe(side, flags, seq, ack);
    if (!malformed && flags & TcpFlag.SYN) scale.onSyn(side, (flags & TcpFlag.ACK) !== 0, wscaleOf(t, row));
    const raw = t.win[row] ?? 0;
    const p: PacketJson = {
      frame: row + 1,
      time: t.time(row),
      dir: side === 0 ? 'c2s' : 's2c',
      flags: tcpFlagsText(flags),
      seq: base.isKnown(side) ? base.relSeq(side, seq) : seq >>> 0,
      ack: flags & TcpFlag.ACK ? base.relAck(side, ack) : 0,
      len: t.payloadLength[row] ?? 0,
      win: flags & TcpFlag.SYN || malformed ? raw : scale.scaled(side, raw),
      analysis: analysisNames(cols.analysis[row] ?? 0),
      clientState: TCP_STATE_NAMES[cols.clientState[row] ?? 0] ?? 'CLOSED',
      serverState: TCP_STATE_NAMES[cols.serverState[row] ?? 0] ?? 'CLOSED',
    };
    const line = http.get(row);
    if (line !== undefined) p.http = line;
    out.push(p);
  }
  return out;
}

function wscaleOf(t: PacketTable, row: number): number {
  const o = t.options;
  const i = findOptionRow(o.packet, o.length, row);
  return i < 0 ? -1 : (o.wscale[i] ?? -1);
}

function udpPackets(f: Flow, set: FlowSet, t: PacketTable): PacketJson[] {
  return Array.from(f.rows, (row) => ({
    frame: row + 1,
    time: t.time(row),
    dir: set.columns.dir[row] === 0 ? ('c2s' as const) : ('s2c' as const),
    flags: '',
    len: t.payloadLength[row] ?? 0,
  }));
}
