// TcpAnalyzer on hand-made packet sequences (testdata/analysis-cases.json): one or more cases per
// tcp.analysis flag, with near-misses. Each packet's expected answer is written in the JSON from
// packet-tcp.c's definitions; the analyzer must give it, and so must tshark 4.0 on the same packets
// (testdata/analysis-cases.tshark.json, written by make-analysis-oracle.mjs).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ANALYSIS_NAMES, Analysis } from '../model';
import { TcpAnalyzer } from '../tcp-analysis';
import { type CasePacket, caseTable } from './testing/case-table';
import { ORACLE_FLAG_FIELDS } from './testing/oracle-tsv';

const read = (name: string) =>
  JSON.parse(readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8'));
const spec: { cases: { name: string; packets: CasePacket[] }[] } = read('analysis-cases.json');
const oracle: { fields: string[]; cases: { name: string; rows: string[][] }[] } = read(
  'analysis-cases.tshark.json',
);

interface Answer {
  flags: string[];
  dup: number;
  bif: number;
}

function flagNames(bits: number): string[] {
  return ANALYSIS_NAMES.filter((_, i) => bits & (1 << i));
}

/** Names in bit order, as flagNames gives them. */
function expected(p: CasePacket): Answer {
  const wanted = new Set(p.expect ?? []);
  return { flags: ANALYSIS_NAMES.filter((n) => wanted.has(n)), dup: p.dup ?? 0, bif: p.bif ?? 0 };
}

function tsharkAnswer(fields: string[], row: string[]): Answer {
  const col = (f: string) => row[fields.indexOf(f)] ?? '';
  let bits = 0;
  for (const [field, bit] of ORACLE_FLAG_FIELDS) if (col(field) !== '') bits |= bit;
  return {
    flags: flagNames(bits),
    dup: Number(col('tcp.analysis.duplicate_ack_num') || 0),
    bif: Number(col('tcp.analysis.bytes_in_flight') || 0),
  };
}

describe('TcpAnalyzer on hand-made sequences', () => {
  it('covers every analysis flag but port-reused (the flow builder sets that one)', () => {
    const used = new Set(spec.cases.flatMap((c) => c.packets.flatMap((p) => p.expect ?? [])));
    expect(ANALYSIS_NAMES.filter((n) => !used.has(n))).toEqual(['port-reused']);
  });

  for (const c of spec.cases) {
    it(c.name, () => {
      const { table, dirs } = caseTable(c.packets);
      const analyzer = new TcpAnalyzer();
      const got = c.packets.map((_, row) => {
        const bits = analyzer.analyze(table, row, dirs[row] ?? 0);
        expect(bits & Analysis.PortReused).toBe(0);
        return { flags: flagNames(bits), dup: analyzer.dupAckNum, bif: analyzer.bytesInFlight };
      });
      expect(got).toEqual(c.packets.map(expected));
    });
  }
});

describe('tshark 4.0 gives the expected answers on the same packets', () => {
  it('has an answer for every case, packet for packet', () => {
    expect(oracle.cases.map((c) => [c.name, c.rows.length])).toEqual(
      spec.cases.map((c) => [c.name, c.packets.length]),
    );
  });

  spec.cases.forEach((c, i) => {
    it(c.name, () => {
      const rows = oracle.cases[i]?.rows ?? [];
      expect(rows.map((r) => tsharkAnswer(oracle.fields, r))).toEqual(c.packets.map(expected));
    });
  });
});
