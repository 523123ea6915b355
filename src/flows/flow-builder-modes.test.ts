// The connection-table mode of the flow builder (`analysis: false`: what the flow list needs, and what
// the benchmark's "reader + flows" phase measures) must give the very same connections as the full
// builder on every real capture and scenario: same streams, roles, rows, totals, opening and closing,
// only without TCP states, analysis flags and HTTP. Both builders are fed in one pass of the reader.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BufferByteSource } from '../capture/buffer-source';
import { readCapture } from '../capture/read-capture';
import { sharedCaptures, sharedDir } from '../capture/testing/corpus';
import { createFlowBuilder, type FlowBuilder } from './flow-builder';
import type { Flow, FlowSet } from './model';

const shared = new URL('../../../shared/', import.meta.url);
const haveShared = existsSync(shared);
if (!haveShared) console.warn(`skipping the flow-builder mode tests: ${shared.pathname} is absent`);

/** The corpus captures, as paths relative to ../shared. */
function captures(): string[] {
  return sharedCaptures().map((f) => f.slice(sharedDir.length));
}

async function bothModes(path: string): Promise<{ full: FlowSet; list: FlowSet } | null> {
  const bytes = new Uint8Array(readFileSync(new URL(path, shared)));
  let full: FlowBuilder | null = null;
  let list: FlowBuilder | null = null;
  const result = await readCapture(new BufferByteSource(bytes, path), {
    onPacket: (table, row, buf, start) => {
      full ??= createFlowBuilder(table);
      list ??= createFlowBuilder(table, { analysis: false });
      full.onPacket(table, row, buf, start);
      list.onPacket(table, row, buf, start);
    },
  }).catch(() => null);
  if (!result) return null;
  return {
    full: (full ?? createFlowBuilder(result.table)).finish(),
    list: (list ?? createFlowBuilder(result.table, { analysis: false })).finish(),
  };
}

/** What the flow list shows of a connection. */
function listed(f: Flow) {
  return {
    index: f.index,
    transport: f.transport,
    stream: f.stream,
    client: [f.clientAddr, f.clientPort],
    server: [f.serverAddr, f.serverPort],
    roleInferred: f.roleInferred,
    firstRow: f.firstRow,
    lastRow: f.lastRow,
    rows: Array.from(f.rows),
    packets: f.packets,
    bytes: f.bytes,
    payloadBytes: f.payloadBytes,
    start: f.start,
    end: f.end,
    baseSeq: f.baseSeq,
    open: f.open,
    close: f.close,
    firstCloser: f.firstCloser,
    rtt: f.rtt,
    windowScale: f.windowScale,
    idleGaps: f.idleGaps,
  };
}

describe.skipIf(!haveShared)('flow builder without analysis (the connection table)', () => {
  const files = captures();
  let httpSeen = 0;

  it.each(files)('%s: same connections as the full builder', async (path) => {
    const r = await bothModes(path);
    if (!r) return;
    const { full, list } = r;
    expect(list.flows.map(listed)).toEqual(full.flows.map(listed));
    expect(Array.from(list.columns.flow)).toEqual(Array.from(full.columns.flow));
    expect(Array.from(list.columns.dir)).toEqual(Array.from(full.columns.dir));
    // The mode really leaves the analysis out: no HTTP messages and no analysis flags.
    for (const f of list.flows) expect(f.http).toHaveLength(0);
    expect(list.columns.analysis.every((a) => a === 0)).toBe(true);
    httpSeen += full.flows.reduce((n, f) => n + f.http.length, 0);
  });

  it('the corpus has HTTP for the full builder to find (the comparison above is not vacuous)', () => {
    expect(httpSeen).toBeGreaterThan(0);
  });
});
