// Turns a LiveFlow into the public per-connection summary (Flow in model.ts): roles, counts each way,
// how the connection opened and closed, handshake RTT, window scale, idle gaps, HTTP exchanges.
import type { PacketTable } from '../capture/packet-table';
import { selectIdleGaps } from './idle-gaps';
import type { LiveFlow } from './live-flow';
import type { CloseKind, DirectionClose, Flow, OpenKind } from './model';

const CLOSE_KINDS: readonly CloseKind[] = ['open', 'fin', 'rst'];

/** Seconds between two rows, from the exact integer columns (no epoch-sized float subtraction). */
export function secondsBetween(table: PacketTable, from: number, to: number): number {
  return (
    (table.tsSec[to] ?? 0) -
    (table.tsSec[from] ?? 0) +
    ((table.tsNs[to] ?? 0) - (table.tsNs[from] ?? 0)) / 1e9
  );
}

/**
 * How the connection opened: 'handshake' when the server's SYN-ACK was seen (or the server sent
 * anything but a RST after the client's SYN: the SYN-ACK was not captured); 'refused' when the
 * server's first answer to the SYN was a RST; 'syn-unanswered' when the server sent nothing;
 * 'no-handshake' when the capture began mid-connection.
 */
export function openKind(f: LiveFlow): OpenKind {
  if (f.synAckRow >= 0) return 'handshake';
  if (f.synRow < 0) return 'no-handshake';
  if (f.serverFirstRow < 0) return 'syn-unanswered';
  return f.serverFirstIsRst ? 'refused' : 'handshake';
}

/**
 * Handshake RTT: SYN → the client's ACK of the SYN-ACK, which is one full round trip wherever the
 * capture was taken (at the client the SYN → SYN-ACK part is the RTT, at the server the SYN-ACK →
 * ACK part is). With the ACK missing, SYN → SYN-ACK (right for a capture at the client); with the SYN
 * missing, SYN-ACK → ACK (right at the server). The SYN used is the one the SYN-ACK answered (the
 * last before it), so SYN retransmission timeouts are not counted.
 */
export function handshakeRtt(table: PacketTable, f: LiveFlow): number | null {
  if (f.synRow >= 0 && f.handshakeAckRow >= 0) return secondsBetween(table, f.synRow, f.handshakeAckRow);
  if (f.synRow >= 0 && f.synAckRow >= 0) return secondsBetween(table, f.synRow, f.synAckRow);
  if (f.synAckRow >= 0 && f.handshakeAckRow >= 0)
    return secondsBetween(table, f.synAckRow, f.handshakeAckRow);
  return null;
}

function closeOf(f: LiveFlow, side: 0 | 1): DirectionClose {
  return { how: CLOSE_KINDS[f.closeHow[side] ?? 0] ?? 'open', row: f.closeRow[side] ?? -1 };
}

/** Builds the Flow; `rows` are its packet-table rows, ascending. */
export function summarizeFlow(table: PacketTable, f: LiveFlow, rows: Uint32Array): Flow {
  const c = f.clientSide;
  const s = (1 - c) as 0 | 1;
  const pair = (a: readonly number[]): [number, number] => [a[c] ?? 0, a[s] ?? 0];
  const tcp = f.transport === 'tcp';
  const rtt = tcp ? handshakeRtt(table, f) : null;
  return {
    index: f.index,
    transport: f.transport,
    stream: f.stream,
    clientAddr: f.addr[c],
    clientPort: f.port[c],
    serverAddr: f.addr[s],
    serverPort: f.port[s],
    roleInferred: f.roleInferred,
    firstRow: f.firstRow,
    lastRow: f.lastRow,
    rows,
    packets: pair(f.packets),
    bytes: pair(f.bytes),
    payloadBytes: pair(f.payload),
    start: table.time(f.firstRow),
    end: table.time(f.lastRow),
    baseSeq: [f.seqBase.baseOf(c), f.seqBase.baseOf(s)],
    open: tcp ? openKind(f) : 'no-handshake',
    close: [closeOf(f, c), closeOf(f, s)],
    firstCloser: f.firstCloserSide < 0 ? null : f.firstCloserSide === c ? 'client' : 'server',
    idleGaps: selectIdleGaps(f.gapCandidates, rtt),
    rtt,
    windowScale: [f.windowScale.effective(c), f.windowScale.effective(s)],
    http: f.http ? f.http.finish() : [],
  };
}
