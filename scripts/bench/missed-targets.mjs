// What limits each target of issue 7 that a run misses: the explanation docs/performance.md gives
// next to the profiles (issue 7: "if a target is not reachable, show the profile and what the limit
// is"). The causes come from profiling these inputs (the tables under "Profiles"); the figures in
// each paragraph are this run's.

const EXPLAIN = {
  'reader + flows ≥ 5 M packets/s, small packets': (f) =>
    `The reader alone decodes ${f.smallReader} M packets/s into the table here, so 5 M/s for reader +
flows leaves the connection table ${f.smallBudget} µs per packet; it costs ${f.smallTable} µs. Each
packet reaches its connection's 256-byte record in a random place among ${f.smallFlows} connections
(a cache miss, ~0.1 µs on this machine), keeps the per-direction base sequence that Wireshark's
tcp.stream rule needs to tell a reused port from a retransmitted SYN, and notes opening and closing
rows; finish() then walks the ${f.smallPackets} rows twice for the per-flow rows, totals and idle gaps. The
brief's reference (a reader that hashes 5-tuples into a flow table, ~6.7 M packets/s) numbers no
streams and keeps no rows per flow; ours does both because the flow list and the ladder need them.`,
  'whole analysis ≤ 2× reader + flows': (f) =>
    `The analysis after the connection table (per-endpoint TCP states, Wireshark's tcp.analysis flags
with its unacked-segment list, HTTP/1 messages, the diagnosis) costs ${f.httpAnalysis} µs per packet
on the mixed input and ${f.smallAnalysis} on small packets, against ${f.httpTable} and ${f.smallTable}
for the connection table. Every segment goes through the TCP sequence analysis (Wireshark's rules for
retransmission, out-of-order, dup-ACK, window and keep-alive flags: two more cache lines per segment)
and the HTTP tracker's body accounting; ${f.httpMessages} HTTP messages per packet (mixed input) have a
start line and header block parsed (≈1.3 µs per message in cache). In the profiles the rest is the
per-flow facts
scan of the diagnosis (its loop runs unoptimised for the first ~100 k packets of a process: a
whole-analysis run is one process), and garbage collection of the message and Flow objects.`,
  '≥ 20× faster than tshark -z conv,tcp (reader + flows)': () =>
    `Wall times here are whole processes, Node's start-up included, on a shared 2-core machine; the
pcapng reader parses a 32-byte block header and options per packet where pcap has 16 bytes.`,
  '≥ 20× faster than tshark -z conv,tcp (whole analysis)': () =>
    `tshark -z conv,tcp prints the connection table; our whole analysis also produces the TCP states,
analysis flags, HTTP messages and diagnosis, so this ratio is bounded by the whole ≤ 2× target above:
meeting it needs the analysis cut the same way.`,
};

/** Paragraphs for the targets this run missed, or '' when none. */
export function missedTargets(checks, datasets, measurements) {
  const missed = [...new Set(checks.filter(([, v]) => v === 'MISSED').map(([t]) => t))];
  if (missed.length === 0) return '';
  const f = figures(datasets, measurements);
  return missed
    .filter((t) => EXPLAIN[t])
    .map((t) => `**${t}.** ${EXPLAIN[t](f).replace(/\n/g, ' ')}`)
    .join('\n\n');
}

function figures(datasets, measurements) {
  const pick = (kind) =>
    datasets.find((d) => d.kind === kind && d.format !== 'pcapng') ?? datasets.find((d) => d.kind === kind);
  const perPacket = (ds, from, to) => {
    const m = measurements[ds?.id] ?? {};
    const a = m[from];
    const b = m[to];
    if (!ds || !a || !b || a.error || b.error || a.skipped || b.skipped) return '—';
    return (((b.seconds - a.seconds) * 1e6) / ds.meta.packets).toFixed(2);
  };
  const small = pick('small');
  const http = pick('http');
  const sm = measurements[small?.id] ?? {};
  const readerRate = sm.reader?.seconds ? small.meta.packets / sm.reader.seconds : null;
  return {
    smallReader: readerRate ? (readerRate / 1e6).toFixed(2) : '—',
    smallBudget: readerRate ? Math.max(0, 1 / 5 - 1e6 / readerRate).toFixed(3) : '—',
    smallTable: perPacket(small, 'reader', 'flows'),
    smallPackets: small ? small.meta.packets.toLocaleString('en') : '—',
    smallFlows: sm.flows?.tcpFlows ?? small?.meta.flows ?? '—',
    smallAnalysis: perPacket(small, 'flows', 'analysis'),
    httpTable: perPacket(http, 'reader', 'flows'),
    httpAnalysis: perPacket(http, 'flows', 'analysis'),
    // A request and its response per exchange.
    httpMessages: http?.meta.requests ? ((2 * http.meta.requests) / http.meta.packets).toFixed(2) : '—',
  };
}
