// Every corpus file read in 1 KiB chunks (records straddle chunk boundaries everywhere) must give
// the same table, column for column, and the same warnings as a read in 16 MiB chunks; and so must a
// read from a source that scribbles over each chunk as soon as the reader says it may reuse it.
import { describe, expect, it } from 'vitest';
import { NodeFileSource } from './node/file-source';
import { DEFAULT_CHUNK_SIZE, readCapture } from './read-capture';
import { corpusFiles, realDir } from './testing/corpus';
import { snapshot } from './testing/read';
import { type ByteSource, CaptureError } from './types';

/** Serves `inner`'s chunks from copies and overwrites each copy once the consumer allows reuse. */
function scribbling(inner: ByteSource): ByteSource {
  return {
    name: inner.name,
    size: inner.size,
    async *chunks(n: number, reusable?: () => boolean) {
      for await (const c of inner.chunks(n)) {
        const copy = c.slice();
        yield copy;
        if (reusable?.()) copy.fill(0xee);
      }
    },
  };
}

const files = await corpusFiles();
if (files.length === 0)
  console.warn('chunk-boundary: ../shared/captures/real is absent; the test is skipped');

async function outcome(file: string, chunkSize: number, scribble = false): Promise<unknown> {
  try {
    const source = await NodeFileSource.open(realDir + file);
    const r = await readCapture(scribble ? scribbling(source) : source, { chunkSize });
    return { ...r, table: snapshot(r.table) };
  } catch (e) {
    if (e instanceof CaptureError) return { error: e.kind, message: e.message };
    throw e;
  }
}

describe.skipIf(files.length === 0)('chunk boundaries', () => {
  it.each(files)('%s: 1 KiB chunks give the same table and warnings as 16 MiB chunks', async (file) => {
    const big = await outcome(file, DEFAULT_CHUNK_SIZE);
    const small = await outcome(file, 1024);
    expect(small).toEqual(big);
    expect(await outcome(file, 1000, true)).toEqual(big);
  });
});
