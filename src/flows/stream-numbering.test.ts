// Stream numbers, conversations and windows on every corpus capture, against tshark 4.0: the packets
// come from the committed per-frame oracle (testdata/tshark/*.tsv), so this checks the flow layer alone;
// corpus-flows.test.ts runs the same comparisons through our own reader and decoder.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFlowBuilder } from './flow-builder';
import { flowsToJson } from './flow-json';
import type { FlowSet } from './model';
import { compareConversations, type OracleFile } from './testing/oracle-conversations';
import { parseTsv, type TsvFrames, tableFromTsv } from './testing/tshark-tsv';

const tsvDir = new URL('../../testdata/tshark/', import.meta.url);
const oracleDir = new URL('../../../shared/captures/oracle/', import.meta.url);
const haveShared = existsSync(oracleDir);
if (!haveShared) console.warn(`skipping the conversation comparison: ${oracleDir.pathname} is absent`);
const files = readdirSync(tsvDir).filter((f) => f.endsWith('.tsv'));

function runTsv(name: string) {
  const tsv = parseTsv(readFileSync(new URL(name, tsvDir), 'utf8'));
  const { table, payloads } = tableFromTsv(tsv);
  const builder = createFlowBuilder(table);
  for (let r = 0; r < table.length; r++) builder.onPacket(table, r, payloads[r] ?? new Uint8Array(0), 0);
  return { tsv, table, set: builder.finish() };
}

/** Frames whose tcp.stream / udp.stream differ from tshark's, as "frame: ours vs tshark's". */
function streamMismatches(tsv: TsvFrames, set: FlowSet): string[] {
  const bad: string[] = [];
  for (let r = 0; r < tsv.rows.length; r++) {
    const f = set.flows[set.columns.flow[r] ?? -1];
    for (const transport of ['tcp', 'udp'] as const) {
      const mine = f?.transport === transport ? String(f.stream) : '';
      const theirs = tsv.get(r, `${transport}.stream`);
      if (mine !== theirs)
        bad.push(`frame ${r + 1}: ${transport}.stream ${mine || '-'} vs tshark ${theirs || '-'}`);
    }
  }
  return bad;
}

describe('stream numbers equal tshark on every frame of every corpus capture', () => {
  it.each(files)('%s', (name) => {
    const { tsv, set } = runTsv(name);
    expect(streamMismatches(tsv, set).slice(0, 5)).toEqual([]);
  });
});

describe('scaled windows equal tshark tcp.window_size', () => {
  it.each(files)('%s', (name) => {
    const { tsv, table, set } = runTsv(name);
    const bad: string[] = [];
    for (const f of flowsToJson(set, table, { packets: true })) {
      for (const p of f.packets ?? []) {
        const theirs = tsv.get(p.frame - 1, 'tcp.window_size');
        if (f.transport === 'tcp' && theirs !== '' && String(p.win) !== theirs) {
          bad.push(`frame ${p.frame}: ${p.win} vs ${theirs}`);
        }
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });
});

describe.skipIf(!haveShared)(
  'flows equal the oracle conversations (endpoints, frames and bytes each way)',
  () => {
    const withOracle = files.filter(
      (f) => !f.startsWith('scenario__') && existsSync(new URL(f.replace(/\.tsv$/, '.json'), oracleDir)),
    );
    it.each(withOracle)('%s', (name) => {
      const oracle: OracleFile = JSON.parse(
        readFileSync(new URL(name.replace(/\.tsv$/, '.json'), oracleDir), 'utf8'),
      );
      const { table, set } = runTsv(name);
      expect(compareConversations(oracle, set, table)).toEqual([]);
    });
  },
);
