// The single-flow capture export, checked on the scenario captures and real corpus files (pcap, µs and
// ns, pcapng, gzip, zstd, Linux cooked, cut by a snaplen, IP fragments): the exported file must hold
// exactly the flow's frames — same bytes as in the original file (an independent record walker),
// same packets for our reader, and for tshark the same frames `tcp.stream eq N` selects in the original.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decompress as unzstd } from 'fzstd';
import { afterAll, describe, expect, test } from 'vitest';
import { bufferSource } from '../capture/buffer-source';
import { forEachRecord } from '../capture/decode/testing/read-records';
import { NodeFileSource } from '../capture/node/file-source';
import { TcpFlag } from '../capture/packet-table';
import { readCapture } from '../capture/read-capture';
import { rowFields } from '../capture/testing/read';
import type { Flow } from '../flows/model';
import { type AnalysisResult, analyzeCapture } from './analyze-capture';
import { exportFlowPcap, flowExportRows } from './export-flow';
import {
  hasRealCaptures,
  hasScenarios,
  hasTshark,
  realDir,
  scenarioCaptures,
  tsharkFields,
} from './testing/export-fixtures';

const REAL = [
  'pcapplusplus__one_http_stream_rst.pcap',
  'pcapplusplus__one_tcp_stream_fin_rst_close_packet.pcap',
  'wiresharkwiki__bgp.pcapng.gz',
  'pcapplusplus__pcapng-example.pcapng',
  'pcapplusplus__pcapng-example.pcapng.zst',
  'wiresharkwiki__many_interfaces.pcapng',
  'chrissanders__http_ip4and6.pcapng',
  'tcpdump__tcp-handshake-nano.pcap',
  'pcapplusplus__nanosecs_big_endian.pcap',
  'pcapplusplus__sll.pcap',
  'tcpdump__tcp_rst_data-trunc.pcap',
  'pcapplusplus__frag_http_req.pcap',
  'markofu__http-fault-post.pcap',
];
const FLOWS_PER_FILE = 2;
const FIELDS = ['frame.time_epoch', 'frame.len', 'frame.cap_len', 'tcp.srcport', 'tcp.seq_raw', 'tcp.flags'];

const work = mkdtempSync(path.join(tmpdir(), 'wirelens-export-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
if (!hasTshark)
  console.warn('tshark not found at /usr/bin/tshark: exported files are not checked with tshark');

/** The decompressed file, as an independent walker needs it. */
function plainBytes(file: string): Uint8Array {
  const raw = new Uint8Array(readFileSync(file));
  if (file.endsWith('.gz')) return new Uint8Array(gunzipSync(raw));
  if (file.endsWith('.zst')) return unzstd(raw);
  return raw;
}

/** Frame bytes by 1-based frame number, from the test-only walker (not our reader). */
function recordBytes(bytes: Uint8Array): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  forEachRecord(bytes, (frame, _link, start, capLen) =>
    out.set(frame, bytes.subarray(start, start + capLen)),
  );
  return out;
}

/** Flows with a RST first, then the others, at most FLOWS_PER_FILE TCP flows. */
function pickFlows(r: AnalysisResult): Flow[] {
  const tcp = r.flows.flows.filter((f) => f.transport === 'tcp');
  const hasRst = (f: Flow) => f.rows.some((row) => (r.capture.table.tcpFlags[row] ?? 0) & TcpFlag.RST);
  return [...tcp.filter(hasRst), ...tcp.filter((f) => !hasRst(f))].slice(0, FLOWS_PER_FILE);
}

async function checkFile(file: string, label: string): Promise<void> {
  const source = await NodeFileSource.open(file);
  const r = await analyzeCapture(source);
  const t = r.capture.table;
  const original = recordBytes(plainBytes(file));
  const flows = pickFlows(r);
  expect(flows.length, `${label} has TCP flows`).toBeGreaterThan(0);
  for (const flow of flows) {
    const out = await exportFlowPcap(source, t, flow);
    const rows = flowExportRows(t, flow);
    // The table clamps times more than 68 years from frame 1 (with a warning); tshark checks those.
    // pcapng-example has such times (year 586524), beyond pcap's 32-bit seconds: written as pcapng.
    const clamped = r.capture.warnings.some((w) => w.message.includes('clamped'));
    if (!clamped) expect(out.format).toBe('pcap');
    expect(out.fileName).toMatch(new RegExp(`-tcp-stream-${flow.stream}\\.${out.format}$`));
    // Byte for byte the records of the original file.
    const exported = [...recordBytes(out.bytes).values()];
    expect(exported).toEqual(Array.from(rows, (row) => original.get(row + 1)));
    // Our reader sees the same packets, times, lengths and TCP fields.
    const back = await readCapture(bufferSource(out.bytes));
    const e = back.table;
    expect(back.packets).toBe(rows.length);
    expect(back.linkTypes).toEqual([t.interfaces[t.ifaceOf(flow.rows[0] ?? 0)]?.linkType]);
    const want = rowFields(t);
    const got = rowFields(e);
    rows.forEach((row, i) => {
      if (!clamped)
        expect(e.baseSec + (e.tsSec[i] ?? 0), `${label} frame ${row + 1} seconds`).toBe(
          t.baseSec + (t.tsSec[row] ?? 0),
        );
      for (const col of [
        'tsNs',
        'capLen',
        'origLen',
        'tcpFlags',
        'seq',
        'ack',
        'srcPort',
        'dstPort',
      ] as const)
        expect(got[col][i], `${label} frame ${row + 1} ${col}`).toBe(want[col][row]);
    });
    if (hasTshark) compareWithTshark(file, out.bytes, flow, label);
  }
}

/** tshark's view of the exported file equals its view of `tcp.stream eq N` in the original. */
function compareWithTshark(file: string, bytes: Uint8Array, flow: Flow, label: string): void {
  const out = path.join(work, `${label.replace(/\W+/g, '_')}-${flow.stream}`);
  writeFileSync(out, bytes);
  const want = tsharkFields(file, `tcp.stream eq ${flow.stream}`, FIELDS);
  const got = tsharkFields(out, 'tcp', FIELDS);
  expect(want.length).toBe(flow.rows.length);
  expect(got, `${label} stream ${flow.stream} in tshark`).toEqual(want);
  const numbers = tsharkFields(out, null, ['frame.number']).map((x) => Number(x[0]));
  expect(numbers).toEqual(numbers.map((_, i) => i + 1));
}

describe.skipIf(!hasScenarios)('exporting a flow of each scenario capture', () => {
  test.each(scenarioCaptures())('$label', ({ path: file, label }) => checkFile(file, label));
});
if (!hasScenarios) console.warn('../shared/scenarios not found: scenario export tests skipped');
if (!hasRealCaptures) console.warn('../shared/captures/real not found: corpus export tests skipped');

describe.skipIf(!hasRealCaptures)('exporting flows of real captures', () => {
  test.each(REAL)('%s', (name) => checkFile(path.join(realDir, name), name));
});
