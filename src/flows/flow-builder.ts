// Packets → flows in one streaming pass. The reader calls `onPacket` once per frame, in order, right
// after decoding it; per-packet results go into typed-array columns, per-flow state into one
// LiveFlow each, found through a numeric 5-tuple hash (conversation-table.ts). `finish()` trims the
// columns and builds the Flow objects.
//
// Numbering follows Wireshark 4.0's tcp.stream / udp.stream (packet-tcp.c, dissect_tcp): a stream per
// conversation in order of first packet; a pure SYN whose seq differs from the base seq its sender
// already has on that conversation starts a new stream ("TCP port numbers reused"); a SYN-ACK whose
// seq differs re-bases that direction and is flagged too, without a new stream. The key is addresses
// and ports only: VLAN tags and interfaces do not split a conversation (Wireshark's default).
import { Decode, type PacketTable, Proto, TcpFlag } from '../capture/packet-table';
import type { PacketHook } from '../capture/types';
import { secondsBetween, summarizeFlow } from './connection-summary';
import { ConversationTable } from './conversation-table';
import { FlowColumns } from './flow-columns';
import { HttpTracker } from './http/http-tracker';
import { IDLE_GAP_FLOOR } from './idle-gaps';
import { LiveFlow } from './live-flow';
import { Analysis, type DirValue, type FlowSet, Mark } from './model';
import { isSnmpDatagram } from './snmp-conversation';
import { TcpAnalyzer } from './tcp-analysis';

export interface FlowBuilder {
  onPacket: PacketHook;
  finish(): FlowSet;
}

const SYN_ACK = TcpFlag.SYN | TcpFlag.ACK;

/**
 * Rows that belong to no flow: no transport, not a packet at all, an unreassembled fragment, or a
 * header too short for tshark to number a stream (Decode.PortsOnly: packet-tcp.c reads ports, seq,
 * ack, flags and window before its conversation lookup, packet-udp.c rejects a length below 8).
 */
function isTransportRow(t: PacketTable, row: number): boolean {
  const proto = t.proto[row];
  if (proto !== Proto.TCP && proto !== Proto.UDP) return false;
  const d = t.decode[row] ?? 0;
  if (d & (Decode.NotAPacket | Decode.PortsOnly)) return false;
  return (d & Decode.Fragment) === 0 || (d & Decode.Reassembled) !== 0;
}

/** Captured payload bytes of `row` available in `bytes` (a reassembled row's view holds the datagram). */
function capturedPayload(t: PacketTable, row: number, bytes: Uint8Array, frameStart: number): number {
  const start = frameStart + (t.payloadOffset[row] ?? 0);
  const end = (t.decode[row] ?? 0) & Decode.Reassembled ? bytes.length : frameStart + (t.capLen[row] ?? 0);
  return Math.max(0, Math.min(t.payloadLength[row] ?? 0, end - start));
}

/**
 * Roles when no SYN says who opened: the side on the lower port is the server (well-known and
 * registered ports are below the ephemeral ranges: 32768+ on Linux, 49152+ elsewhere); on equal
 * ports, the receiver of the first packet.
 */
function inferClientSide(f: LiveFlow): 0 | 1 {
  return f.port[0] < f.port[1] ? 1 : 0;
}

