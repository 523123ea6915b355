// A capture already in memory (tests, fetched bytes). Chunks are views of the buffer, never copies.
import type { ByteSource } from './types';

export class BufferByteSource implements ByteSource {
  readonly size: number;

  constructor(
    private readonly bytes: Uint8Array,
    readonly name = 'buffer',
  ) {
    this.size = bytes.length;
  }

  async *chunks(chunkSize: number): AsyncGenerator<Uint8Array> {
    const n = Math.max(1, Math.floor(chunkSize));
    for (let at = 0; at < this.bytes.length; at += n) yield this.bytes.subarray(at, at + n);
  }
}

export function bufferSource(bytes: Uint8Array, name?: string): ByteSource {
  return new BufferByteSource(bytes, name);
}
