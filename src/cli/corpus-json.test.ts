// Issue 2's acceptance check, run on the command's own JSON: for every file of the real corpus the
// packet count and the TCP conversations (endpoints, frames and bytes each way) equal the tshark 4.0
// oracle in ../shared/captures/oracle. Where tshark itself stopped early, we keep at least its frames
// and warn.

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../analysis/analyze-capture';
import { bufferSource } from '../capture/buffer-source';
import { corpusAvailable, corpusFiles, oracleDir, readCorpusFile } from '../capture/testing/corpus';
import { CaptureError } from '../capture/types';
import { type AnalysisJson, analysisToJson } from './analysis-json';

interface OracleStream {
  stream: number;
  a: string;
  b: string;
  frames_a_to_b: number;
  bytes_a_to_b: number;
  frames_b_to_a: number;
  bytes_b_to_a: number;
}
interface OracleConversation {
  a: string;
  b: string;
  exact: (Omit<OracleStream, 'stream' | 'a' | 'b'> & { streams: number[] }) | null;
}
interface ConvOracle {
  frames: number;
  tshark: { rc: number };
  tcp_conversations: OracleConversation[];
  tcp_streams_missing_from_conv_table: OracleStream[];
}

const available = await corpusAvailable();
if (!available)
  console.warn('corpus-json.test: ../shared/captures is absent, skipping the tshark comparison');
const files = await corpusFiles();

/** tshark writes IPv6 endpoints without brackets: "2001:db8::1:80". */
const bare = (endpoint: string): string => endpoint.replace(/^\[(.*)\]:(\d+)$/, '$1:$2');

async function analyze(file: string): Promise<AnalysisJson | CaptureError> {
  try {
    return analysisToJson(await analyzeCapture(bufferSource(await readCorpusFile(file), file)));
  } catch (e) {
    if (e instanceof CaptureError) return e;
    throw e;
  }
}

/** Our TCP flows summed per unordered endpoint pair, directed as the oracle's a → b. */
function conversationTotals(json: AnalysisJson, streams: number[], a: string) {
  const t = { frames_a_to_b: 0, bytes_a_to_b: 0, frames_b_to_a: 0, bytes_b_to_a: 0 };
  for (const s of streams) {
    const f = json.flows.find((x) => x.transport === 'tcp' && x.stream === s);
    if (!f) continue;
    const clientIsA = bare(f.client) === a;
    t.frames_a_to_b += clientIsA ? f.packetsClientToServer : f.packetsServerToClient;
    t.bytes_a_to_b += clientIsA ? f.bytesClientToServer : f.bytesServerToClient;
    t.frames_b_to_a += clientIsA ? f.packetsServerToClient : f.packetsClientToServer;
    t.bytes_b_to_a += clientIsA ? f.bytesServerToClient : f.bytesClientToServer;
  }
  return t;
}

describe.skipIf(!available)('command JSON agrees with tshark on the real corpus', () => {
  it.each(files)('%s', async (file) => {
    const oracle = JSON.parse(await readFile(`${oracleDir}${file}.json`, 'utf8')) as ConvOracle;
    const json = await analyze(file);
    if (json instanceof CaptureError) {
      // Only files tshark could not read either may be refused.
      expect(oracle.frames, `${file}: refused (${json.message}) but tshark read frames`).toBe(0);
      expect(oracle.tshark.rc).not.toBe(0);
      return;
    }
    if (oracle.tshark.rc === 0) expect(json.packets).toBe(oracle.frames);
    else {
      expect(json.packets).toBeGreaterThanOrEqual(oracle.frames);
      expect(json.warnings.length, `${file}: tshark reported a problem, we should warn`).toBeGreaterThan(0);
    }

    const expectedStreams = [
      ...oracle.tcp_conversations.flatMap((c) => c.exact?.streams ?? []),
      ...oracle.tcp_streams_missing_from_conv_table.map((s) => s.stream),
    ].sort((x, y) => x - y);
    const ours = json.flows.filter((f) => f.transport === 'tcp').map((f) => f.stream);
    expect(ours).toEqual(expectedStreams);

    for (const c of oracle.tcp_conversations) {
      if (!c.exact) continue;
      for (const s of c.exact.streams) {
        const f = json.flows.find((x) => x.transport === 'tcp' && x.stream === s);
        expect([bare(f?.client ?? ''), bare(f?.server ?? '')].sort()).toEqual([c.a, c.b].sort());
      }
      const { streams, ...counts } = c.exact;
      expect(conversationTotals(json, streams, c.a), `${file} ${c.a} <-> ${c.b}`).toEqual({
        frames_a_to_b: counts.frames_a_to_b,
        bytes_a_to_b: counts.bytes_a_to_b,
        frames_b_to_a: counts.frames_b_to_a,
        bytes_b_to_a: counts.bytes_b_to_a,
      });
    }
    for (const s of oracle.tcp_streams_missing_from_conv_table) {
      const { frames_a_to_b, bytes_a_to_b, frames_b_to_a, bytes_b_to_a } = s;
      expect(conversationTotals(json, [s.stream], s.a)).toEqual({
        frames_a_to_b,
        bytes_a_to_b,
        frames_b_to_a,
        bytes_b_to_a,
      });
    }
  });
});
