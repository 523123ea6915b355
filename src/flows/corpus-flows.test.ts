// End to end on every real capture and scenario: our reader and decoder feed the flow builder through
// the PacketHook, and the result is compared with tshark 4.0: tcp.stream / udp.stream of every frame
// (testdata/tshark/*.tsv), the conversations of ../shared/captures/oracle/*.json, the TCP states after
// the scenario key packets (RFC 9293, testing/scenario-expectations.ts), the HTTP messages the
// manifests name, and the tcp.analysis flags, bytes in flight and dup-ack numbers of every frame as
// the builder passes them through from the TCP analyzer.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BufferByteSource } from '../capture/buffer-source';
import { readCapture } from '../capture/read-capture';
import { createFlowBuilder } from './flow-builder';
import { ANALYSIS_NAMES, type Flow, type FlowSet } from './model';
import { compareConversations, type OracleFile } from './testing/oracle-conversations';
import { checkScenario, type ManifestFlow } from './testing/scenario-expectations';
import { parseTsv, type TsvFrames } from './testing/tshark-tsv';

const shared = new URL('../../../shared/', import.meta.url);
const tsvDir = new URL('../../testdata/tshark/', import.meta.url);
const haveShared = existsSync(shared);
if (!haveShared) console.warn(`skipping the end-to-end flow tests: ${shared.pathname} is absent`);

const real = haveShared
  ? readdirSync(new URL('captures/real/', shared))
      .filter((f) => !f.endsWith('.md'))
      .map((f) => ({
        path: `captures/real/${f}`,
        tsv: `${f}.tsv`,
        oracle: `captures/oracle/${f}.json`,
        scenario: '',
      }))
  : [];
const scenarios = haveShared
  ? readdirSync(new URL('scenarios/', shared), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) =>
        readdirSync(new URL(`scenarios/${d.name}/`, shared))
          .filter((f) => f.endsWith('.pcap'))
          .map((f) => ({
            path: `scenarios/${d.name}/${f}`,
            tsv: `scenario__${d.name}__${f}.tsv`,
            oracle: '',
            scenario: d.name,
          })),
      )
  : [];

async function analyze(path: string) {
  const bytes = new Uint8Array(readFileSync(new URL(path, shared)));
  let builder: ReturnType<typeof createFlowBuilder> | null = null;
  const result = await readCapture(new BufferByteSource(bytes, path), {
    onPacket: (table, row, buf, start) => {
      builder ??= createFlowBuilder(table);
      builder.onPacket(table, row, buf, start);
    },
  }).catch(() => null);
  if (!result) return null;
  const set: FlowSet = (builder ?? createFlowBuilder(result.table)).finish();
  return { table: result.table, set };
}

