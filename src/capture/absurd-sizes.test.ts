// Files that claim absurd sizes (issue 7 §5): a 4 GB snaplen, records and blocks of 2^31 bytes or
// more, a huge section length, options running past their block, and compression bombs. None of
// these numbers may become an allocation: memory stays bounded by what the file really holds, and
// every damaged file ends with a warning (or a CaptureError) naming the frame and the offset.
import { once } from 'node:events';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createGzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readCapture } from './read-capture';
import { buildPcap, buildPcapng, concat, payload } from './testing/build';
import { type ByteSource, CaptureError, type CaptureResult, type ReadOptions } from './types';

const MiB = 1024 * 1024;

/** A forced GC, so the baseline is not inflated by earlier tests' garbage (best effort). */
const gc: () => void = (() => {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return () => {};
  }
})();

/** A forced GC, then two turns of the event loop: ArrayBuffer stores are freed by a sweeper after it. */
async function settle(): Promise<void> {
  for (let i = 0; i < 2; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Reads `bytes` and watches memory: ArrayBuffer (external) memory is sampled before every chunk,
 * at every packet and at every progress report. `growth` is the largest rise over the lowest value
 * seen before it, so it bounds the largest allocation the read made even if a GC frees garbage
 * during the read. `pulled` counts the bytes the reader took from the source.
 */
async function watchRead(
  bytes: Uint8Array,
  options: ReadOptions = {},
): Promise<{ result: CaptureResult | CaptureError; growth: number; pulled: number; ms: number }> {
  await settle();
  let low = getHeapStatistics().external_memory;
  let growth = 0;
  const sample = () => {
    const now = getHeapStatistics().external_memory;
    low = Math.min(low, now);
    growth = Math.max(growth, now - low);
  };
  let pulled = 0;
  const source: ByteSource = {
    name: 'absurd',
    size: bytes.length,
    async *chunks(n: number) {
      for (let at = 0; at < bytes.length; at += n) {
        sample();
        const c = bytes.subarray(at, at + n);
        pulled += c.length;
        yield c;
      }
    },
  };
  const started = performance.now();
  let result: CaptureResult | CaptureError;
  try {
    result = await readCapture(source, {
      ...options,
      onPacket: sample,
      onProgress: sample,
      progressIntervalMs: 0,
    });
  } catch (e) {
    if (!(e instanceof CaptureError)) throw e;
    result = e;
  }
  sample();
  return { result, growth, pulled, ms: performance.now() - started };
}

function read(r: CaptureResult | CaptureError): CaptureResult {
  if (r instanceof CaptureError) throw new Error(`expected a read, got CaptureError: ${r.message}`);
  return r;
}

/** The warning that stopped the read: it must name the frame that could not be read and its offset. */
function stopWarning(r: CaptureResult) {
  expect(r.truncated).toBe(true);
  const w = r.warnings.find((x) => x.frame === r.packets + 1);
  expect(w, JSON.stringify(r.warnings)).toBeDefined();
  return w!;
}

const frames = [payload(60, 1), payload(70, 2), payload(80, 3)];
const pcapRecords = frames.map((data, i) => ({ sec: 1_700_000_000 + i, sub: 0, data }));

/** Overwrites a little-endian u32 in a copy of `b`. */
function withU32(b: Uint8Array, at: number, v: number): Uint8Array {
  const out = b.slice();
  new DataView(out.buffer).setUint32(at, v >>> 0, true);
  return out;
}

describe('pcap files claiming absurd sizes', () => {
  it('reads a file whose header claims a 4 GB snaplen without allocating for it', async () => {
    const file = buildPcap({ snapLen: 0xffffffff, records: pcapRecords });
    // The last record is cut short: 1000 bytes claimed, 10 present.
    const cut = concat(
      file,
      Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0, 0xe8, 3, 0, 0, 0xe8, 3, 0, 0),
      payload(10),
    );
    const { result, growth } = await watchRead(cut, { chunkSize: 64 });
    const r = read(result);
    expect(r.packets).toBe(3);
    expect(r.table.interfaces[0]?.snapLen).toBe(0xffffffff);
    expect(stopWarning(r)).toMatchObject({ frame: 4, offset: file.length });
    expect(growth).toBeLessThan(MiB);
  });

  it('stops at a record claiming 0xFFFFFFF0 captured bytes, keeping the frames before it', async () => {
    const file = buildPcap({ records: pcapRecords });
    const third = 24 + (16 + 60) + (16 + 70);
    const { result, growth } = await watchRead(withU32(file, third + 8, 0xfffffff0), { chunkSize: 13 });
    const r = read(result);
    expect(r.packets).toBe(2);
    expect(stopWarning(r)).toMatchObject({ frame: 3, offset: third });
    expect(stopWarning(r).message).toMatch(/4294967280 captured bytes/);
    expect(growth).toBeLessThan(MiB);
  });
});

const shb = (): { type: 'shb' } => ({ type: 'shb' });
const idb = { type: 'idb' as const, linkType: 1, snapLen: 65535, tsresol: 6 };
const epbs = frames.map((data, i) => ({
  type: 'epb' as const,
  iface: 0,
  ts: 1_700_000_000_000_000n + BigInt(i),
  data,
}));
const pcapng = buildPcapng([shb(), idb, ...epbs]);
/** Offsets of the blocks in `pcapng`: SHB (28 bytes), IDB (32 with if_tsresol), then the EPBs. */
const IDB_AT = 28;
const EPB_AT = [60, 60 + 32 + 60, 60 + 32 + 60 + 32 + 72];

describe('pcapng files claiming absurd sizes', () => {
  it.each([
    ['2^31', 0x80000000],
    ['0xFFFFFFFC', 0xfffffffc],
    ['0x7FFFFFFC', 0x7ffffffc],
  ])('stops at an Enhanced Packet Block whose length is %s, keeping the frames before it', async (_, len) => {
    for (const trailerToo of [false, true]) {
      let file = withU32(pcapng, EPB_AT[1]! + 4, len);
      if (trailerToo) file = withU32(file, EPB_AT[2]! - 4, len);
      const { result, growth } = await watchRead(file, { chunkSize: 16 });
      const r = read(result);
      expect(r.packets).toBe(1);
      expect(stopWarning(r)).toMatchObject({ frame: 2, offset: EPB_AT[1] });
      expect(growth).toBeLessThan(MiB);
    }
  });

  it('stops at an Interface Description Block whose length is 2^31, before frame 1', async () => {
    const { result, growth } = await watchRead(withU32(pcapng, IDB_AT + 4, 0x80000000));
    const r = read(result);
    expect(r.packets).toBe(0);
    const w = stopWarning(r);
    expect(w).toMatchObject({ frame: 1, offset: IDB_AT });
    expect(w.message).toMatch(/Interface Description Block at offset 28 \(before frame 1\)/);
    expect(growth).toBeLessThan(MiB);
  });

  it('waits for a 128 MiB block only as far as the file goes: memory follows the file, not the claim', async () => {
    // 128 MiB is within pcapng's largest block (pcapng.c MAX_BLOCK_SIZE), so the reader must wait
    // for its bytes; a 250-byte file then ends "cut short" without having set 128 MiB aside.
    const len = 128 * MiB;
    const { result, growth } = await watchRead(withU32(pcapng, EPB_AT[1]! + 4, len), { chunkSize: 7 });
    const r = read(result);
    expect(r.packets).toBe(1);
    const w = stopWarning(r);
    expect(w).toMatchObject({ frame: 2, offset: EPB_AT[1] });
    expect(w.message).toMatch(/cut short/);
    expect(growth).toBeLessThan(MiB);
  });

  it('reads a section whose header claims a length of 2^63 - 1 as the blocks say (tshark ignores it too)', async () => {
    const file = pcapng.slice();
    new DataView(file.buffer).setBigUint64(16, 0x7fffffffffffffffn, true);
    const { result, growth } = await watchRead(file);
    const r = read(result);
    expect(r.packets).toBe(3);
    expect(r.truncated).toBe(false);
    expect(growth).toBeLessThan(MiB);
  });

  it('warns about an interface option running past its block, naming the block offset', async () => {
    // if_tsresol's length (at IDB + 16 + 2) claims 0xFFFF bytes in a 32-byte block.
    const file = pcapng.slice();
    new DataView(file.buffer).setUint16(IDB_AT + 18, 0xffff, true);
    const { result, growth } = await watchRead(file, { chunkSize: 5 });
    const r = read(result);
    expect(r.packets).toBe(3);
    const w = r.warnings.find((x) => /option/.test(x.message));
    expect(w).toMatchObject({ frame: 1, offset: IDB_AT });
    expect(growth).toBeLessThan(MiB);
  });

  it('stops at a Simple Packet Block claiming 0xFFFFFFF0 bytes on an interface without a snaplen', async () => {
    const file = buildPcapng([
      shb(),
      { type: 'idb', linkType: 1, snapLen: 0 },
      { type: 'spb', origLen: 60, data: payload(60) },
      { type: 'spb', origLen: 0xfffffff0, data: payload(60) },
    ]);
    const { result, growth } = await watchRead(file);
    const r = read(result);
    expect(r.packets).toBe(1);
    expect(stopWarning(r)).toMatchObject({ frame: 2, offset: 28 + 20 + 76 });
    expect(growth).toBeLessThan(MiB);
  });
});

/** gzip of `total` bytes made of `head`, then zeros, then `tail`, streamed: never held whole. */
async function gzipStream(head: Uint8Array, total: number, tail = new Uint8Array(0)): Promise<Uint8Array> {
  const gz = createGzip({ level: 6 });
  const out: Buffer[] = [];
  gz.on('data', (c: Buffer) => out.push(c));
  const ended = once(gz, 'end');
  const zeros = new Uint8Array(MiB);
  const write = async (b: Uint8Array) => {
    if (!gz.write(b)) await once(gz, 'drain');
  };
  await write(head);
  for (let left = total - head.length - tail.length; left > 0; left -= zeros.length)
    await write(zeros.subarray(0, Math.min(left, zeros.length)));
  await write(tail);
  gz.end();
  await ended;
  return new Uint8Array(Buffer.concat(out));
}

/** A pcap record of `n` zero bytes (an all-zero Ethernet frame) with its 16-byte header. */
function zeroRecord(n: number, sec: number): Uint8Array {
  const r = new Uint8Array(16 + n);
  const v = new DataView(r.buffer);
  v.setUint32(0, sec, true);
  v.setUint32(8, n, true);
  v.setUint32(12, n, true);
  return r;
}

/**
 * A zstd frame whose blocks are RLE (RFC 8878 §3.1.1.2.2): 4 bytes each expand to `blockSize`
 * copies of one byte. 200 MB of zeros fit in 6 KB.
 */
function zstdZeros(head: Uint8Array, total: number): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x50)]; // Window_Descriptor: 2^20 bytes
  const raw = (n: number, last: number) => (n << 3) | last;
  const h = raw(head.length, 0);
  parts.push(Uint8Array.of(h & 0xff, (h >> 8) & 0xff, h >> 16), head);
  const block = 128 * 1024;
  for (let left = total - head.length; left > 0; left -= block) {
    const n = Math.min(block, left);
    const b = (n << 3) | (1 << 1) | (left <= block ? 1 : 0); // Block_Type 1 = RLE_Block
    parts.push(Uint8Array.of(b & 0xff, (b >> 8) & 0xff, b >> 16, 0));
  }
  return concat(...parts);
}

