// flowTotals adds up the per-packet columns in one pass with per-flow running figures in 32-bit words,
// and keeps only the idle gaps that reach each flow's threshold. Checked here against a plain
// recomputation from the columns (each flow's rows filtered out, summed, and its consecutive silences
// measured with secondsBetween and selectIdleGaps) on every real capture and scenario, and on a
// hand-made table whose byte counts pass 2^32.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BufferByteSource } from '../capture/buffer-source';
import { PacketTable } from '../capture/packet-table';
import { readCapture } from '../capture/read-capture';
import { sharedCaptures, sharedDir } from '../capture/testing/corpus';
import { secondsBetween } from './connection-summary';
import { createFlowBuilder, type FlowBuilder } from './flow-builder';
import { flowTotals } from './flow-totals';
import { IDLE_GAP_FLOOR, selectIdleGaps } from './idle-gaps';
import type { FlowSet } from './model';

const shared = new URL('../../../shared/', import.meta.url);
const haveShared = existsSync(shared);
if (!haveShared) console.warn(`skipping the flow-totals corpus tests: ${shared.pathname} is absent`);

/** The corpus captures, as paths relative to ../shared. */
function captures(): string[] {
  return sharedCaptures().map((f) => f.slice(sharedDir.length));
}

async function flowsOf(path: string): Promise<{ table: PacketTable; set: FlowSet } | null> {
  const bytes = new Uint8Array(readFileSync(new URL(path, shared)));
  let builder: FlowBuilder | null = null;
  try {
    const { table } = await readCapture(new BufferByteSource(bytes, path), {
      onPacket: (t, row, buf, start) => {
        builder ??= createFlowBuilder(t);
        builder.onPacket(t, row, buf, start);
      },
    });
    return { table, set: (builder ?? createFlowBuilder(table)).finish() };
  } catch {
    return null; // a file the reader refuses (tested in src/capture)
  }
}

describe.skipIf(!haveShared)('flow totals on real captures', () => {
  for (const path of captures()) {
    it(`${path}: rows, totals and idle gaps equal a plain recount`, async () => {
      const got = await flowsOf(path);
      if (!got) return;
      const { table, set } = got;
      const { flow, dir } = set.columns;
      for (const f of set.flows) {
        const rows: number[] = [];
        const sums = [0, 0, 0, 0, 0, 0];
        for (let r = 0; r < table.length; r++) {
          if (flow[r] !== f.index) continue;
          rows.push(r);
          const d = dir[r] ?? 0;
          sums[d] = (sums[d] ?? 0) + 1;
          sums[2 + d] = (sums[2 + d] ?? 0) + (table.origLen[r] ?? 0);
          sums[4 + d] = (sums[4 + d] ?? 0) + (table.payloadLength[r] ?? 0);
        }
        const candidates: number[] = [];
        for (let k = 1; k < rows.length; k++) {
          const gap = secondsBetween(table, rows[k - 1] ?? 0, rows[k] ?? 0);
          if (gap >= IDLE_GAP_FLOOR) candidates.push(rows[k - 1] ?? 0, rows[k] ?? 0, gap);
        }
        expect(Array.from(f.rows)).toEqual(rows);
        expect([...f.packets, ...f.bytes, ...f.payloadBytes]).toEqual([
          sums[0],
          sums[1],
          sums[2],
          sums[3],
          sums[4],
          sums[5],
        ]);
        expect(f.idleGaps).toEqual(selectIdleGaps(candidates, f.rtt));
      }
    });
  }
});

describe('flow totals past 2^32 bytes', () => {
  it('carries frame and payload byte counts beyond 32 bits exactly', () => {
    // 65 600 segments of 65 535 payload bytes in 0xF0000000-byte frames: both counts pass 2^32 (the
    // frame count at the second row, the payload count near the end).
    const n = 65_600;
    const table = new PacketTable();
    table.reserve(n);
    table.length = n;
    table.origLen.fill(0xf000_0000, 0, n);
    table.payloadLength.fill(65_535, 0, n);
    const cols = { flow: new Int32Array(n), dir: new Uint8Array(n) };
    cols.dir.fill(1, n - 2, n);
    const { rows, sums } = flowTotals(table, { ...cols } as unknown as FlowSet['columns'], 1, n);
    expect(rows[0]?.length).toBe(n);
    expect(Array.from(sums)).toEqual([
      n - 2,
      2,
      (n - 2) * 0xf000_0000,
      2 * 0xf000_0000,
      (n - 2) * 65_535,
      2 * 65_535,
    ]);
  });
});

describe('flow totals with times before the first record', () => {
  it('measures silences between rows earlier than the table base (negative relative seconds)', () => {
    // Row 0 at the base, rows 1-2 five and four seconds before it (a clock stepped back): the silence
    // from row 1 to row 2 is a 1-second gap; from row 0 to row 1 time runs backwards (no gap).
    const table = new PacketTable();
    table.reserve(3);
    table.length = 3;
    table.tsSec.set([0, -5, -4]);
    const columns = { flow: new Int32Array(3), dir: new Uint8Array(3) };
    const { gaps } = flowTotals(table, columns as unknown as FlowSet['columns'], 1, 3);
    expect(gaps[0]).toEqual([1, 2, 1]);
  });
});
