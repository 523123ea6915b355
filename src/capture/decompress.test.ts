import { describe, expect, it } from 'vitest';
import { decompress } from './decompress';
import { buildPcap, concat, gzip, type PcapRecord, payload, zstdStored } from './testing/build';
import { readBytes, readError, snapshot } from './testing/read';

const records: PcapRecord[] = Array.from({ length: 300 }, (_, i) => ({
  sec: 1000 + i,
  sub: i,
  data: payload(200 + (i % 50), i),
}));
const pcap = buildPcap({ records });

async function* chunksOf(b: Uint8Array, n: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < b.length; i += n) yield b.subarray(i, i + n);
}

async function inflate(
  kind: 'gzip' | 'zstd',
  b: Uint8Array,
  n = 1000,
): Promise<{ out: Uint8Array; errors: string[] }> {
  const errors: string[] = [];
  const parts: Uint8Array[] = [];
  for await (const c of decompress(kind, chunksOf(b, n), (m) => errors.push(m))) parts.push(c);
  return { out: concat(...parts), errors };
}

describe('decompression', () => {
  it('reads a gzip-compressed capture as the same table as the plain file', async () => {
    const plain = await readBytes(pcap);
    for (const chunkSize of [7, 4096, 1 << 24]) {
      const r = await readBytes(await gzip(pcap), { chunkSize });
      expect(r.compressed).toBe('gzip');
      expect(r.format).toBe('pcap');
      expect(snapshot(r.table)).toEqual(snapshot(plain.table));
      expect(r.warnings).toEqual([]);
      expect(r.bytesRead).toBe(pcap.length);
    }
  });

  it('reads a zstd-compressed capture as the same table as the plain file', async () => {
    const plain = await readBytes(pcap);
    const r = await readBytes(zstdStored(pcap, 5000), { chunkSize: 333 });
    expect(r.compressed).toBe('zstd');
    expect(snapshot(r.table)).toEqual(snapshot(plain.table));
  });

  it('decompresses every member of a multi-member gzip file', async () => {
    const half = pcap.length >> 1;
    const { out, errors } = await inflate(
      'gzip',
      concat(await gzip(pcap.subarray(0, half)), await gzip(pcap.subarray(half))),
    );
    expect(errors).toEqual([]);
    expect(out).toEqual(pcap);
  });

  it('decompresses every frame of a multi-frame zstd file', async () => {
    const half = pcap.length >> 1;
    const { out, errors } = await inflate(
      'zstd',
      concat(zstdStored(pcap.subarray(0, half)), zstdStored(pcap.subarray(half))),
    );
    expect(errors).toEqual([]);
    expect(out).toEqual(pcap);
  });

  it('keeps what was decoded before a gzip stream is cut, then reports it', async () => {
    const gz = await gzip(pcap);
    const { out, errors } = await inflate('gzip', gz.subarray(0, gz.length - 12));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/gzip data ends early or is damaged/);
    expect(out.length).toBeGreaterThan(pcap.length - 2000);
    expect(out).toEqual(pcap.subarray(0, out.length));
  });

  it('keeps the complete packets of a cut-short .gz capture, with warnings naming frame and offset', async () => {
    const gz = await gzip(pcap);
    const r = await readBytes(gz.subarray(0, gz.length - 100));
    const plain = await readBytes(pcap);
    expect(r.truncated).toBe(true);
    expect(r.packets).toBeGreaterThan(250);
    expect(snapshot(r.table).capLen).toEqual((snapshot(plain.table).capLen as number[]).slice(0, r.packets));
    expect(r.warnings[0]?.message).toMatch(/gzip data ends early/);
    expect(r.warnings.at(-1)).toMatchObject({
      frame: r.packets + 1,
      offset: plain.table.fileOffsetOf(r.packets),
    });
  });

  it('keeps what was decoded before a zstd stream is cut, then reports it', async () => {
    const z = zstdStored(pcap, 4000);
    const { out, errors } = await inflate('zstd', z.subarray(0, z.length - 100));
    expect(errors).toEqual([expect.stringMatching(/zstd data/)]);
    expect(out).toEqual(pcap.subarray(0, out.length));
    expect(out.length).toBeGreaterThanOrEqual(pcap.length - 4000);
  });

  it('says what is inside a compressed file that is not a capture', async () => {
    const e = await readError(await gzip(new TextEncoder().encode('hello, this is just some text\n')));
    expect(e.kind).toBe('not-a-capture');
    expect(e.message).toBe('inside its gzip compression, this is plain text, not a packet capture');
  });

  it('reports damaged gzip data that yields nothing as a corrupt file', async () => {
    const gz = await gzip(pcap);
    gz.fill(0xff, 10, 40);
    const e = await readError(gz);
    expect(e.kind).toBe('corrupt');
    expect(e.message).toMatch(/gzip-compressed data, but it is damaged/);
  });
});