describe.skipIf(!haveShared)('reader + flows agree with tshark on the whole corpus', () => {
  it.each([...real, ...scenarios])('$path', async ({ path, tsv, oracle, scenario }) => {
    const r = await analyze(path);
    const frames = parseTsv(readFileSync(new URL(tsv, tsvDir), 'utf8'));
    if (!r) {
      // Files tshark cannot read either: no frames, nothing to number.
      expect(frames.rows.length).toBe(0);
      return;
    }
    const { table, set } = r;
    const bad: string[] = [];
    for (let row = 0; row < frames.rows.length; row++) {
      const f = set.flows[set.columns.flow[row] ?? -1];
      for (const t of ['tcp', 'udp'] as const) {
        const mine = f?.transport === t ? String(f.stream) : '';
        const theirs = frames.get(row, `${t}.stream`);
        if (mine !== theirs) bad.push(`frame ${row + 1}: ${t}.stream ${mine || '-'} vs ${theirs || '-'}`);
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
    expect(analysisMismatches(frames, set).slice(0, 5)).toEqual([]);
    if (oracle !== '') {
      const o: OracleFile = JSON.parse(readFileSync(new URL(oracle, shared), 'utf8'));
      expect(compareConversations(o, set, table)).toEqual([]);
    }
    if (scenario !== '') {
      const manifest = JSON.parse(
        readFileSync(new URL(`scenarios/${scenario}/manifest.json`, shared), 'utf8'),
      );
      const endpoint = (f: Flow, side: 'client' | 'server') =>
        side === 'client'
          ? table.addresses.endpoint(f.clientAddr, f.clientPort)
          : table.addresses.endpoint(f.serverAddr, f.serverPort);
      expect(checkScenario(scenario, manifest.flows as ManifestFlow[], set, endpoint)).toEqual([]);
      expect(httpProblems(manifest.flows, set)).toEqual([]);
    }
  });
});

interface HttpKeyPacket {
  name: string;
  frame: number;
  http?: string | null;
}

/**
 * Each key packet the manifest annotates with an HTTP message ("GET /g/1", "HTTP 200") must be where
 * our exchange of that connection ends the request or response (tshark shows a message on the
 * segment that completes it).
 */
function httpProblems(flows: { tcp_stream: number; key_packets: HttpKeyPacket[] }[], set: FlowSet): string[] {
  const problems: string[] = [];
  for (const mf of flows) {
    const flow = set.flows.find((f) => f.transport === 'tcp' && f.stream === mf.tcp_stream);
    for (const k of mf.key_packets) {
      if (!k.http) continue;
      const row = k.frame - 1;
      const found = flow?.http.some((x) => {
        if (k.http?.startsWith('HTTP '))
          return x.response?.endRow === row && `HTTP ${x.response.status}` === k.http;
        return x.request?.endRow === row && `${x.request.method} ${x.request.target}` === k.http;
      });
      if (!found) problems.push(`stream ${mf.tcp_stream} frame ${k.frame}: ${k.http} not found`);
    }
  }
  return problems;
}

/** tshark's field for each of our analysis names. */
const ANALYSIS_FIELDS: Record<(typeof ANALYSIS_NAMES)[number], string> = {
  retransmission: 'tcp.analysis.retransmission',
  'fast-retransmission': 'tcp.analysis.fast_retransmission',
  'spurious-retransmission': 'tcp.analysis.spurious_retransmission',
  'out-of-order': 'tcp.analysis.out_of_order',
  'lost-segment': 'tcp.analysis.lost_segment',
  'ack-unseen': 'tcp.analysis.ack_lost_segment',
  'dup-ack': 'tcp.analysis.duplicate_ack',
  'zero-window': 'tcp.analysis.zero_window',
  'zero-window-probe': 'tcp.analysis.zero_window_probe',
  'zero-window-probe-ack': 'tcp.analysis.zero_window_probe_ack',
  'window-full': 'tcp.analysis.window_full',
  'window-update': 'tcp.analysis.window_update',
  'keep-alive': 'tcp.analysis.keep_alive',
  'keep-alive-ack': 'tcp.analysis.keep_alive_ack',
  'port-reused': 'tcp.analysis.reused_ports',
};

/** TCP frames whose analysis flags, bytes in flight or dup-ack number differ from tshark's. */
function analysisMismatches(frames: TsvFrames, set: FlowSet): string[] {
  const bad: string[] = [];
  for (let row = 0; row < frames.rows.length; row++) {
    if (frames.get(row, 'tcp.stream') === '') continue;
    const bits = set.columns.analysis[row] ?? 0;
    const mine = ANALYSIS_NAMES.filter((_, i) => bits & (1 << i)).join(',');
    const theirs = ANALYSIS_NAMES.filter((n) => frames.get(row, ANALYSIS_FIELDS[n]) !== '').join(',');
    const num = (f: string) => Number(frames.get(row, f) || 0);
    const got = [mine, set.columns.bytesInFlight[row], set.columns.dupAckNum[row]];
    const want = [theirs, num('tcp.analysis.bytes_in_flight'), num('tcp.analysis.duplicate_ack_num')];
    if (got.join('|') !== want.join('|')) bad.push(`frame ${row + 1}: ${got.join('|')} vs ${want.join('|')}`);
  }
  return bad;
}
