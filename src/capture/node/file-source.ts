// Node-only byte source: reads a file through a file descriptor, one chunk at a time, into a
// fresh buffer per chunk (readers may keep views of a chunk until the next one arrives).
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

  async *chunks(chunkSize: number): AsyncGenerator<Uint8Array> {
    const n = Math.max(1, Math.floor(chunkSize));
    const fh = await open(this.path, 'r');
    try {
      let at = 0;
      for (;;) {
        const buf = new Uint8Array(Math.min(n, Math.max(this.size - at, MIN_READ)));
        const { bytesRead } = await fh.read(buf, 0, buf.length, at);
        if (bytesRead === 0) return;
        at += bytesRead;
        yield bytesRead < buf.length ? buf.subarray(0, bytesRead) : buf;
      }
    } finally {
      await fh.close();
    }
  }
}

export function fileSource(path: string): Promise<NodeFileSource> {
  return NodeFileSource.open(path);
}
