// The zstd frame walker (zstd-frames.ts) and what it protects: a frame header declaring a huge
// window must not become a huge allocation, and a run of RLE blocks must be decoded a few blocks
// at a time. The frames are built by hand (RFC 8878 §3.1) so each test states what the file says.
import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { buildPcap, concat, payload, zstdStored } from './testing/build';
import { readBytes, readError } from './testing/read';
import { BLOCKS_PER_PIECE, MAX_ZSTD_WINDOW, ZstdFrameWalker } from './zstd-frames';

const pcap = buildPcap({
  records: Array.from({ length: 20 }, (_, i) => ({ sec: 1000 + i, sub: 0, data: payload(120, i) })),
});

/** A frame header with `descriptor` and the fields after it, then one empty last raw block. */
function frame(descriptor: number, fields: number[]): Uint8Array {
  return Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, descriptor, ...fields, 0x01, 0x00, 0x00);
}

/** Window_Descriptor for 2^exponent bytes (§3.1.1.1.2). */
const windowOf = (exponent: number, mantissa = 0) => ((exponent - 10) << 3) | mantissa;

describe('zstd frames declaring huge windows', () => {
  it('refuses a 16-byte file whose frame asks for a 1.9 GiB window, without allocating it', async () => {
    const before = getHeapStatistics().external_memory;
    const e = await readError(frame(0x00, [windowOf(30, 7)]));
    expect(getHeapStatistics().external_memory - before).toBeLessThan(64 * 1024 * 1024);
    expect(e.message).toMatch(/zstd frame at compressed offset 0 needs a 1\.9 GiB window/);
    expect(e.offset).toBe(0);
  });

  it('refuses a single-segment frame whose content size (its window) is 2 GiB - 1', async () => {
    // Frame_Header_Descriptor 0xa0: Single_Segment, 4-byte Frame_Content_Size.
    const e = await readError(frame(0xa0, [0xff, 0xff, 0xff, 0x7f]));
    expect(e.message).toMatch(/needs a 2\.0 GiB window/);
  });

  it('keeps the packets of the frames before one with a huge window, and warns with frame and offset', async () => {
    const good = zstdStored(pcap, 1000);
    const r = await readBytes(concat(good, frame(0x00, [windowOf(31)])), { chunkSize: 100 });
    expect(r.packets).toBe(20);
    expect(r.truncated).toBe(true);
    const w = r.warnings.find((x) => /window/.test(x.message));
    expect(w?.message).toMatch(new RegExp(`compressed offset ${good.length} needs a 2\\.0 GiB window`));
    expect(w).toMatchObject({ frame: 21, offset: pcap.length });
  });

  it('accepts windows up to libzstd default limit of 2^27 bytes', () => {
    const w = new ZstdFrameWalker();
    w.split(frame(0x00, [windowOf(27)]));
    expect(w.fault).toBeNull();
    w.split(frame(0x00, [windowOf(27, 1)]));
    expect(w.fault).toMatch(/needs a 144 MiB window/);
    expect(MAX_ZSTD_WINDOW).toBe(2 ** 27);
  });
});

/** A frame of `blocks` RLE blocks of 128 KiB (4 bytes each), the last one marked last. */
function rleFrame(blocks: number): Uint8Array {
  const parts = [Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x00, windowOf(20))];
  for (let i = 0; i < blocks; i++) {
    const h = ((128 * 1024) << 3) | (1 << 1) | (i === blocks - 1 ? 1 : 0);
    parts.push(Uint8Array.of(h & 0xff, (h >> 8) & 0xff, h >> 16, 0));
  }
  return concat(...parts);
}

describe('ZstdFrameWalker', () => {
  it(`cuts a run of RLE blocks after every ${BLOCKS_PER_PIECE} blocks, across chunk boundaries`, () => {
    const z = rleFrame(100);
    for (const chunk of [z.length, 7, 1]) {
      const w = new ZstdFrameWalker();
      const pieces: Uint8Array[] = [];
      for (let at = 0; at < z.length; at += chunk) pieces.push(...w.split(z.subarray(at, at + chunk)));
      expect(concat(...pieces)).toEqual(z);
      // Each piece holds at most BLOCKS_PER_PIECE block headers' worth of bytes.
      for (const p of pieces) expect(p.length).toBeLessThanOrEqual(6 + BLOCKS_PER_PIECE * 4);
      if (chunk === z.length) expect(pieces.length).toBe(Math.ceil(100 / BLOCKS_PER_PIECE));
    }
  });

  it('walks skippable frames, content checksums and several frames, and cuts nothing else', () => {
    const skippable = Uint8Array.of(0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 9, 9, 9);
    // Frame_Header_Descriptor 0x04: Content_Checksum_Flag; then a 4-byte checksum after the last block.
    const checked = concat(
      Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x04, windowOf(20), 0x01, 0, 0),
      Uint8Array.of(1, 2, 3, 4),
    );
    const w = new ZstdFrameWalker();
    const pieces = w.split(concat(skippable, checked, zstdStored(pcap, 500), rleFrame(3)));
    expect(pieces).toHaveLength(1);
    expect(w.fault).toBeNull();
    expect(w.split(rleFrame(BLOCKS_PER_PIECE + 1))).toHaveLength(2);
  });

  it('hands on what is not zstd in small pieces, for fzstd to reject', () => {
    const w = new ZstdFrameWalker();
    const junk = payload(1000);
    const pieces = w.split(junk);
    expect(concat(...pieces)).toEqual(junk);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(128);
  });
});
