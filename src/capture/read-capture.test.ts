import { describe, expect, it } from 'vitest';
import { BufferByteSource } from './buffer-source';
import { readCapture } from './read-capture';
import { buildPcap, buildPcapng, type PcapRecord, payload } from './testing/build';
import { readBytes, readError } from './testing/read';
import { type ByteSource, CaptureError, type Progress } from './types';

const records: PcapRecord[] = Array.from({ length: 50 }, (_, i) => ({
  sec: 10 + i,
  sub: 0,
  data: payload(100 + i, i),
}));
const pcap = buildPcap({ records });

describe('readCapture', () => {
  it('hands every frame to onPacket with its bytes, in order', async () => {
    const seen: string[] = [];
    const r = await readBytes(pcap, {
      chunkSize: 77,
      onPacket: (t, row, bytes, start) => {
        const frame = bytes.subarray(start, start + t.capLenOf(row));
        expect(Array.from(frame)).toEqual(Array.from(payload(100 + row, row)));
        seen.push(`${row}`);
      },
    });
    expect(seen).toEqual(Array.from({ length: r.packets }, (_, i) => `${i}`));
  });

  it('reports progress at most every progressIntervalMs, then once at the end', async () => {
    const reports: Progress[] = [];
    await readBytes(pcap, { chunkSize: 64, progressIntervalMs: 1e9, onProgress: (p) => reports.push(p) });
    expect(reports).toEqual([{ bytesRead: pcap.length, bytesTotal: pcap.length, packets: 50 }]);
    const all: Progress[] = [];
    await readBytes(pcap, { chunkSize: 64, progressIntervalMs: 0, onProgress: (p) => all.push(p) });
    expect(all.length).toBeGreaterThan(50);
    expect(all.at(-1)).toEqual({ bytesRead: pcap.length, bytesTotal: pcap.length, packets: 50 });
    for (let i = 1; i < all.length; i++)
      expect(all[i]!.bytesRead).toBeGreaterThanOrEqual(all[i - 1]!.bytesRead);
  });

  it('stops with a cancelled CaptureError when the signal aborts, and releases the source', async () => {
    const ac = new AbortController();
    let closed = false;
    const source: ByteSource = {
      name: 'slow',
      size: pcap.length,
      async *chunks(n: number) {
        try {
          for (let i = 0; i < pcap.length; i += n) {
            if (i > 500) ac.abort();
            yield pcap.subarray(i, i + n);
          }
        } finally {
          closed = true;
        }
      },
    };
    const e = await readCapture(source, { chunkSize: 100, signal: ac.signal }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CaptureError);
    expect((e as CaptureError).kind).toBe('cancelled');
    expect(closed).toBe(true);
    const already = await readError(pcap, { signal: AbortSignal.abort() });
    expect(already.kind).toBe('cancelled');
  });

  it('turns a failing source into an io CaptureError', async () => {
    const source: ByteSource = {
      name: 'broken',
      size: 1000,
      async *chunks() {
        yield pcap.subarray(0, 200);
        throw new Error('EIO: disk on fire');
      },
    };
    const e = await readCapture(source, { chunkSize: 100 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CaptureError);
    expect(e).toMatchObject({ kind: 'io', message: 'the file could not be read: EIO: disk on fire' });
  });

  it('never lets anything but a CaptureError escape, even from a failing hook', async () => {
    const e = await readCapture(new BufferByteSource(pcap), {
      onPacket: (_t, row) => {
        if (row === 3) throw new TypeError('bug in a hook');
      },
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CaptureError);
    expect((e as CaptureError).message).toMatch(/internal error .* after 4 frames .*bug in a hook/);
  });

  it('stops reading the source once the reader has stopped at a damaged record', async () => {
    let chunksRead = 0;
    const bad = buildPcap({
      records: [records[0]!, { sec: 1, sub: 0, data: payload(4), capLenField: 0x7fffffff }, ...records],
    });
    const source: ByteSource = {
      name: 'x',
      size: bad.length,
      async *chunks(n: number) {
        for (let i = 0; i < bad.length; i += n) {
          chunksRead++;
          yield bad.subarray(i, i + n);
        }
      },
    };
    // The sniffer takes the first 1024 bytes (2 chunks); the damage is in the first chunk.
    const r = await readCapture(source, { chunkSize: 512 });
    expect(r.packets).toBe(1);
    expect(bad.length / 512).toBeGreaterThan(10);
    expect(chunksRead).toBeLessThanOrEqual(3);
  });

  it('fills an empty pcapng (section header only) as an empty, untruncated capture', async () => {
    const r = await readBytes(buildPcapng([{ type: 'shb' }]));
    expect(r).toMatchObject({ format: 'pcapng', packets: 0, truncated: false, warnings: [], linkTypes: [] });
  });
});