export function createFlowBuilder(table: PacketTable): FlowBuilder {
  let conversations = new ConversationTable();
  const flows: LiveFlow[] = [];
  const cols = new FlowColumns(Math.max(1024, table.tsSec.length));
  const streams = { tcp: 0, udp: 0 };
  let optionCursor = 0;
  let portsReused = false;
  let result: FlowSet | null = null;

  function newFlow(t: PacketTable, transport: 'tcp' | 'udp', conversation: number, row: number): LiveFlow {
    const f = new LiveFlow(
      flows.length,
      transport,
      streams[transport]++,
      conversation,
      t.src[row] ?? 0,
      t.srcPort[row] ?? 0,
      t.dst[row] ?? 0,
      t.dstPort[row] ?? 0,
      row,
    );
    flows.push(f);
    conversations.setFlow(conversation, f.index);
    return f;
  }

  /** Index of `row` in the option table, or -1: the table is walked in step with the rows. */
  function optionRowOf(t: PacketTable, row: number): number {
    const o = t.options;
    while (optionCursor < o.length && (o.packet[optionCursor] ?? 0) < row) optionCursor++;
    return optionCursor < o.length && o.packet[optionCursor] === row ? optionCursor : -1;
  }

  /** Counts the packet and records the silence before it when long enough to be an idle gap. */
  function account(t: PacketTable, f: LiveFlow, side: 0 | 1, row: number): void {
    f.packets[side] = (f.packets[side] ?? 0) + 1;
    f.bytes[side] = (f.bytes[side] ?? 0) + (t.origLen[row] ?? 0);
    f.payload[side] = (f.payload[side] ?? 0) + (t.payloadLength[row] ?? 0);
    if (row !== f.lastRow) {
      const gap = secondsBetween(t, f.lastRow, row);
      if (gap >= IDLE_GAP_FLOOR) f.gapCandidates.push(f.lastRow, row, gap);
    }
    f.lastRow = row;
  }

  /**
   * The TCP flow of `row`, starting a new one for a new conversation or a reused 5-tuple. Whether the
   * packet reused the ports is left in `portsReused` (no object per packet).
   */
  function tcpFlowOf(t: PacketTable, row: number): LiveFlow {
    portsReused = false;
    const src = t.src[row] ?? 0;
    const sport = t.srcPort[row] ?? 0;
    const conv = conversations.find(Proto.TCP, src, sport, t.dst[row] ?? 0, t.dstPort[row] ?? 0);
    const fi = conversations.flow(conv);
    const old = fi >= 0 ? flows[fi] : undefined;
    if (old === undefined) return startTcp(t, conv, row);
    const side = old.sideOf(src, sport);
    const flags = t.tcpFlags[row] ?? 0;
    const seq = (t.seq[row] ?? 0) | 0;
    if ((flags & SYN_ACK) === TcpFlag.SYN && old.seqBase.differs(side, seq)) {
      portsReused = true;
      return startTcp(t, conv, row);
    }
    portsReused = old.seqBase.rebaseSynAck(side, flags, seq);
    return old;
  }

  function startTcp(t: PacketTable, conv: number, row: number): LiveFlow {
    const f = newFlow(t, 'tcp', conv, row);
    const flags = t.tcpFlags[row] ?? 0;
    if ((flags & SYN_ACK) === TcpFlag.SYN) f.clientSide = 0;
    else if ((flags & SYN_ACK) === SYN_ACK) f.clientSide = 1;
    else {
      f.clientSide = inferClientSide(f);
      f.roleInferred = true;
    }
    f.endpoints.start(0, flags);
    f.analyzer = new TcpAnalyzer();
    f.http = new HttpTracker();
    return f;
  }

  /** Opening and closing bookkeeping for connection-summary.ts. */
  function noteOpenClose(
    t: PacketTable,
    f: LiveFlow,
    side: 0 | 1,
    flags: number,
    row: number,
    opt: number,
  ): void {
    const fromClient = side === f.clientSide;
    const synAck = flags & SYN_ACK;
    if (synAck === TcpFlag.SYN && fromClient && f.synAckRow < 0) f.synRow = row;
    if (synAck === SYN_ACK && !fromClient && f.synAckRow < 0) f.synAckRow = row;
    if (!fromClient && f.serverFirstRow < 0) {
      f.serverFirstRow = row;
      f.serverFirstIsRst = (flags & TcpFlag.RST) !== 0;
    }
    if (
      fromClient &&
      f.synAckRow >= 0 &&
      f.handshakeAckRow < 0 &&
      synAck === TcpFlag.ACK &&
      !(flags & TcpFlag.RST)
    ) {
      f.handshakeAckRow = row;
    }
    if (flags & TcpFlag.SYN) {
      f.windowScale.onSyn(side, synAck === SYN_ACK, opt < 0 ? -1 : (t.options.wscale[opt] ?? -1));
    }
    if (flags & TcpFlag.FIN && f.closeHow[side] === 0) closeSide(f, side, 1, side, row);
    if (flags & TcpFlag.RST) {
      // A RST ends both directions: any still open is marked closed by this RST.
      if (f.closeHow[side] === 0) closeSide(f, side, 2, side, row);
      if (f.closeHow[1 - side] === 0) closeSide(f, (1 - side) as 0 | 1, 2, side, row);
    }
  }

  function closeSide(f: LiveFlow, which: 0 | 1, how: number, by: 0 | 1, row: number): void {
    f.closeHow[which] = how;
    f.closeRow[which] = row;
    if (f.firstCloserSide < 0) f.firstCloserSide = by;
  }

  function onTcp(t: PacketTable, row: number, bytes: Uint8Array, frameStart: number): void {
    const f = tcpFlowOf(t, row);
    const side = f.sideOf(t.src[row] ?? 0, t.srcPort[row] ?? 0);
    const dir: DirValue = side === f.clientSide ? 0 : 1;
    account(t, f, side, row);
    // Bases are set even for a bogus header length: tcp_analyze_sequence_number runs before
    // dissect_tcp gives up on it.
    f.seqBase.observe(side, t.tcpFlags[row] ?? 0, (t.seq[row] ?? 0) | 0, (t.ack[row] ?? 0) | 0);
    // A malformed header still gets its stream (and can start one), but tshark shows no analysis for
    // it: dissect_tcp returns before the flags tree, so the PortReused bit is kept for sound rows only.
    let analysis = 0;
    let marks = 0;
    if (((t.decode[row] ?? 0) & Decode.Malformed) === 0) {
      if (portsReused) analysis = Analysis.PortReused;
      const flags = t.tcpFlags[row] ?? 0;
      const seq = (t.seq[row] ?? 0) | 0;
      const ack = (t.ack[row] ?? 0) | 0;
      const len = t.payloadLength[row] ?? 0;
      const opt = optionRowOf(t, row);
      const an = f.analyzer;
      if (an) {
        analysis |= an.analyze(t, row, dir, opt);
        cols.dupAckNum[row] = an.dupAckNum;
        cols.bytesInFlight[row] = an.bytesInFlight;
      }
      const ep = f.endpoints;
      if (len > 0) {
        if (ep.finSent[side]) marks |= Mark.DataAfterOwnFin;
        if (ep.finSent[1 - side]) marks |= Mark.DataAfterPeerFin;
      }
      ep.apply(side, flags, seq, len, ack);
      noteOpenClose(t, f, side, flags, row, opt);
      marks |= feedHttp(t, f, row, dir, bytes, frameStart, analysis);
      if (flags & (TcpFlag.FIN | TcpFlag.RST) && f.http) f.http.onClose(row, dir);
    }
    cols.flow[row] = f.index;
    cols.dir[row] = dir;
    cols.analysis[row] = analysis;
    cols.clientState[row] = f.endpoints.state[f.clientSide] ?? 0;
    cols.serverState[row] = f.endpoints.state[1 - f.clientSide] ?? 0;
    cols.marks[row] = marks;
  }

  /** Feeds the segment to the flow's HTTP tracker (every segment: it learns the ISN from the SYN and
   * the end of a close-delimited body from the FIN). Returns Mark.HttpStart when a message starts here. */
  function feedHttp(
    t: PacketTable,
    f: LiveFlow,
    row: number,
    dir: DirValue,
    bytes: Uint8Array,
    frameStart: number,
    analysis: number,
  ): number {
    const http = f.http;
    if (!http) return 0;
    const start = frameStart + (t.payloadOffset[row] ?? 0);
    const captured = capturedPayload(t, row, bytes, frameStart);
    return http.onSegment(t, row, dir, bytes, start, captured, analysis) ? Mark.HttpStart : 0;
  }

  function onUdp(t: PacketTable, row: number, bytes: Uint8Array, frameStart: number): void {
    const src = t.src[row] ?? 0;
    const sport = t.srcPort[row] ?? 0;
    const dport = t.dstPort[row] ?? 0;
    const conv = conversations.find(Proto.UDP, src, sport, t.dst[row] ?? 0, dport);
    const fi = conversations.flow(conv);
    let f = fi >= 0 ? flows[fi] : undefined;
    if (f === undefined || f.splitPending) {
      const snmpOwned = f !== undefined;
      f = newFlow(t, 'udp', conv, row);
      f.snmpOwned = snmpOwned;
    }
    const side = f.sideOf(src, sport);
    account(t, f, side, row);
    if (!f.snmpOwned) {
      const start = frameStart + (t.payloadOffset[row] ?? 0);
      const captured = capturedPayload(t, row, bytes, frameStart);
      f.splitPending = isSnmpDatagram(sport, dport, bytes, start, captured, t.payloadLength[row] ?? 0);
    }
    cols.flow[row] = f.index;
    cols.dir[row] = side;
  }

  const onPacket: PacketHook = (t, row, bytes, frameStart) => {
    cols.ensure(row);
    if (!isTransportRow(t, row)) {
      cols.flow[row] = -1;
      return;
    }
    if (t.proto[row] === Proto.TCP) onTcp(t, row, bytes, frameStart);
    else onUdp(t, row, bytes, frameStart);
  };

  function finish(): FlowSet {
    if (result) return result;
    const n = table.length;
    cols.resize(n);
    const rowsOf = flows.map((f) => new Uint32Array(f.total));
    const filled = new Uint32Array(flows.length);
    const flowCol = cols.flow;
    for (let r = 0; r < n; r++) {
      const fi = flowCol[r] ?? -1;
      if (fi < 0) continue;
      const at = filled[fi] ?? 0;
      const rows = rowsOf[fi];
      if (rows) rows[at] = r;
      filled[fi] = at + 1;
    }
    result = {
      flows: flows.map((f, i) => summarizeFlow(table, f, rowsOf[i] ?? new Uint32Array(0))),
      columns: cols.toColumns(),
    };
    // The per-flow analyzers, trackers and hash table are no longer needed: let them go even if the
    // caller keeps the builder.
    flows.length = 0;
    conversations = new ConversationTable();
    return result;
  }

  return { onPacket, finish };
}
