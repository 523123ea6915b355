// The sparse record fields (captured length, interface, file offset) give back exactly what the
// format readers reported for every record: by hand on small cases, and on every capture of the
// shared corpus (../shared/captures/real and the scenarios) against a sink that keeps each value.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeFileSource } from './node/file-source';
import { PacketTable } from './packet-table';
import { readCapture, readRecords } from './read-capture';
import { ANCHOR_EVERY } from './record-index';
import type { RecordSink } from './record-sink';
import { sharedCaptures } from './testing/corpus';
import { CaptureError } from './types';

/** Fills a table with rows given as [origLen, capLen, iface, offset]. */
function table(snaps: number[], stride: number, align: number, rows: number[][]): PacketTable {
  const t = new PacketTable();
  for (const snapLen of snaps) t.interfaces.push({ linkType: 1, snapLen });
  t.records.setLayout(stride, align);
  for (const [orig = 0, cap = 0, iface = 0, offset = 0] of rows) {
    const r = t.add();
    t.origLen[r] = orig;
    t.setRecord(r, cap, iface, offset);
  }
  return t;
}

describe('record index', () => {
  it('keeps nothing for records that follow each other as the format says', () => {
    // pcap: 16-byte record headers, no padding; snap length 100 cuts the long packets.
    const rows: number[][] = [];
    let at = 24;
    for (let i = 0; i < 100; i++) {
      const orig = 60 + ((i * 37) % 1400);
      const cap = Math.min(orig, 100);
      rows.push([orig, cap, 0, at]);
      at += 16 + cap;
    }
    const t = table([100], 16, 1, rows);
    expect([t.records.capCount, t.records.runCount, t.records.offCount]).toEqual([0, 1, 1]);
    expect(Array.from(t.fileOffsets())).toEqual(rows.map((r) => r[3]));
    expect(rows.map((_, i) => t.capLenOf(i))).toEqual(rows.map((r) => r[1]));
  });

  it('pads pcapng blocks to 32 bits and learns a stride that stays the same', () => {
    // Enhanced Packet Blocks that all carry 12 bytes of options: one entry at the first row (32),
    // one at the second (32 + 12), then none.
    const rows: number[][] = [];
    let at = 100;
    for (let i = 0; i < 50; i++) {
      const cap = 61 + i;
      rows.push([cap, cap, 0, at]);
      at += 32 + 12 + Math.ceil(cap / 4) * 4;
    }
    const t = table([0], 32, 4, rows);
    expect(t.records.offCount).toBe(2);
    expect(Array.from(t.fileOffsets())).toEqual(rows.map((r) => r[3]));
  });

  it('keeps the exceptions: other lengths, interface changes, blocks in between', () => {
    const t = table([0, 64], 16, 1, [
      [100, 100, 0, 24],
      [100, 80, 0, 140], // cut for no reason the snap length gives
      [100, 64, 1, 236], // interface 1 (snap 64)
      [50, 50, 1, 316],
      [70, 70, 0, 500], // something between the records
      [70, 70, 0, 586],
    ]);
    expect([0, 1, 2, 3, 4, 5].map((r) => [t.capLenOf(r), t.ifaceOf(r)])).toEqual([
      [100, 0],
      [80, 0],
      [64, 1],
      [50, 1],
      [70, 0],
      [70, 0],
    ]);
    expect(Array.from(t.fileOffsets())).toEqual([24, 140, 236, 316, 500, 586]);
    expect(t.fileOffsetOf(3)).toBe(316);
    expect(Array.from(t.fileOffsetsOf([5, 5]))).toEqual([586, 586]);
    expect(t.records.capCount).toBe(1);
  });

  it('anchors an offset every ANCHOR_EVERY rows, so a row is found by a short walk', () => {
    const n = ANCHOR_EVERY * 4 + 3;
    const rows = Array.from({ length: n }, (_, i) => [60, 60, 0, 24 + i * 76]);
    const t = table([262144], 16, 1, rows);
    expect(t.records.offCount).toBe(5);
    for (const r of [0, 1, ANCHOR_EVERY - 1, ANCHOR_EVERY, n - 1])
      expect(t.fileOffsetOf(r)).toBe(24 + r * 76);
  });
});

/** Every record as the format reader reports it. */
class Recorder implements RecordSink {
  frames = 0;
  readonly caps: number[] = [];
  readonly ifaces: number[] = [];
  readonly offsets: number[] = [];
  private interfaces = 0;
  addInterface(): number {
    return this.interfaces++;
  }
  recordLayout(): void {}
  packet(iface: number, _s: number, _n: number, capLen: number, _o: number, offset: number): void {
    this.frames++;
    this.caps.push(capLen);
    this.ifaces.push(iface);
    this.offsets.push(offset);
  }
  nonPacket(length: number, offset: number): void {
    this.frames++;
    this.caps.push(length);
    this.ifaces.push(0);
    this.offsets.push(offset);
  }
  warn(): void {}
}

const shared = path.resolve(__dirname, '../../../shared');
const present = existsSync(path.join(shared, 'captures/real'));
if (!present) console.warn(`record-index: ${shared} is absent, so the corpus comparison is skipped`);

const corpus = sharedCaptures;

describe.skipIf(!present)('record index on the corpus', () => {
  it.each(corpus().map((f) => [path.basename(f), f]))('%s', async (_name, file) => {
    let table: PacketTable;
    try {
      table = (await readCapture(await NodeFileSource.open(file))).table;
    } catch (e) {
      if (e instanceof CaptureError) return; // no table to check (tshark refuses these too)
      throw e;
    }
    const want = new Recorder();
    await readRecords(await NodeFileSource.open(file), want);
    const n = table.length;
    expect(n).toBe(want.frames);
    const rows = Array.from({ length: n }, (_, i) => i);
    expect(Array.from(table.fileOffsets())).toEqual(want.offsets);
    expect(rows.map((i) => table.capLenOf(i))).toEqual(want.caps);
    expect(rows.map((i) => table.ifaceOf(i))).toEqual(want.ifaces);
    // A row found on its own (walking from its anchor) agrees with the one-pass walk.
    for (let i = 0; i < n; i += 97) expect(table.fileOffsetOf(i)).toBe(want.offsets[i]);
  });
});
