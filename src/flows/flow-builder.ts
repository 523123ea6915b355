// Packets → flows in one streaming pass. The reader calls `onPacket` once per frame, in order, right
// after decoding it; per-packet results go into typed-array columns, per-flow state into one record
// per flow (flow-record.ts), found by the packet's endpoint pair (conversation-table.ts). Nothing is
// allocated per packet and no object per flow is touched on the common path: views (sequence-base.ts,
// tcp-state.ts, window-scale.ts, the TCP analyzer) are pointed at the packet's record, and most
// segments' HTTP bookkeeping is done on it too (http/stream-state.ts). `finish()` trims the columns,
// adds up the per-flow totals (flow-totals.ts) and builds the Flow objects.
//
// Numbering follows Wireshark 4.0's tcp.stream / udp.stream (packet-tcp.c, dissect_tcp): a stream per
// conversation in order of first packet; a pure SYN whose seq differs from the base seq its sender
// already has on that conversation starts a new stream ("TCP port numbers reused"); a SYN-ACK whose
// seq differs re-bases that direction and is flagged too, without a new stream. The key is addresses
// and ports only: VLAN tags and interfaces do not split a conversation (Wireshark's default).
import { Decode, type PacketTable, Proto, TcpFlag } from '../capture/packet-table';
import type { PacketHook } from '../capture/types';
import { summarizeFlow } from './connection-summary';
import { ConvBit, ConversationTable } from './conversation-table';
import { FlowColumns } from './flow-columns';
import {
  ANALYZER,
  CLOSE,
  CLOSE_ROW,
  ENDPOINTS,
  FLAGS,
  FLOW_WORDS,
  FlowBit,
  FlowRecords,
  HANDSHAKE_ACK_ROW,
  HTTP_STATE,
  HTTP_STREAM,
  SEQ_BASE,
  SERVER_FIRST_ROW,
  STREAM,
  SYN_ACK_ROW,
  SYN_ROW,
  WINDOW_SCALE,
} from './flow-record';
import { flowTotals } from './flow-totals';
import { forgetWordViews } from './http/find-lf';
import { HttpTracker } from './http/http-tracker';
import { HttpMessageStore } from './http/message-store';
import { feedFast, hasTracker, setHasTracker } from './http/stream-state';
import { Analysis, type DirValue, type FlowSet, Mark } from './model';
import { SequenceBase } from './sequence-base';
import { isSnmpDatagram } from './snmp-conversation';
import { TcpAnalyzer } from './tcp-analysis';
import { SegmentPool } from './tcp-analysis/unacked-segments';
import { TcpEndpoints } from './tcp-state';
import { WindowScale } from './window-scale';

export interface FlowBuilder {
  onPacket: PacketHook;
  finish(): FlowSet;
}

const { SYN, ACK, FIN, RST } = TcpFlag;
const SYN_ACK = SYN | ACK;
/** The flags that can start, re-base or close a stream: a segment with none of them takes the
 * connection table's short path once its flow is settled (ConvBit.Settled). */
const SYN_FIN_RST = SYN | FIN | RST;
/** Decode bits that keep a row off the short path (isTransportRow decides for them). */
const NOT_SHORT = Decode.NotAPacket | Decode.PortsOnly | Decode.Fragment;
/** Both sides' base-known bits in a record's FLAGS word (sequence-base.ts). */
const BOTH_SEQ_KNOWN = FlowBit.SeqKnown | (FlowBit.SeqKnown << 1);

/**
 * Rows that belong to no flow: no transport, not a packet at all, an unreassembled fragment, or a
 * header too short for tshark to number a stream (Decode.PortsOnly: packet-tcp.c reads ports, seq,
 * ack, flags and window before its conversation lookup, packet-udp.c rejects a length below 8).
 */
function isTransportRow(t: PacketTable, row: number): boolean {
  const proto = t.protoOf(row);
  if (proto !== Proto.TCP && proto !== Proto.UDP) return false;
  const d = t.decode[row] ?? 0;
  if (d & (Decode.NotAPacket | Decode.PortsOnly)) return false;
  return (d & Decode.Fragment) === 0 || (d & Decode.Reassembled) !== 0;
}

/** Captured payload bytes of `row` available in `bytes` (a reassembled row's view holds the datagram). */
function capturedPayload(t: PacketTable, row: number, bytes: Uint8Array, frameStart: number): number {
  const start = frameStart + (t.payloadOffset[row] ?? 0);
  const end = (t.decode[row] ?? 0) & Decode.Reassembled ? bytes.length : frameStart + t.capLenOf(row);
  return Math.max(0, Math.min(t.payloadLength[row] ?? 0, end - start));
}

