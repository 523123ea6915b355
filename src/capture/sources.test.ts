import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { BlobSource } from './blob-source';
import { BufferByteSource } from './buffer-source';
import { NodeFileSource } from './node/file-source';
import { payload } from './testing/build';
import { type ByteSource, CaptureError } from './types';

const data = payload(100_000, 7);

async function collect(s: ByteSource, n: number): Promise<number[][]> {
  const out: number[][] = [];
  for await (const c of s.chunks(n)) out.push([c.length, c[0] ?? -1]);
  return out;
}

async function whole(s: ByteSource, n: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of s.chunks(n)) parts.push(c.slice());
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('byte sources', () => {
  it('BlobSource and BufferByteSource give the same chunks of the requested size', async () => {
    const blob = new BlobSource(new File([data], 'cap.pcap'));
    const buf = new BufferByteSource(data, 'cap.pcap');
    expect(blob.name).toBe('cap.pcap');
    expect(blob.size).toBe(100_000);
    expect(await collect(blob, 30_000)).toEqual(await collect(buf, 30_000));
    expect((await collect(blob, 30_000)).map((c) => c[0])).toEqual([30_000, 30_000, 30_000, 10_000]);
    expect(await whole(blob, 1000)).toEqual(data);
  });

  it('NodeFileSource reads a file in chunks through a file descriptor', async () => {
    const dir = await mkdtemp(`${tmpdir()}/wirelens-`);
    try {
      await writeFile(`${dir}/x.pcap`, data);
      const s = await NodeFileSource.open(`${dir}/x.pcap`);
      expect([s.name, s.size]).toEqual(['x.pcap', 100_000]);
      expect(await whole(s, 4096)).toEqual(data);
      expect(await whole(s, 1 << 24)).toEqual(data);
      expect((await collect(s, 1024)).length).toBe(98);
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('NodeFileSource reads into the same two buffers only while the consumer allows it', async () => {
    const dir = await mkdtemp(`${tmpdir()}/wirelens-`);
    try {
      await writeFile(`${dir}/x.pcap`, data);
      const s = await NodeFileSource.open(`${dir}/x.pcap`);
      for (const reuse of [false, true]) {
        const buffers = new Set<ArrayBufferLike>();
        const parts: Uint8Array[] = [];
        for await (const c of s.chunks(10_000, () => reuse)) {
          buffers.add(c.buffer);
          parts.push(c.slice());
        }
        // One buffer being read while the other is handed out.
        expect(buffers.size).toBe(reuse ? 2 : 10);
        expect(Buffer.concat(parts).equals(Buffer.from(data))).toBe(true);
      }
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('NodeFileSource.open fails with an io CaptureError for a missing file', async () => {
    const e = await NodeFileSource.open('/nonexistent/x.pcap').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CaptureError);
    expect((e as CaptureError).kind).toBe('io');
  });
});