describe('compression bombs', () => {
  const BOMB = 200 * MiB;

  it('refuses 200 MB of gzipped zeros after inflating only their start', async () => {
    const gz = await gzipStream(new Uint8Array(0), BOMB);
    expect(gz.length).toBeLessThan(BOMB / 500);
    const { result, growth, pulled, ms } = await watchRead(gz, { chunkSize: 4096 });
    expect(result).toBeInstanceOf(CaptureError);
    expect((result as CaptureError).offset).toBe(0);
    expect(pulled).toBeLessThan(gz.length / 4);
    expect(growth).toBeLessThan(8 * MiB);
    expect(ms).toBeLessThan(5000);
  });

  it('stops at the first block of a pcapng section followed by 200 MB of gzipped zeros', async () => {
    const gz = await gzipStream(buildPcapng([shb()]), BOMB);
    const { result, growth, pulled } = await watchRead(gz, { chunkSize: 4096 });
    const r = read(result);
    expect(r.compressed).toBe('gzip');
    expect(r.packets).toBe(0);
    expect(stopWarning(r)).toMatchObject({ frame: 1, offset: 28 });
    expect(pulled).toBeLessThan(gz.length / 4);
    expect(growth).toBeLessThan(8 * MiB);
  });

  it('streams 200 MB of gzipped zero-filled packets in bounded memory, then reports the cut last one', async () => {
    const header = buildPcap({ records: [] });
    const rec = zeroRecord(65535, 1_700_000_000);
    const count = Math.floor(BOMB / rec.length);
    // 3 200 records of 65 535 zeros, then a record header claiming 65 535 bytes with 100 present.
    const gz = await gzipStreamOf(header, rec, count, concat(rec.subarray(0, 16), new Uint8Array(100)));
    expect(gz.length).toBeLessThan(BOMB / 500);
    const { result, growth, ms } = await watchRead(gz);
    const r = read(result);
    expect(r.packets).toBe(count);
    expect(stopWarning(r)).toMatchObject({ frame: count + 1, offset: 24 + count * rec.length });
    // Decompressed chunks are handed on and dropped: the rise (~40 MiB, most of it chunks already
    // dropped but not yet collected) stays far below the 200 MB the file holds.
    expect(growth).toBeLessThan(80 * MiB);
    expect(ms).toBeLessThan(20_000);
  });

  it('stops a zstd bomb (6 KB of RLE blocks, 200 MB of zeros) at the first block after the section header', async () => {
    const z = zstdZeros(buildPcapng([shb()]), BOMB);
    expect(z.length).toBeLessThan(8 * 1024);
    const { result, growth, ms } = await watchRead(z, { chunkSize: 4096 });
    const r = read(result);
    expect(r.compressed).toBe('zstd');
    expect(stopWarning(r)).toMatchObject({ frame: 1, offset: 28 });
    expect(growth).toBeLessThan(16 * MiB);
    expect(ms).toBeLessThan(5000);
  });
});

/** gzip of `head`, `record` × `count`, `tail`, streamed. */
async function gzipStreamOf(head: Uint8Array, record: Uint8Array, count: number, tail: Uint8Array) {
  const gz = createGzip({ level: 6 });
  const out: Buffer[] = [];
  gz.on('data', (c: Buffer) => out.push(c));
  const ended = once(gz, 'end');
  const write = async (b: Uint8Array) => {
    if (!gz.write(b)) await once(gz, 'drain');
  };
  await write(head);
  for (let i = 0; i < count; i++) await write(record);
  await write(tail);
  gz.end();
  await ended;
  return new Uint8Array(Buffer.concat(out));
}
