// A dropped File (or any Blob), read in the worker one slice at a time: only the current chunk and
// the next one (read while the current one is parsed) are in memory, whatever the file's size.
import type { ByteSource } from './types';

export class BlobSource implements ByteSource {
  readonly name: string;
  readonly size: number;

  constructor(
    private readonly blob: Blob,
    name?: string,
  ) {
    const fileName = 'name' in blob && typeof blob.name === 'string' ? blob.name : 'blob';
    this.name = name ?? fileName;
    this.size = blob.size;
  }

  async *chunks(chunkSize: number): AsyncGenerator<Uint8Array> {
    const n = Math.max(1, Math.floor(chunkSize));
    const { blob } = this;
    const slice = (at: number) => blob.slice(at, Math.min(at + n, blob.size)).arrayBuffer();
    let next: Promise<ArrayBuffer> | null = blob.size > 0 ? slice(0) : null;
    try {
      for (let at = 0; next !== null; at += n) {
        const chunk: ArrayBuffer = await next;
        // The browser reads the next slice while the consumer parses this one.
        next = at + n < blob.size ? slice(at + n) : null;
        next?.catch(() => {});
        yield new Uint8Array(chunk);
      }
    } finally {
      await next?.catch(() => {});
    }
  }
}
