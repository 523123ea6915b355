// Test helper: the ladder of a scenario capture through the whole pipeline (our reader, flow builder
// and analysis), plus the scenario's manifest and tshark's per-frame oracle to check it against.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeCapture } from '../../../analysis/analyze-capture';
import { NodeFileSource } from '../../../capture/node/file-source';
import type { Flow } from '../../../flows/model';
import { buildLadderLayout, type LadderLayout, type LadderOptions } from '../ladder-layout';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const sharedDir = path.resolve(repoRoot, '../shared');
export const scenariosDir = path.join(sharedDir, 'scenarios');
export const haveScenarios = existsSync(scenariosDir);
export const tsvDir = path.join(repoRoot, 'testdata/tshark');

export interface KeyPacket {
  name: string;
  frame: number;
  direction: 'client->server' | 'server->client';
  tcp_flags: string;
  tcp_len: number;
  seq_rel: number;
  ack_rel: number;
  window: number;
  http?: string;
  tshark_analysis?: string[];
}

export interface ManifestGap {
  name: string;
  from_frame: number;
  to_frame: number;
  seconds: number;
}

export interface ManifestFlow {
  tcp_stream: number;
  client: string;
  server: string;
  frames: { first: number; last: number; count: number };
  key_packets: KeyPacket[];
  gaps?: ManifestGap[];
}

export interface ScenarioLadder {
  flows: Flow[];
  manifest: { flows: ManifestFlow[] };
  layoutOf(stream: number, options?: Partial<LadderOptions>): LadderLayout;
  /** tshark's frame.time_epoch of a 1-based frame (from the committed oracle). */
  tsharkTime(frame: number): number;
}

export async function loadScenario(scenario: string, file = 'capture.pcap'): Promise<ScenarioLadder> {
  const dir = path.join(scenariosDir, scenario);
  const result = await analyzeCapture(await NodeFileSource.open(path.join(dir, file)));
  const table = result.capture.table;
  const { flows, columns } = result.flows;
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const times = readTsvTimes(path.join(tsvDir, `scenario__${scenario}__${file}.tsv`));
  return {
    flows,
    manifest,
    layoutOf(stream, options) {
      const flow = flows.find((f) => f.transport === 'tcp' && f.stream === stream);
      if (!flow) throw new Error(`${scenario}: no tcp stream ${stream}`);
      return buildLadderLayout({ flow, table, columns }, options);
    },
    tsharkTime(frame) {
      const t = times[frame - 1];
      if (t === undefined) throw new Error(`${scenario}: frame ${frame} not in the tshark oracle`);
      return t;
    },
  };
}

function readTsvTimes(file: string): number[] {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const col = (lines[0] ?? '').split('\t').indexOf('frame.time_epoch');
  return lines.slice(1).map((l) => Number(l.split('\t')[col]));
}
