// Node-only byte source: reads a file through a file descriptor, one chunk at a time, into a fresh
// buffer per chunk (readers may keep views of a chunk until the next one arrives), or into the same
// buffer again when the consumer says it keeps none (`reusable`): allocating and zeroing a 4 MiB
// buffer per chunk, and collecting it, cost more than a tenth of the reader's time.
import { open, stat } from 'node:fs/promises';
import { type ByteSource, CaptureError } from '../types';

/** Smallest read buffer, so a file that grows while being read is still read in sensible steps. */
const MIN_READ = 64 * 1024;

export class NodeFileSource implements ByteSource {
  readonly name: string;

  private constructor(
    private readonly path: string,
    readonly size: number,
  ) {
    this.name = path.slice(path.lastIndexOf('/') + 1);
  }

  /** Checks that the file exists and takes its size; throws CaptureError('io') if it cannot. */
  static async open(path: string): Promise<NodeFileSource> {
    try {
      return new NodeFileSource(path, (await stat(path)).size);
    } catch (e) {
      throw new CaptureError('io', e instanceof Error ? e.message : String(e));
    }
  }

  /**
   * Nothing to release: each `chunks()` pass opens the file and closes it when it ends or is
   * abandoned, so no descriptor is held between reads. Kept so callers can close any source.
   */
  async close(): Promise<void> {
    // no descriptor is held between reads
  }

  async *chunks(chunkSize: number, reusable?: () => boolean): AsyncGenerator<Uint8Array> {
    const n = Math.max(1, Math.floor(chunkSize));
    const fh = await open(this.path, 'r');
    // The next chunk is read (by libuv's thread pool) while the consumer parses the current one.
    let spare: Uint8Array | null = null;
    let at = 0;
    const readAt = async (from: number): Promise<Uint8Array> => {
      const want = Math.min(n, Math.max(this.size - from, MIN_READ));
      const buf = spare !== null && spare.length >= want ? spare : new Uint8Array(want);
      spare = null;
      const { bytesRead } = await fh.read(buf, 0, want, from);
      return bytesRead < buf.length ? buf.subarray(0, bytesRead) : buf;
    };
    let next: Promise<Uint8Array> | null = readAt(0);
    try {
      for (;;) {
        const chunk: Uint8Array = await next;
        next = null;
        if (chunk.length === 0) return;
        at += chunk.length;
        next = readAt(at);
        // A read's failure surfaces when it is awaited; until then it must not go unhandled.
        next.catch(() => {});
        yield chunk;
        // The consumer is done with the chunk: unless it keeps views of it, read into it again.
        if (reusable?.() === true) spare = new Uint8Array(chunk.buffer);
      }
    } finally {
      await next?.catch(() => {});
      await fh.close();
    }
  }
}

export function fileSource(path: string): Promise<NodeFileSource> {
  return NodeFileSource.open(path);
}
