// Test helper: the shared real-capture corpus (../shared/captures/real) and its tshark oracle
// (../shared/captures/oracle/<file>.json, made by make-oracle.sh with tshark 4.0.17).
import { existsSync, readdirSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** ../shared relative to the repository root (this file is src/capture/testing/corpus.ts). */
export const sharedDir = fileURLToPath(new URL('../../../../shared/', import.meta.url));
export const realDir = `${sharedDir}captures/real/`;
export const oracleDir = `${sharedDir}captures/oracle/`;

export interface Oracle {
  file: string;
  size_bytes: number;
  /** "pcap", "pcapng", "pcap-modified", "unknown". */
  format: string;
  magic: { compression: string | null };
  link_types: number[];
  capinfos: { first_packet_time_epoch: string | null; last_packet_time_epoch: string | null };
  tshark: { rc: number; stderr_first_line: string | null; stderr_second_line: string | null };
  frames: number;
  custom_block_frames: number;
}

/**
 * Absolute paths of every capture the whole-pipeline corpus tests run on: the real captures (no
 * README/SOURCES) and each scenario's pcap/pcapng files. Empty when ../shared is absent (the caller
 * skips and says so).
 */
export function sharedCaptures(): string[] {
  const scenarioDir = `${sharedDir}scenarios/`;
  if (!existsSync(realDir) || !existsSync(scenarioDir)) return [];
  const real = readdirSync(realDir)
    .filter((f) => !f.endsWith('.md'))
    .map((f) => `${realDir}${f}`);
  const scenarios = readdirSync(scenarioDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(`${scenarioDir}${d.name}`)
        .filter((f) => f.endsWith('.pcap') || f.endsWith('.pcapng'))
        .map((f) => `${scenarioDir}${d.name}/${f}`),
    );
  return [...real, ...scenarios];
}

export async function corpusAvailable(): Promise<boolean> {
  try {
    return (await stat(realDir)).isDirectory() && (await stat(oracleDir)).isDirectory();
  } catch {
    return false;
  }
}

/** Capture file names in the corpus (no README/SOURCES), sorted. */
export async function corpusFiles(): Promise<string[]> {
  if (!(await corpusAvailable())) return [];
  const names = await readdir(realDir);
  return names.filter((n) => !n.endsWith('.md')).sort();
}

export async function readOracle(file: string): Promise<Oracle> {
  return JSON.parse(await readFile(`${oracleDir}${file}.json`, 'utf8')) as Oracle;
}

export async function readCorpusFile(file: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(`${realDir}${file}`));
}

/**
 * A capinfos epoch time ("1418145370.1000000") as [seconds, nanoseconds]. capinfos prints the
 * sub-second part with the file's precision (6 or 9 digits) and without normalizing it, so an
 * invalid µs field of 1 000 000 prints as ".1000000": `digits` says how many digits one second has.
 */
export function parseEpoch(s: string, digits: number): [bigint, bigint] {
  const [whole = '0', frac = '0'] = s.split('.');
  const sub = BigInt(frac) * 10n ** BigInt(9 - digits);
  return [BigInt(whole), sub];
}
