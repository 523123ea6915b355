// The words on an arrow: flags, relative seq/ack, length, the HTTP line when the segment starts an
// HTTP message, and the analysis tags. Built on demand for the arrows on screen only, never for every
// packet of a long flow. Relative numbers as Wireshark shows them by default (tcp.relative_sequence_
// numbers): seq minus the sender's base sequence number, ack minus the receiver's, modulo 2^32.
import { TcpFlag } from '../../capture/packet-table';
import type { HttpMessage } from '../../flows/model';
import { tcpFlagsText } from '../../flows/tcp-flags';
import type { LadderLayout } from './ladder-layout';
import { packetTags } from './packet-kind';

export interface PacketLabel {
  /** 1-based frame number. */
  frame: number;
  dir: 'c2s' | 's2c';
  /** Wireshark's flag names joined by ",", e.g. "FIN,ACK" (the `data-flags` hook). */
  flags: string;
  /** The same, written as Wireshark's Info column does: "FIN, ACK". */
  flagsText: string;
  seq: number;
  /** Null when the ACK flag is not set (the field means nothing then, RFC 9293 §3.1). */
  ack: number | null;
  len: number;
  /** The scaled receive window, given only when it is the news (zero window, window update). */
  win: number | null;
  /** Request line or status line when this segment starts an HTTP message. */
  http: string | null;
  tags: string[];
  /** One line: "FIN, ACK  seq=201 ack=72 len=0". */
  text: string;
}

/** "GET /g/2 HTTP/1.1" or "HTTP/1.1 200 OK", from the parsed message (never from raw bytes). */
export function httpLine(m: HttpMessage): string {
  if (m.kind === 'request') return `${m.method ?? '?'} ${m.target ?? ''} ${m.version}`.trim();
  return `${m.version} ${m.status ?? ''} ${m.reason ?? ''}`.trim();
}

/** A window value times 2^shift, except on SYN segments, which are never scaled (RFC 7323 §2.2). */
function scaledWindow(raw: number, shift: number, flags: number): number {
  if (flags & TcpFlag.SYN || shift <= 0) return raw;
  return raw * 2 ** shift;
}

const WINDOW_NEWS = 'zero window|window update|zero-window probe ACK';

export function packetLabel(layout: LadderLayout, i: number): PacketLabel {
  const { flow, table, columns } = layout.source;
  const row = layout.rows[i] ?? 0;
  const d = (columns.dir[row] ?? 0) as 0 | 1;
  const flags = table.tcpFlags[row] ?? 0;
  const seq = ((table.seq[row] ?? 0) - flow.baseSeq[d]) >>> 0;
  const ack = flags & TcpFlag.ACK ? ((table.ack[row] ?? 0) - flow.baseSeq[d === 0 ? 1 : 0]) >>> 0 : null;
  const len = table.payloadLength[row] ?? 0;
  const tags = packetTags(columns.analysis[row] ?? 0, columns.marks[row] ?? 0, columns.dupAckNum[row] ?? 0);
  const windowNews = tags.some((t) => WINDOW_NEWS.split('|').includes(t));
  const win = windowNews ? scaledWindow(table.win[row] ?? 0, flow.windowScale[d], flags) : null;
  const message = layout.httpByRow.get(row);
  const flagsCsv = tcpFlagsText(flags);
  const flagsText = flagsCsv.replaceAll(',', ', ') || '(no flags)';
  let text = `${flagsText}  seq=${seq}`;
  if (ack !== null) text += ` ack=${ack}`;
  text += ` len=${len}`;
  if (win !== null) text += ` win=${win}`;
  return {
    frame: row + 1,
    dir: d === 0 ? 'c2s' : 's2c',
    flags: flagsCsv,
    flagsText,
    seq,
    ack,
    len,
    win,
    http: message ? httpLine(message) : null,
    tags,
    text,
  };
}

/** Offset from the flow's first packet: "0.059 ms" below a second (µs digits), "3.001768 s" above. */
export function formatOffset(seconds: number): string {
  if (seconds < 1) return `${(seconds * 1000).toFixed(3)} ms`;
  return `${seconds.toFixed(6)} s`;
}

/** The measured silence, 3 decimals as the `data-seconds` hook carries it. */
export function formatGapSeconds(seconds: number): string {
  return seconds.toFixed(3);
}

export function gapLabel(seconds: number): string {
  return `idle ${formatGapSeconds(seconds)} s`;
}
