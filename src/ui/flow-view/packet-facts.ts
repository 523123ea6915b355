// What the packet details panel says about one packet of a flow, computed on demand for the current
// step only. Relative seq/ack as Wireshark shows them by default (tcp.relative_sequence_numbers: seq
// minus the sender's base sequence number, ack minus the receiver's, modulo 2^32); the window scaled
// by the shift each side announced in its SYN (RFC 7323 §2.2; never on a SYN itself).
import { type PacketTable, TcpFlag } from '../../capture/packet-table';
import { ANALYSIS_NAMES, type Flow, type FlowSet, Mark, TCP_STATE_NAMES } from '../../flows/model';
import { tcpFlagsText } from '../../flows/tcp-flags';
import type { FrameRequest } from '../../worker/analysis-api';
import { httpLine } from '../diagram';

/** How many payload bytes the details panel shows (and reads from the file). */
export const PAYLOAD_PREVIEW = 256;

export type AnalysisName = (typeof ANALYSIS_NAMES)[number] | 'data-after-peer-fin' | 'data-after-own-fin';

export interface PacketFacts {
  frame: number;
  /** Whole seconds since the epoch and nanoseconds, exact. */
  epochSeconds: number;
  nanos: number;
  /** Seconds since the flow's first packet, and since the flow's previous packet (null for the first). */
  sinceStart: number;
  sincePrevious: number | null;
  dir: 'c2s' | 's2c';
  /** Wireshark's flag names, "SYN,ACK". */
  flags: string;
  seq: number;
  /** Null when the ACK flag is not set (the field means nothing then, RFC 9293 §3.1). */
  ack: number | null;
  /** Scaled window; `windowRaw` is the header field. */
  window: number;
  windowRaw: number;
  len: number;
  analysis: AnalysisName[];
  dupAckNum: number;
  clientState: string;
  serverState: string;
  http: string | null;
  /** The bytes to read for the payload preview, or null when the segment carries none. */
  payload: FrameRequest | null;
  /** Payload bytes the preview leaves out (beyond PAYLOAD_PREVIEW or not captured). */
  payloadLength: number;
}

/** Seconds from row a to row b, exact to the nanosecond. */
function secondsBetween(t: PacketTable, a: number, b: number): number {
  return (t.tsSec[b] ?? 0) - (t.tsSec[a] ?? 0) + ((t.tsNs[b] ?? 0) - (t.tsNs[a] ?? 0)) / 1e9;
}

function analysisOf(bits: number, marks: number): AnalysisName[] {
  const out: AnalysisName[] = [];
  if (marks & Mark.DataAfterPeerFin) out.push('data-after-peer-fin');
  if (marks & Mark.DataAfterOwnFin) out.push('data-after-own-fin');
  ANALYSIS_NAMES.forEach((name, bit) => {
    if (bits & (1 << bit)) out.push(name);
  });
  return out;
}

function httpAt(flow: Flow, row: number): string | null {
  for (const x of flow.http) {
    if (x.request?.row === row) return httpLine(x.request);
    if (x.response?.row === row) return httpLine(x.response);
  }
  return null;
}

function payloadRequest(t: PacketTable, row: number): FrameRequest | null {
  const skip = t.payloadOffset[row] ?? 0;
  const captured = Math.max(0, t.capLenOf(row) - skip);
  const length = Math.min(t.payloadLength[row] ?? 0, captured, PAYLOAD_PREVIEW);
  return length > 0 ? { offset: t.fileOffsetOf(row), skip, length } : null;
}

export function packetFacts(t: PacketTable, set: FlowSet, flow: Flow, index: number): PacketFacts {
  const row = flow.rows[index] ?? 0;
  const c = set.columns;
  const d = (c.dir[row] ?? 0) as 0 | 1;
  const flags = t.tcpFlags[row] ?? 0;
  const raw = t.win[row] ?? 0;
  const shift = flow.windowScale[d];
  const first = flow.rows[0] ?? row;
  const previous = index > 0 ? flow.rows[index - 1] : undefined;
  return {
    frame: row + 1,
    epochSeconds: t.baseSec + (t.tsSec[row] ?? 0),
    nanos: t.tsNs[row] ?? 0,
    sinceStart: secondsBetween(t, first, row),
    sincePrevious: previous === undefined ? null : secondsBetween(t, previous, row),
    dir: d === 0 ? 'c2s' : 's2c',
    flags: tcpFlagsText(flags),
    seq: ((t.seq[row] ?? 0) - flow.baseSeq[d]) >>> 0,
    ack: flags & TcpFlag.ACK ? ((t.ack[row] ?? 0) - flow.baseSeq[d === 0 ? 1 : 0]) >>> 0 : null,
    window: flags & TcpFlag.SYN || shift <= 0 ? raw : raw * 2 ** shift,
    windowRaw: raw,
    len: t.payloadLength[row] ?? 0,
    analysis: analysisOf(c.analysis[row] ?? 0, c.marks[row] ?? 0),
    dupAckNum: c.dupAckNum[row] ?? 0,
    clientState: TCP_STATE_NAMES[c.clientState[row] ?? 0] ?? 'CLOSED',
    serverState: TCP_STATE_NAMES[c.serverState[row] ?? 0] ?? 'CLOSED',
    http: httpAt(flow, row),
    payload: payloadRequest(t, row),
    payloadLength: t.payloadLength[row] ?? 0,
  };
}

/** "2026-11-22 21:55:21.123456 UTC": microseconds, or nanoseconds when the capture has them. */
export function formatAbsoluteTime(epochSeconds: number, nanos: number): string {
  const date = new Date(epochSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
  const fraction =
    nanos % 1000 === 0 ? String(nanos / 1000).padStart(6, '0') : String(nanos).padStart(9, '0');
  return `${date}.${fraction} UTC`;
}

/** "+0.000059 s": seconds with microsecond digits (nanosecond ones when there are any). */
export function formatSeconds(s: number): string {
  const micro = Math.round(s * 1e6);
  const exactMicro = Math.abs(s * 1e6 - micro) < 1e-3;
  return `${s.toFixed(exactMicro ? 6 : 9)} s`;
}
