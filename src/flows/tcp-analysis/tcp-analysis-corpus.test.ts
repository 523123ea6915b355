// TCP analysis on the whole corpus against tshark 4.0's per-frame oracle (testdata/tshark/*.tsv, from
// scripts/make-frame-oracle.sh): every tcp.analysis.* flag, tcp.analysis.duplicate_ack_num and
// tcp.analysis.bytes_in_flight, frame by frame.
//  1. Through the real pipeline (reader → decoder → flow builder → TcpAnalyzer), on the captures of
//     ../shared. Any frame that differs must be listed in KNOWN_DIFFERENCES (and docs/tcp-analysis.md).
//  2. The analyzer alone, on packets rebuilt from the oracle itself and grouped by tshark's tcp.stream,
//     so that a failure here points at the analyzer and not at the reader, decoder or flow builder.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANALYSIS_NAMES, Analysis } from '../model';
import { TcpAnalyzer } from '../tcp-analysis';
import { hasCorpus, listCorpus } from './testing/corpus';
import { oraclePackets } from './testing/oracle-packets';
import { type OracleFile, oracleAnalysis, parseOracleTsv } from './testing/oracle-tsv';
import { runPipeline } from './testing/pipeline';

const repoRoot = resolve(__dirname, '../../..');
const shared = resolve(repoRoot, '../shared');
// WIRELENS_ORACLE_DIR points part 2 at another oracle (e.g. one with SACK columns, see below).
const oracleDir = process.env.WIRELENS_ORACLE_DIR ?? join(repoRoot, 'testdata/tshark');
const oracleFiles = readdirSync(oracleDir).filter((f) => f.endsWith('.tsv'));
const haveShared = hasCorpus(shared);
if (!haveShared) console.warn(`tcp-analysis-corpus: ${shared} is absent, the pipeline comparison is skipped`);

/** Frames where we deliberately differ from tshark; each is explained in docs/tcp-analysis.md. */
const KNOWN_DIFFERENCES: { capture: string; frames: number[]; reason: string }[] = [];

function names(bits: number): string {
  return ANALYSIS_NAMES.filter((_, i) => bits & (1 << i)).join(',') || '-';
}

function readOracle(name: string): OracleFile {
  return parseOracleTsv(readFileSync(join(oracleDir, name), 'utf8'));
}

interface Answer {
  bits: number;
  dup: number;
  bif: number;
}

/** "" when equal, else a line naming the frame and both answers. */
function compare(frame: number, got: Answer, want: Answer, withBif: boolean): string {
  const same = got.bits === want.bits && got.dup === want.dup && (!withBif || got.bif === want.bif);
  if (same) return '';
  return (
    `frame ${frame}: ours ${names(got.bits)} dup#${got.dup} bif ${got.bif}, ` +
    `tshark ${names(want.bits)} dup#${want.dup} bif ${want.bif}`
  );
}

async function pipelineDifferences(path: string, oracle: OracleFile): Promise<string[]> {
  const { table, flows } = await runPipeline(path);
  const cols = flows.columns;
  const out: string[] = [];
  if (table.length !== oracle.frames.length)
    out.push(`${table.length} frames, tshark ${oracle.frames.length}`);
  for (const f of oracle.frames) {
    const row = f.frame - 1;
    if (row >= table.length) break;
    const want = oracleAnalysis(f);
    const got = {
      bits: cols.analysis[row] ?? 0,
      dup: cols.dupAckNum[row] ?? 0,
      bif: cols.bytesInFlight[row] ?? 0,
    };
    const line = compare(
      f.frame,
      got,
      { bits: want.bits, dup: want.dupAckNum, bif: want.bytesInFlight },
      true,
    );
    if (line) out.push(line);
  }
  return out;
}

const captures = listCorpus(shared);

describe.skipIf(!haveShared)('TCP analysis through the pipeline against tshark 4.0, per frame', () => {
  it('has an oracle for every capture of the corpus', () => {
    expect(captures.length).toBeGreaterThan(80);
    for (const c of captures) expect(existsSync(join(oracleDir, `${c.name}.tsv`)), c.name).toBe(true);
  });

  for (const c of captures) {
    it(`matches tshark on ${c.name}`, async () => {
      const oracle = readOracle(`${c.name}.tsv`);
      let diffs: string[];
      try {
        diffs = await pipelineDifferences(c.path, oracle);
      } catch (e) {
        // Files that are not captures: tshark reads no frame from them either.
        if (e instanceof Error && e.name === 'CaptureError' && oracle.frames.length === 0) return;
        throw e;
      }
      const known = new Set(KNOWN_DIFFERENCES.filter((k) => k.capture === c.name).flatMap((k) => k.frames));
      expect(diffs.filter((d) => !known.has(Number(/^frame (\d+)/.exec(d)?.[1])))).toEqual([]);
    });
  }
});

/**
 * The committed oracle has the window-scale option but not the SACK blocks, which bytes in flight
 * subtracts, so part 2 compares bytes in flight only when the oracle carries tcp.options.sack_le /
 * sack_re (all occurrences, comma-separated); part 1 always compares them.
 */
function analyzerDifferences(oracle: OracleFile): string[] {
  const { table, streams } = oraclePackets(oracle);
  const withBif = oracle.fields.includes('tcp.options.sack_le');
  const out: string[] = [];
  for (const st of streams) {
    const analyzer = new TcpAnalyzer();
    st.rows.forEach((row, i) => {
      const bits = analyzer.analyze(table, row, st.dirs[i] ?? 0);
      const frame = oracle.frames[row];
      if (!frame) throw new Error(`no oracle frame for row ${row}`);
      const want = oracleAnalysis(frame);
      // PortReused is the flow builder's.
      const wantBits = want.bits & ~Analysis.PortReused;
      const got = { bits, dup: analyzer.dupAckNum, bif: analyzer.bytesInFlight };
      const line = compare(
        row + 1,
        got,
        { bits: wantBits, dup: want.dupAckNum, bif: want.bytesInFlight },
        withBif,
      );
      if (line) out.push(`${line} (stream ${st.stream})`);
    });
  }
  return out;
}

describe('TcpAnalyzer alone on packets rebuilt from the oracle', () => {
  it('has oracle files to compare with', () => {
    expect(oracleFiles.length).toBeGreaterThan(80);
  });
  for (const file of oracleFiles) {
    it(`matches tshark on ${file}`, () => {
      expect(analyzerDifferences(readOracle(file))).toEqual([]);
    });
  }
});