export interface FlowBuilderOptions {
  /**
   * false: the connection table only (streams, roles, directions, how each side opened and closed,
   * per-flow totals): the flow list. No per-endpoint TCP states, tcp.analysis flags or HTTP; the
   * benchmark's "reader + flows" phase measures this stage. Default true.
   */
  analysis?: boolean;
}

export function createFlowBuilder(table: PacketTable, options: FlowBuilderOptions = {}): FlowBuilder {
  const analysing = options.analysis !== false;
  let recs = new FlowRecords();
  let conversations = new ConversationTable(recs);
  /** Per flow: its HTTP tracker, made at the first segment that needs one (http/stream-state.ts;
   * null until then, and for UDP). */
  let trackers: (HttpTracker | null)[] = [];
  /** Every tracker's HTTP messages, in typed columns (the flows read them after finish). */
  const httpStore = new HttpMessageStore();
  let pool = new SegmentPool();
  const cols = new FlowColumns(table.tsSec.length, analysing);
  let tcpStreams = 0;
  let udpStreams = 0;
  let optionCursor = 0;
  let portsReused = false;
  let result: FlowSet | null = null;
  // Views pointed at the record of the packet's flow.
  const seqBase = new SequenceBase();
  const endpoints = new TcpEndpoints();
  const windowScale = new WindowScale();
  const analyzer = new TcpAnalyzer();

  /** A new flow for the conversation of endpoint pair `pair`, whose source side becomes side 0. */
  function newFlow(t: PacketTable, udp: boolean, pair: number, srcIsLo: boolean): number {
    const index = recs.add();
    const o = index * FLOW_WORDS;
    conversations.writeKey(index, t.pairs, pair);
    const i = recs.i;
    i[o + FLAGS] = (i[o + FLAGS] ?? 0) | (srcIsLo ? FlowBit.Side0IsLo : 0);
    i[o + STREAM] = udp ? udpStreams++ : tcpStreams++;
    trackers.push(null);
    conversations.setFlow(pair, index);
    return index;
  }

  /** Which side of flow record `o` sent a packet whose source is (or not) the conversation's lower
   * endpoint. */
  function sideOf(o: number, srcIsLo: boolean): 0 | 1 {
    return (((recs.i[o + FLAGS] ?? 0) & FlowBit.Side0IsLo) !== 0) === srcIsLo ? 0 : 1;
  }

  /** Index of `row` in the option table, or -1: the table is walked in step with the rows. */
  function optionRowOf(t: PacketTable, row: number): number {
    const o = t.options;
    while (optionCursor < o.length && (o.packet[optionCursor] ?? 0) < row) optionCursor++;
    return optionCursor < o.length && o.packet[optionCursor] === row ? optionCursor : -1;
  }

  /**
   * The TCP flow of `row`, starting a new one for a new conversation or a reused 5-tuple. Whether the
   * packet reused the ports is left in `portsReused` (no object per packet).
   */
  function tcpFlowOf(t: PacketTable, row: number): number {
    portsReused = false;
    // The reader interned the endpoints in canonical order: a pair is a conversation, and the row's
    // direction bit says whether its source is the lower endpoint.
    const conv = t.pairOf(row);
    const srcIsLo = !t.reversed(row);
    const fi = conversations.flow(conv);
    if (fi < 0) return startTcp(t, conv, row, srcIsLo);
    const o = fi * FLOW_WORDS;
    const side = sideOf(o, srcIsLo);
    const flags = t.tcpFlags[row] ?? 0;
    const seq = (t.seq[row] ?? 0) | 0;
    seqBase.bind(recs.i, o + SEQ_BASE, o + FLAGS, FlowBit.SeqKnown);
    if ((flags & SYN_ACK) === SYN && seqBase.differs(side, seq)) {
      portsReused = true;
      return startTcp(t, conv, row, srcIsLo);
    }
    portsReused = seqBase.rebaseSynAck(side, flags, seq);
    return fi;
  }

  function startTcp(t: PacketTable, conv: number, row: number, srcIsLo: boolean): number {
    const index = newFlow(t, false, conv, srcIsLo);
    const o = index * FLOW_WORDS;
    const i = recs.i;
    const flags = t.tcpFlags[row] ?? 0;
    if ((flags & SYN_ACK) === SYN_ACK) {
      i[o + FLAGS] = (i[o + FLAGS] ?? 0) | FlowBit.ClientSide1;
    } else if ((flags & SYN_ACK) !== SYN) {
      // Roles when no SYN says who opened: the side on the lower port is the server (well-known and
      // registered ports are below the ephemeral ranges: 32768+ on Linux, 49152+ elsewhere); on equal
      // ports, the receiver of the first packet.
      const client1 = t.srcPortOf(row) < t.dstPortOf(row);
      i[o + FLAGS] = (i[o + FLAGS] ?? 0) | FlowBit.RoleInferred | (client1 ? FlowBit.ClientSide1 : 0);
    }
    endpoints.bind(i, o + ENDPOINTS);
    endpoints.start(0, flags);
    return index;
  }

  /** Opening and closing bookkeeping for connection-summary.ts. */
  function noteOpenClose(
    t: PacketTable,
    o: number,
    side: 0 | 1,
    flags: number,
    row: number,
    opt: number,
  ): void {
    const i = recs.i;
    const fromClient = side === ((i[o + FLAGS] ?? 0) & FlowBit.ClientSide1);
    const synAck = flags & SYN_ACK;
    const noSynAckYet = (i[o + SYN_ACK_ROW] ?? 0) < 0;
    if (synAck === SYN && fromClient && noSynAckYet) i[o + SYN_ROW] = row;
    if (synAck === SYN_ACK && !fromClient && noSynAckYet) i[o + SYN_ACK_ROW] = row;
    if (!fromClient && (i[o + SERVER_FIRST_ROW] ?? 0) < 0) {
      i[o + SERVER_FIRST_ROW] = row;
      if (flags & RST) i[o + FLAGS] = (i[o + FLAGS] ?? 0) | FlowBit.ServerFirstRst;
    }
    if (
      fromClient &&
      (i[o + SYN_ACK_ROW] ?? 0) >= 0 &&
      (i[o + HANDSHAKE_ACK_ROW] ?? 0) < 0 &&
      synAck === ACK &&
      !(flags & RST)
    ) {
      i[o + HANDSHAKE_ACK_ROW] = row;
    }
    if (flags & SYN) {
      windowScale.bind(i, o + WINDOW_SCALE);
      windowScale.onSyn(side, synAck === SYN_ACK, opt < 0 ? -1 : (t.options.wscale[opt] ?? -1));
    }
    const close = i[o + CLOSE] ?? 0;
    if (flags & FIN && closeHow(close, side) === 0) closeSide(o, side, 1, side, row);
    if (flags & RST) {
      // A RST ends both directions: any still open is marked closed by this RST.
      if (closeHow(i[o + CLOSE] ?? 0, side) === 0) closeSide(o, side, 2, side, row);
      if (closeHow(i[o + CLOSE] ?? 0, 1 - side) === 0) closeSide(o, (1 - side) as 0 | 1, 2, side, row);
    }
  }

  /** How `side` closed (0 open, 1 FIN, 2 RST) in a CLOSE word. */
  function closeHow(close: number, side: number): number {
    return (close >> (side * 2)) & 3;
  }

  function closeSide(o: number, which: 0 | 1, how: number, by: 0 | 1, row: number): void {
    const i = recs.i;
    let close = (i[o + CLOSE] ?? 0) | (how << (which * 2));
    // Bits 4-5: the side that closed first, + 1.
    if ((close & 0x30) === 0) close |= (by + 1) << 4;
    i[o + CLOSE] = close;
    i[o + CLOSE_ROW + which] = row;
  }

  /**
   * The connection table's common segment: no SYN, FIN or RST on a settled flow changes nothing in
   * its record (no stream, base, opening row or close to note), so only its two columns are written,
   * from its conversation's entry alone (finish() adds up the totals). Returns false for the full
   * path.
   */
  function tcpShortPath(t: PacketTable, row: number): boolean {
    // Only a settled TCP conversation has the Settled bit, so this is a TCP row when the bit is set;
    // rows isTransportRow may refuse, and reassembled ones, take the full path.
    if (((t.decode[row] ?? 0) & NOT_SHORT) !== 0) return false;
    if (((t.tcpFlags[row] ?? 0) & SYN_FIN_RST) !== 0) return false;
    const p = t.pair[row] ?? 0;
    const entry = conversations.entry(p >>> 1);
    if ((entry & ConvBit.Settled) === 0) return false;
    cols.flow[row] = (entry >> 2) - 1;
    // The row's low bit is set when its source is the higher endpoint.
    cols.dir[row] = ((entry >> 1) ^ p) & 1;
    return true;
  }

  /** Whether record `o` is settled (ConvBit.Settled): both bases known, the server's first packet
   * seen, and no handshake ACK still awaited after a SYN-ACK (noteOpenClose). */
  function isSettled(o: number): boolean {
    const i = recs.i;
    return (
      ((i[o + FLAGS] ?? 0) & BOTH_SEQ_KNOWN) === BOTH_SEQ_KNOWN &&
      (i[o + SERVER_FIRST_ROW] ?? 0) >= 0 &&
      ((i[o + SYN_ACK_ROW] ?? 0) < 0 || (i[o + HANDSHAKE_ACK_ROW] ?? 0) >= 0)
    );
  }

  function onTcp(t: PacketTable, row: number, bytes: Uint8Array, frameStart: number): void {
    const fi = tcpFlowOf(t, row);
    const o = fi * FLOW_WORDS;
    // Read after tcpFlowOf: a new flow may have replaced the record buffer.
    const i = recs.i;
    const side = sideOf(o, !t.reversed(row));
    const clientSide = (i[o + FLAGS] ?? 0) & FlowBit.ClientSide1;
    const dir: DirValue = side === clientSide ? 0 : 1;
    const flags = t.tcpFlags[row] ?? 0;
    const seq = (t.seq[row] ?? 0) | 0;
    const ack = (t.ack[row] ?? 0) | 0;
    // Bases are set even for a bogus header length: tcp_analyze_sequence_number runs before
    // dissect_tcp gives up on it.
    seqBase.bind(i, o + SEQ_BASE, o + FLAGS, FlowBit.SeqKnown);
    seqBase.observe(side, flags, seq, ack);
    if (!analysing) {
      if (((t.decode[row] ?? 0) & Decode.Malformed) === 0)
        noteOpenClose(t, o, side, flags, row, optionRowOf(t, row));
      // The Dir of a packet from the lower endpoint: this one's, flipped when it came from the higher.
      const dirWhenLo = (dir ^ (t.pair[row] ?? 0)) & 1 ? ConvBit.DirWhenLo : 0;
      conversations.setBits(t.pairOf(row), dirWhenLo | (isSettled(o) ? ConvBit.Settled : 0));
      cols.flow[row] = fi;
      cols.dir[row] = dir;
      return;
    }
    endpoints.bind(i, o + ENDPOINTS);
    // A malformed header still gets its stream (and can start one), but tshark shows no analysis for
    // it: dissect_tcp returns before the flags tree, so the PortReused bit is kept for sound rows only.
    let analysis = 0;
    let marks = 0;
    if (((t.decode[row] ?? 0) & Decode.Malformed) === 0) {
      if (portsReused) analysis = Analysis.PortReused;
      const len = t.payloadLength[row] ?? 0;
      const opt = optionRowOf(t, row);
      analyzer.bind(recs.u, i, o + ANALYZER, pool);
      analysis |= analyzer.analyze(t, row, dir, opt);
      cols.dupAckNum[row] = analyzer.dupAckNum;
      cols.bytesInFlight[row] = analyzer.bytesInFlight;
      if (len > 0) {
        if (endpoints.finSent(side)) marks |= Mark.DataAfterOwnFin;
        if (endpoints.finSent(1 - side)) marks |= Mark.DataAfterPeerFin;
      }
      endpoints.apply(side, t, row);
      noteOpenClose(t, o, side, flags, row, opt);
      marks |= feedHttp(t, fi, row, dir, flags, len, bytes, frameStart);
    }
    cols.flow[row] = fi;
    cols.dir[row] = dir;
    cols.analysis[row] = analysis;
    cols.clientState[row] = endpoints.state(clientSide as 0 | 1);
    cols.serverState[row] = endpoints.state((1 - clientSide) as 0 | 1);
    cols.marks[row] = marks;
  }

  /**
   * Feeds the segment to the flow's HTTP tracker (every segment: it learns where each byte stream
   * starts from SYNs and ACKs, and the end of a close-delimited body from the FIN). Most segments
   * only move the per-segment state in the flow record, which feedFast does without the tracker; a
   * connection gets its tracker at the first segment that needs one. Returns Mark.HttpStart when a
   * message starts here.
   */
  function feedHttp(
    t: PacketTable,
    fi: number,
    row: number,
    dir: DirValue,
    flags: number,
    len: number,
    bytes: Uint8Array,
    frameStart: number,
  ): number {
    const o = fi * FLOW_WORDS;
    const start = frameStart + (t.payloadOffset[row] ?? 0);
    const captured = len > 0 ? capturedPayload(t, row, bytes, frameStart) : 0;
    const u = recs.u;
    const f = recs.f;
    // Whether the flow has a tracker is a bit of its record: the fast path never loads the tracker.
    const tracked = hasTracker(u, o + HTTP_STATE);
    if (feedFast(u, f, o + HTTP_STATE, o + HTTP_STREAM, tracked, dir, t, row, bytes, start, captured)) {
      return 0;
    }
    let http = tracked ? (trackers[fi] ?? null) : null;
    if (http === null) {
      const state = { u, f, stateAt: o + HTTP_STATE, streamAt: o + HTTP_STREAM };
      http = new HttpTracker(undefined, state, httpStore);
      trackers[fi] = http;
      setHasTracker(u, o + HTTP_STATE);
    } else {
      http.bind(u, f, o + HTTP_STATE, o + HTTP_STREAM);
    }
    const started = http.onSegment(t, row, dir, bytes, start, captured, 0);
    if (flags & (FIN | RST)) http.onClose(row, dir);
    return started ? Mark.HttpStart : 0;
  }

  function onUdp(t: PacketTable, row: number, bytes: Uint8Array, frameStart: number): void {
    const sport = t.srcPortOf(row);
    const dport = t.dstPortOf(row);
    const conv = t.pairOf(row);
    const srcIsLo = !t.reversed(row);
    let fi = conversations.flow(conv);
    const bits = fi >= 0 ? (recs.i[fi * FLOW_WORDS + FLAGS] ?? 0) : 0;
    if (fi < 0 || bits & FlowBit.SplitPending) {
      const snmpOwned = fi >= 0;
      fi = newFlow(t, true, conv, srcIsLo);
      if (snmpOwned)
        recs.i[fi * FLOW_WORDS + FLAGS] = (recs.i[fi * FLOW_WORDS + FLAGS] ?? 0) | FlowBit.SnmpOwned;
    }
    const o = fi * FLOW_WORDS;
    const side = sideOf(o, srcIsLo);
    const flags = recs.i[o + FLAGS] ?? 0;
    if (!(flags & FlowBit.SnmpOwned)) {
      const start = frameStart + (t.payloadOffset[row] ?? 0);
      const captured = capturedPayload(t, row, bytes, frameStart);
      const split = isSnmpDatagram(sport, dport, bytes, start, captured, t.payloadLength[row] ?? 0);
      recs.i[o + FLAGS] = split ? flags | FlowBit.SplitPending : flags & ~FlowBit.SplitPending;
    }
    cols.flow[row] = fi;
    cols.dir[row] = side;
  }

  const onPacket: PacketHook = (t, row, bytes, frameStart) => {
    cols.ensure(row, t.tsSec.length);
    if (!analysing && tcpShortPath(t, row)) return;
    if (!isTransportRow(t, row)) {
      cols.flow[row] = -1;
      return;
    }
    if (t.protoOf(row) === Proto.TCP) onTcp(t, row, bytes, frameStart);
    else onUdp(t, row, bytes, frameStart);
  };

  function finish(): FlowSet {
    if (result) return result;
    const n = table.length;
    cols.resize(n);
    const { rows, sums, gaps } = flowTotals(table, cols, recs.length, n, recs);
    const flows = rows.map((list, f) => {
      const http = trackers[f] ?? null;
      // Each tracker was last pointed at its record before the record buffer may have grown.
      http?.bind(recs.u, recs.f, f * FLOW_WORDS + HTTP_STATE, f * FLOW_WORDS + HTTP_STREAM);
      return summarizeFlow(table, recs, f, list, sums, gaps[f] ?? [], http ? http.refs() : null);
    });
    result = { flows, columns: cols.toColumns() };
    // The records, trackers, rings and hash table are no longer needed: let them go even if the
    // caller keeps the builder.
    forgetWordViews();
    recs = new FlowRecords();
    trackers = [];
    pool = new SegmentPool();
    conversations = new ConversationTable(recs);
    // The views still point into the old records.
    seqBase.bind(recs.i, 0, 0, 1);
    endpoints.bind(recs.i, 0);
    windowScale.bind(recs.i, 0);
    analyzer.bind(recs.u, recs.i, ANALYZER, pool);
    return result;
  }

  return { onPacket, finish };
}
