// A dropped File read for the analysis in big slices, several in flight. In Chromium a worker's
// `blob.slice().arrayBuffer()` goes through the browser process and its file thread; with one 4 MiB
// slice read ahead (capture/blob-source.ts) the analysis worker of a 1 GB capture sat idle half of
// its first read waiting for the next one (bench:browser's worker profile, on a busy machine).
// Three 16 MiB slices in flight brought the 1 GB flow list from 3.6-4.3 s to 2.7-3.7 s in the same
// minutes (load average 7-9); memory stays bounded at 48 MiB of slices. The reader takes chunks of
// any size, so the slice may be bigger than the chunk it asks for.
import type { ByteSource } from '../capture/types';

/** Slices in flight. */
const DEPTH = 3;
/** Bytes per slice at least. */
const SLICE = 16 * 1024 * 1024;

export class ReadAheadSource implements ByteSource {
  readonly name: string;
  readonly size: number;

  /** `depth` slices in flight, each at least `minSlice` bytes (or the chunk size the reader asks for). */
  constructor(
    private readonly blob: Blob,
    private readonly depth = DEPTH,
    private readonly minSlice = SLICE,
  ) {
    this.name = 'name' in blob && typeof blob.name === 'string' ? blob.name : 'blob';
    this.size = blob.size;
  }

  async *chunks(chunkSize: number): AsyncGenerator<Uint8Array> {
    const n = Math.max(1, Math.floor(chunkSize), this.minSlice);
    const { blob } = this;
    const inFlight: Promise<ArrayBuffer>[] = [];
    let next = 0;
    const fill = () => {
      while (inFlight.length < Math.max(1, this.depth) && next < blob.size) {
        const read = blob.slice(next, Math.min(next + n, blob.size)).arrayBuffer();
        // Consumed in order below; a failure is seen there (this only stops an unhandled rejection).
        read.catch(() => {});
        inFlight.push(read);
        next += n;
      }
    };
    try {
      fill();
      for (let read = inFlight.shift(); read; read = inFlight.shift()) {
        const chunk = await read;
        fill();
        yield new Uint8Array(chunk);
      }
    } finally {
      // A reader that stops early (a fault, a cancel) leaves no read behind.
      await Promise.allSettled(inFlight);
    }
  }
}
