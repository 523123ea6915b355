import { describe, expect, test } from 'vitest';
import { bufferSource } from './buffer-source';
import { forEachRecord } from './decode/testing/read-records';
import { exportFrames } from './export-frames';
import { extractFrames } from './extract-frames';
import { readCapture } from './read-capture';
import { buildPcap, buildPcapng, gzip, payload, zstdStored } from './testing/build';
import { type ByteSource, CaptureError } from './types';

const N = 3000;
const pcap = buildPcap({
  nano: true,
  records: Array.from({ length: N }, (_, i) => ({
    sec: 1_600_000_000 + i,
    sub: i * 7,
    data: payload(60 + (i % 50), i),
  })),
});

/** The bytes of every frame (1-based) according to the test-only record walker. */
function walk(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  forEachRecord(bytes, (_f, _l, start, cap) => out.push(bytes.subarray(start, start + cap)));
  return out;
}

/** A source that counts the chunks it has handed out. */
function counting(bytes: Uint8Array): ByteSource & { chunks_: number } {
  const inner = bufferSource(bytes, 'counted.pcap');
  const s = {
    name: inner.name,
    size: inner.size,
    chunks_: 0,
    async *chunks(n: number) {
      for await (const c of inner.chunks(n)) {
        s.chunks_++;
        yield c;
      }
    },
  };
  return s;
}

describe('extractFrames', () => {
  const frames = walk(pcap);

  test.each([
    ['plain', async () => pcap],
    ['gzip', () => gzip(pcap)],
    ['zstd', async () => zstdStored(pcap, 4096)],
  ])('copies the wanted frames of a %s file, records straddling chunks', async (_name, make) => {
    const bytes = await make();
    const { table } = await readCapture(bufferSource(bytes));
    const rows = Uint32Array.of(0, 1, 977, 978, 2999);
    const got = await extractFrames(bufferSource(bytes), rows, table, { chunkSize: 333 });
    expect(got.map((f) => f.row)).toEqual([...rows]);
    expect(got.map((f) => f.bytes)).toEqual([...rows].map((r) => frames[r]));
    expect(got.map((f) => [f.sec, f.ns])).toEqual([...rows].map((r) => [1_600_000_000 + r, r * 7]));
  });

  test('returns rows sorted and once each', async () => {
    const { table } = await readCapture(bufferSource(pcap));
    const got = await extractFrames(bufferSource(pcap), Uint32Array.of(5, 2, 5), table);
    expect(got.map((f) => f.row)).toEqual([2, 5]);
  });

  test('stops reading once the last wanted frame is copied', async () => {
    const { table } = await readCapture(bufferSource(pcap));
    const all = counting(pcap);
    await extractFrames(all, Uint32Array.of(N - 1), table, { chunkSize: 4096 });
    const early = counting(pcap);
    await extractFrames(early, Uint32Array.of(10), table, { chunkSize: 4096 });
    expect(all.chunks_).toBe(Math.ceil(pcap.length / 4096));
    expect(early.chunks_).toBeLessThan(3);
  });

  test('refuses a source that is not the file the table was read from', async () => {
    const { table } = await readCapture(bufferSource(pcap));
    const other = buildPcap({ records: [{ sec: 1, sub: 0, data: payload(61) }] });
    await expect(extractFrames(bufferSource(other), Uint32Array.of(0), table)).rejects.toThrow(CaptureError);
    await expect(extractFrames(bufferSource(pcap), Uint32Array.of(N), table)).rejects.toThrow(RangeError);
  });
});

describe('exportFrames', () => {
  test('writes pcapng when the frames come from interfaces with different link types', async () => {
    const ether = Uint8Array.from([...new Array(12).fill(2), 0x08, 0x00, ...payload(20)]);
    const raw = payload(20, 9);
    const original = buildPcapng([
      { type: 'shb' },
      { type: 'idb', linkType: 1, snapLen: 0, name: 'eth0' },
      { type: 'idb', linkType: 101, snapLen: 0, tsresol: 9 },
      { type: 'epb', iface: 0, ts: 1_700_000_000_000_001n, data: ether },
      { type: 'epb', iface: 1, ts: 1_700_000_000_500_000_123n, data: raw },
      { type: 'epb', iface: 0, ts: 1_700_000_002_000_000n, data: ether },
    ]);
    const { table } = await readCapture(bufferSource(original));
    const out = await exportFrames(bufferSource(original), table, Uint32Array.of(1, 2));
    expect(out.format).toBe('pcapng');
    const back = await readCapture(bufferSource(out.bytes));
    expect(back.linkTypes).toEqual([101, 1]);
    expect(back.table.interfaces.map((i) => i.name)).toEqual([undefined, 'eth0']);
    expect([0, 1].map((i) => back.table.time(i))).toEqual([1, 2].map((r) => table.time(r)));
    expect(walk(out.bytes)).toEqual([raw, ether]);
    const single = await exportFrames(bufferSource(original), table, Uint32Array.of(0, 2));
    expect(single.format).toBe('pcap');
    expect(walk(single.bytes)).toEqual([ether, ether]);
  });
});
