// Decodes every capture of the shared corpus (../shared/captures/real and ../shared/scenarios) and
// compares each frame with tshark 4.0's answer in testdata/tshark/<name>.tsv: innermost addresses,
// ports, TCP flags, seq, ack, window, tcp.len, MSS / window scale / SACK-permitted / timestamps,
// fragment bits, and which frames get a tcp.stream / udp.stream.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PacketTable } from '../packet-table';
import { FrameDecoder } from './frame-decoder';
import { compareRow, indexOptions, parseOracle } from './testing/frame-oracle';
import { loadCapture } from './testing/load-capture';
import { forEachRecord } from './testing/read-records';

const repoRoot = path.resolve(__dirname, '../../..');
const shared = path.resolve(repoRoot, '../shared');
const oracleDir = path.join(repoRoot, 'testdata/tshark');
const present = existsSync(path.join(shared, 'captures/real'));
if (!present) console.warn(`corpus-decode: ${shared} is absent, so the corpus comparison is skipped`);

function corpus(): { file: string; oracle: string }[] {
  const real = readdirSync(path.join(shared, 'captures/real'))
    .filter((f) => !f.endsWith('.md'))
    .map((f) => ({ file: path.join(shared, 'captures/real', f), oracle: f }));
  const scenarios = readdirSync(path.join(shared, 'scenarios'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(path.join(shared, 'scenarios', d.name))
        .filter((f) => f.endsWith('.pcap'))
        .map((f) => ({
          file: path.join(shared, 'scenarios', d.name, f),
          oracle: `scenario__${d.name}__${f}`,
        })),
    );
  return [...real, ...scenarios];
}

function decodeFile(file: string): { table: PacketTable; frames: Map<number, number> } {
  const bytes = loadCapture(file);
  const table = new PacketTable();
  // tshark's tcp.options.timestamp fields are compared too.
  table.options.keepTimestamps = true;
  const decoder = new FrameDecoder(table);
  const frames = new Map<number, number>(); // frame number → row
  forEachRecord(bytes, (frame, linkType, start, capLen, origLen) => {
    const row = table.add();
    table.origLen[row] = origLen;
    table.setRecord(row, capLen);
    frames.set(frame, row);
    if (linkType >= 0) decoder.decode(row, linkType, bytes, start, capLen, origLen);
  });
  return { table, frames };
}

describe.skipIf(!present)('decoding the corpus agrees with tshark 4.0 frame by frame', () => {
  const files = present ? corpus() : [];
  const compared = { frames: 0, tcp: 0 };
  afterAll(() => {
    // Guards against a vacuous pass: an oracle that failed to parse would compare nothing.
    expect(compared.frames).toBeGreaterThan(15_000);
    expect(compared.tcp).toBeGreaterThan(10_000);
  });

  it('has an oracle for every capture', () => {
    const missing = files.filter((f) => !existsSync(path.join(oracleDir, `${f.oracle}.tsv`)));
    expect(missing.map((f) => f.oracle)).toEqual([]);
  });

  it.each(files.map((f) => [f.oracle, f.file]))('%s', (name, file) => {
    const oracle = parseOracle(readFileSync(path.join(oracleDir, `${name}.tsv`), 'utf8'));
    const { table, frames } = decodeFile(file);
    const options = indexOptions(table);
    const problems: string[] = [];
    for (const [frame, o] of oracle) {
      const row = frames.get(frame);
      const diffs = row === undefined ? ['not read'] : compareRow(table, row, o, options);
      if (diffs.length > 0) problems.push(`frame ${frame}: ${diffs.join('; ')}`);
      compared.frames++;
      if (o.has('tcp.flags')) compared.tcp++;
    }
    expect(problems.slice(0, 20)).toEqual([]);
  });
});
