// TEST-ONLY (Node): the captures the export tests run over — the scenario captures
// (../shared/scenarios/*/capture*.pcap with their manifests) and the examples in public/examples/
// (index.json) — plus tshark and the Mermaid parser as independent checkers.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mermaid from 'mermaid';

export const repoRoot = path.resolve(fileURLToPath(new URL('../../../', import.meta.url)));
export const sharedDir = path.resolve(repoRoot, '../shared');
export const scenariosDir = path.join(sharedDir, 'scenarios');
export const realDir = path.join(sharedDir, 'captures/real');
export const examplesDir = path.join(repoRoot, 'public/examples');
export const TSHARK = '/usr/bin/tshark';
export const hasTshark = existsSync(TSHARK);
export const hasScenarios = existsSync(scenariosDir);
export const hasRealCaptures = existsSync(realDir);

/** A key frame a capture's ground truth names: TCP stream and 1-based frame number. */
export interface KeyFrame {
  stream: number;
  frame: number;
  name: string;
}

export interface FixtureCapture {
  /** "g-stale-keepalive/capture.pcap" or "examples/stale-keepalive-reuse.pcap". */
  label: string;
  path: string;
  keyFrames: KeyFrame[];
}

interface ManifestFlow {
  tcp_stream?: number;
  key_packets?: { frame?: number; name?: string }[];
}

function manifestKeyFrames(file: string): KeyFrame[] {
  const m = JSON.parse(readFileSync(file, 'utf8')) as { flows?: ManifestFlow[] };
  return (m.flows ?? []).flatMap((f) =>
    (f.key_packets ?? []).flatMap((k) =>
      f.tcp_stream !== undefined && k.frame !== undefined
        ? [{ stream: f.tcp_stream, frame: k.frame, name: k.name ?? '' }]
        : [],
    ),
  );
}

/** Every capture*.pcap of every scenario, with the manifest's key frames (same in each file). */
export function scenarioCaptures(): FixtureCapture[] {
  if (!hasScenarios) return [];
  return readdirSync(scenariosDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => {
      const dir = path.join(scenariosDir, d.name);
      const keys = manifestKeyFrames(path.join(dir, 'manifest.json'));
      return readdirSync(dir)
        .filter((f) => /^capture.*\.pcap$/.test(f))
        .sort()
        .map((f) => ({ label: `${d.name}/${f}`, path: path.join(dir, f), keyFrames: keys }));
    });
}

interface ExampleEntry {
  file: string;
  keyFrames?: { stream: number; frame: number; name?: string }[];
}

/** The examples listed in public/examples/index.json, when it exists. */
export function exampleCaptures(): FixtureCapture[] {
  const index = path.join(examplesDir, 'index.json');
  if (!existsSync(index)) return [];
  const list = (JSON.parse(readFileSync(index, 'utf8')) as { examples?: ExampleEntry[] }).examples ?? [];
  return list
    .filter((e) => existsSync(path.join(examplesDir, e.file)))
    .map((e) => ({
      label: `examples/${e.file}`,
      path: path.join(examplesDir, e.file),
      keyFrames: (e.keyFrames ?? []).map((k) => ({ stream: k.stream, frame: k.frame, name: k.name ?? '' })),
    }));
}

/**
 * tshark's -T fields output as rows of columns (tab-separated). tshark exits with status 2 on a file
 * cut short in the middle of a packet but still prints every frame before it; that output is kept.
 */
export function tsharkFields(file: string, filter: string | null, fields: string[]): string[][] {
  const args = ['-r', file, '-T', 'fields', '-E', 'occurrence=f'];
  if (filter !== null) args.push('-Y', filter);
  for (const f of fields) args.push('-e', f);
  const run = spawnSync(TSHARK, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw run.error;
  if (run.status !== 0 && !/cut short/.test(run.stderr))
    throw new Error(`tshark ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  return run.stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split('\t'));
}

export interface ParsedMessage {
  from: string;
  to: string;
  /** The text with Mermaid entity codes decoded, as the rendered chart shows it. */
  text: string;
  kind: 'solid' | 'dotted' | 'note' | 'other';
}

export interface ParsedChart {
  config: unknown;
  actors: string[];
  messages: ParsedMessage[];
}

interface SequenceDb {
  getMessages(): { from?: string; to?: string; message?: string; type?: number }[];
  getActors(): Map<string, { description?: string }>;
}

/** Mermaid's placeholders for `#59;` (numeric) entity codes until rendering turns them into HTML. */
const decodeEntities = (s: string): string =>
  s.replace(/ﬂ°°(\d+)¶ß/g, (_, n: string) => String.fromCodePoint(Number(n)));

const KINDS: Record<number, ParsedMessage['kind']> = { 0: 'solid', 1: 'dotted', 2: 'note' };

/**
 * Parses a sequenceDiagram with the real Mermaid parser (throws on a syntax error) and returns what
 * the chart would show: actors, and messages/notes in order with their text decoded.
 */
export async function parseMermaid(text: string): Promise<ParsedChart> {
  const { config } = await mermaid.parse(text);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db as unknown as SequenceDb;
  return {
    config,
    actors: [...db.getActors().values()].map((a) => decodeEntities(a.description ?? '')),
    messages: db.getMessages().map((m) => ({
      from: m.from ?? '',
      to: m.to ?? '',
      text: decodeEntities(m.message ?? ''),
      kind: KINDS[m.type ?? -1] ?? 'other',
    })),
  };
}
