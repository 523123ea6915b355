// The read-ahead File source gives the reader the same bytes, in the same chunks, as the plain
// Blob source, for any chunk size, or in bigger slices; the whole open of a real capture through it
// is the same as through the Blob source; and a reader that stops early leaves no read pending.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlobSource } from '../capture/blob-source';
import { openCapture } from './open-capture';
import { packDetails, packResult } from './pack-result';
import { ReadAheadSource } from './read-ahead-source';

async function collect(source: { chunks(n: number): AsyncIterable<Uint8Array> }, n: number) {
  const out: number[][] = [];
  for await (const c of source.chunks(n)) out.push(Array.from(c));
  return out;
}

describe('ReadAheadSource', () => {
  const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7 + 3) & 0xff);
  const file = new File([bytes], 'capture.pcap');

  it.each([1, 7, 64, 999, 1000, 4096])('yields the Blob source chunks with %i-byte chunks', async (n) => {
    const ahead = await collect(new ReadAheadSource(file, 4, 0), n);
    expect(ahead).toEqual(await collect(new BlobSource(file), n));
    expect(ahead.flat()).toEqual(Array.from(bytes));
  });

  it('reads slices of at least its minimum size, whatever the chunk asked for', async () => {
    const slices = await collect(new ReadAheadSource(file, 2, 300), 64);
    expect(slices.map((c) => c.length)).toEqual([300, 300, 300, 100]);
    expect(slices.flat()).toEqual(Array.from(bytes));
  });

  it('gives the reader what the Blob source gives it, in slices bigger than its chunks', async () => {
    const name = 'l-server-crash-any.pcap';
    const capture = new File(
      [readFileSync(path.resolve(import.meta.dirname, '../../e2e/fixtures', name))],
      name,
    );
    const plain = await openCapture(new BlobSource(capture), { chunkSize: 64 });
    const ahead = await openCapture(new ReadAheadSource(capture, 3, 1000), { chunkSize: 64 });
    expect(ahead.packets).toBe(67);
    const { elapsedMs: _a, ...a } = packResult(ahead).value;
    const { elapsedMs: _p, ...p } = packResult(plain).value;
    expect(a).toEqual(p);
    expect(packDetails(ahead).value).toEqual(packDetails(plain).value);
  });

  it('keeps the name and size, and reads an empty file as no chunk', async () => {
    const s = new ReadAheadSource(file);
    expect([s.name, s.size]).toEqual(['capture.pcap', 1000]);
    expect(await collect(new ReadAheadSource(new File([], 'empty.pcap')), 16)).toEqual([]);
  });

  it('stops cleanly when the reader stops early', async () => {
    const seen: number[] = [];
    for await (const c of new ReadAheadSource(file, 3, 0).chunks(100)) {
      seen.push(c.length);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual([100, 100]);
  });
});
