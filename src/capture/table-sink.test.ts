// How the table sink grows the packet table while a file of known size is read: every growth copies
// the rows so far, and trim() copies a column left more than 1/16 empty, so a read should reach the
// file's row count in few steps and end with columns trim() keeps as views.
import { describe, expect, it } from 'vitest';
import { FrameDecoder } from './decode/frame-decoder';
import { PacketTable } from './packet-table';
import { TableSink } from './table-sink';

const UNKNOWN_LINK = 65000;
const FRAME = new Uint8Array(64);

/** Feeds `sizes(i)`-byte pcap records (16-byte header + data) into a sink told the file's size;
 * returns the table's capacity after each growth and the table, trimmed. */
function read(records: number, sizes: (i: number) => number): { steps: number[]; table: PacketTable } {
  const lengths = Array.from({ length: records }, (_, i) => sizes(i));
  const fileBytes = 24 + lengths.reduce((n, l) => n + 16 + l, 0);
  const table = new PacketTable();
  const steps: number[] = [];
  const reserve = table.reserve.bind(table);
  table.reserve = (rows: number) => {
    reserve(rows);
    steps.push(table.tsSec.length);
  };
  const sink = new TableSink(table, new FrameDecoder(table), undefined, fileBytes);
  sink.addInterface(UNKNOWN_LINK, 0);
  sink.recordLayout(16, 1);
  let offset = 24;
  for (let i = 0; i < records; i++) {
    const len = lengths[i]!;
    sink.packet(0, 1_700_000_000 + i, 0, Math.min(len, 64), len, offset, FRAME, 0);
    offset += 16 + len;
  }
  table.trim();
  return { steps, table };
}

/** Whether trim() kept every column's buffer (a view with some slack) rather than copying it. */
function keptAsView(t: PacketTable): boolean {
  return t.tsSec.buffer.byteLength > t.length * 4 && t.seq.buffer.byteLength > t.length * 4;
}

describe('table sink growth', () => {
  it('reaches the rows of a file of even records in a few steps and trims without copying', () => {
    const { steps, table } = read(300_000, () => 60);
    expect(table.length).toBe(300_000);
    // Two geometric steps while the projection is judged, then one to the rows needed.
    expect(steps.length).toBeLessThanOrEqual(3);
    expect(keptAsView(table)).toBe(true);
    expect(table.tsSec.buffer.byteLength).toBeLessThanOrEqual(table.length * 4 * (17 / 16));
  });

  it('does not trust the short records a capture opens with, and grows at most 4× at once', () => {
    // Handshakes first (66-byte frames), then traffic whose frames grow longer as it goes on: the
    // early projections of the rows are several times too high.
    const { steps, table } = read(400_000, (i) => (i < 20_000 ? 66 : 200 + Math.floor(i / 400)));
    expect(table.length).toBe(400_000);
    expect(steps.length).toBeLessThanOrEqual(8);
    let before = 1024;
    for (const cap of steps) {
      expect(cap).toBeLessThanOrEqual(before * 4);
      before = cap;
    }
    expect(before).toBeLessThan(400_000 * 2);
    expect(table.time(399_999)).toBe(1_700_000_000 + 399_999);
  });
});
