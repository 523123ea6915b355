// Feeds a push-style record parser from a stream of chunks of any size. The parser reads
// `buf[pos..]` and, when the next record is not complete, calls `wait(n)` and returns. Records that
// straddle chunk boundaries are joined into a small buffer holding just that record; the bulk of
// each chunk is parsed in place and never copied. Bytes of a partial record are held until enough
// arrive, so memory is bounded by the largest record the parser asks for, not by any length field.
// Once push() returns, the queue keeps no view of the chunk it was given (what it holds on to is
// copied), so the source may read the next chunk into the same memory.

const EMPTY = new Uint8Array(0);

export class ByteQueue {
  /** The bytes the parser reads, from `pos` on. */
  buf: Uint8Array = EMPTY;
  view: DataView = new DataView(EMPTY.buffer);
  pos = 0;
  /** Offset in the stream of `buf[0]`. */
  base = 0;
  /** Bytes pushed so far (the stream offset where the data ends). */
  end = 0;
  private need = 0;
  /** Whether `buf` is the queue's own copy rather than (a view of) the caller's chunk. */
  private owned = false;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  /** Stream offset of `buf[pos]`. */
  get offset(): number {
    return this.base + this.pos;
  }

  /** Bytes received but not consumed by the parser. */
  get remaining(): number {
    return this.buf.length - this.pos + this.pendingBytes;
  }

  /** Called by the parser: it needs `n` bytes from `pos` before it can go on. */
  wait(n: number): void {
    this.need = n;
  }

  /** Adds a chunk and runs `parse` whenever enough bytes are available; `stopped` ends early. */
  push(chunk: Uint8Array, parse: () => void, stopped: () => boolean): void {
    const chunkStart = this.end;
    this.end += chunk.length;
    let at = 0;
    while (at < chunk.length && !stopped()) {
      const have = this.remaining;
      if (have === 0) {
        this.setBuf(chunk, chunkStart, at);
        at = chunk.length;
      } else {
        // At least one byte is taken per turn, so the loop ends even if `need` is stale.
        const want = Math.max(1, this.need - have);
        if (want > chunk.length - at) {
          this.pending.push(chunk.slice(at));
          this.pendingBytes += chunk.length - at;
          break;
        }
        this.join(chunk.subarray(at, at + want));
        at += want;
      }
      parse();
    }
    this.keepTail();
  }

  /** Gathers every byte received but not consumed into `buf` (for the end of the stream). */
  flush(): void {
    if (this.pendingBytes > 0) this.join(EMPTY);
  }

  /** Replaces `buf` by the unconsumed tail + pending parts + `extra`, in one new buffer. */
  private join(extra: Uint8Array): void {
    const tail = this.buf.subarray(this.pos);
    const out = new Uint8Array(tail.length + this.pendingBytes + extra.length);
    out.set(tail, 0);
    let o = tail.length;
    for (const p of this.pending) {
      out.set(p, o);
      o += p.length;
    }
    out.set(extra, o);
    this.base += this.pos;
    this.pending = [];
    this.pendingBytes = 0;
    this.setBuf(out, this.base, 0);
    this.owned = true;
  }

  private setBuf(buf: Uint8Array, bufStart: number, pos: number): void {
    this.owned = false;
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.base = bufStart;
    this.pos = pos;
  }

  /** Copies the unconsumed tail so the (large) chunk it lives in can be freed or reused. */
  private keepTail(): void {
    const rest = this.buf.length - this.pos;
    if (rest === 0) {
      this.setBuf(EMPTY, this.base + this.pos, 0);
    } else if (this.buf.length > rest || !this.owned) {
      this.setBuf(this.buf.slice(this.pos), this.base + this.pos, 0);
      this.owned = true;
    }
  }
}
