// Test helper: compares our TCP flows with the oracle's conversations (../shared/captures/oracle/*.json,
// made with tshark 4.0: `conv,tcp` plus exact per-stream counts from the per-frame fields).
import type { PacketTable } from '../../capture/packet-table';
import type { Flow, FlowSet } from '../model';

interface ExactCounts {
  frames_a_to_b: number;
  bytes_a_to_b: number;
  frames_b_to_a: number;
  bytes_b_to_a: number;
  first_frame: number;
  last_frame: number;
}

export interface OracleFile {
  tcp_stream_count: number;
  tcp_conversations: { a: string; b: string; exact: ExactCounts & { streams: number[] } }[];
  tcp_streams_missing_from_conv_table: (ExactCounts & { stream: number; a: string; b: string })[];
}

/** "addr:port" as the oracle writes it (IPv6 without brackets). */
function endpointText(table: PacketTable, addr: number, port: number): string {
  return `${table.addresses.format(addr)}:${port}`;
}

/** Differences between the oracle's conversations and our flows, as readable lines (empty when equal). */
export function compareConversations(oracle: OracleFile, set: FlowSet, table: PacketTable): string[] {
  const tcp = set.flows.filter((f) => f.transport === 'tcp');
  const byStream = new Map(tcp.map((f) => [f.stream, f]));
  const problems: string[] = [];
  if (tcp.length !== oracle.tcp_stream_count)
    problems.push(`${tcp.length} TCP streams, tshark ${oracle.tcp_stream_count}`);
  const convs = [
    ...oracle.tcp_conversations.map((c) => ({ ...c.exact, a: c.a, b: c.b })),
    ...oracle.tcp_streams_missing_from_conv_table.map((m) => ({ ...m, streams: [m.stream] })),
  ];
  for (const c of convs) {
    const flows = c.streams.map((s) => byStream.get(s)).filter((f): f is Flow => f !== undefined);
    if (flows.length !== c.streams.length) {
      problems.push(`streams ${c.streams} of ${c.a} ↔ ${c.b}: missing`);
      continue;
    }
    const mine = { aToB: [0, 0], bToA: [0, 0], first: Number.POSITIVE_INFINITY, last: -1 };
    for (const f of flows) {
      const client = endpointText(table, f.clientAddr, f.clientPort);
      const server = endpointText(table, f.serverAddr, f.serverPort);
      const aIsClient = client === c.a && server === c.b;
      if (!aIsClient && !(client === c.b && server === c.a)) {
        problems.push(`stream ${f.stream}: ${client} ↔ ${server}, tshark ${c.a} ↔ ${c.b}`);
      }
      const [ab, ba] = aIsClient ? [0, 1] : [1, 0];
      mine.aToB[0] = (mine.aToB[0] ?? 0) + (f.packets[ab] ?? 0);
      mine.aToB[1] = (mine.aToB[1] ?? 0) + (f.bytes[ab] ?? 0);
      mine.bToA[0] = (mine.bToA[0] ?? 0) + (f.packets[ba] ?? 0);
      mine.bToA[1] = (mine.bToA[1] ?? 0) + (f.bytes[ba] ?? 0);
      mine.first = Math.min(mine.first, f.firstRow + 1);
      mine.last = Math.max(mine.last, f.lastRow + 1);
    }
    const got = [mine.aToB[0], mine.aToB[1], mine.bToA[0], mine.bToA[1], mine.first, mine.last];
    const want = [
      c.frames_a_to_b,
      c.bytes_a_to_b,
      c.frames_b_to_a,
      c.bytes_b_to_a,
      c.first_frame,
      c.last_frame,
    ];
    if (got.join() !== want.join()) {
      problems.push(
        `streams ${c.streams} ${c.a} ↔ ${c.b}: frames/bytes a→b, b→a, first, last ${got} vs tshark ${want}`,
      );
    }
  }
  return problems;
}
