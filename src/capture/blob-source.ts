// A dropped File (or any Blob), read in the worker one slice at a time: only the current chunk is
// in memory, whatever the file's size.
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
    for (let at = 0; at < blob.size; at += n) {
      yield new Uint8Array(await blob.slice(at, Math.min(at + n, blob.size)).arrayBuffer());
    }
  }
}
