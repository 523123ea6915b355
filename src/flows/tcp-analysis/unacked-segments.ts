// Sequence numbers are compared modulo 2^32 as packet-tcp.h's GT_SEQ / LT_SEQ / LE_SEQ (seq-space.ts):
// the sign of the 32-bit difference, `((a - b) | 0)`, written out here rather than called. These run
// per segment, and V8 does not always inline a helper: a call would box each uint32 above 2^30 into a
// new heap number.

/**
 * Most unacknowledged segments kept per direction: Wireshark's TCP_MAX_UNACKED_SEGMENTS
 * (packet-tcp.h). Past it, new segments are not recorded (and, as in packet-tcp.c, a SYN/FIN past
 * the bound does not count its phantom byte in nextseq), so keeping the same bound keeps the
 * same answers.
 */
export const MAX_UNACKED_SEGMENTS = 10000;

/** Smallest ring, as log2 of its entries. */
const MIN_CAP_LOG2 = 3;
/** Ordered lists stay within this span, far from the 2^31 where sequence comparisons wrap. */
const LINEAR_SPAN = 0x40000000;

// A block of the pool: a four-word header, then the ring of (seq, next) pairs.
/** Entry count (low 16 bits) and ring head (high 16 bits). */
const H_COUNT_HEAD = 0;
/** log2 of the ring capacity (bits 0-4), the ORDERED bit, passCount (bits 8-23). */
const H_META = 1;
/** Entries [0, passCount) have already been through `ack()` with passAck: a repeat is a no-op. */
const H_PASS_ACK = 2;
const HEADER = 4;
/** Entries disjoint, ascending in sending order, spanning less than LINEAR_SPAN. */
const ORDERED = 0x20;

/** Words a list takes in its owner's record: the reference, then one entry (seq, next). */
export const LIST_WORDS = 3;
/** Reference of a list whose one entry is in its own words. */
const INLINE = 1;
/** A block at offset b is referenced as b + BLOCK_REF. */
const BLOCK_REF = 2;

/** A segment's sequence range, or an acknowledgment number, as the analyzer hands it over (an object
 * whose fields it reuses, so that no number is boxed on the way). */
export interface SeqRange {
  seq: number;
  next: number;
}

/**
 * The unacknowledged segments of every direction of a flow builder: packet-tcp.c's `tcp_unacked_t`
 * lists (seq, nextseq per segment, a SYN/FIN counting one byte), used for bytes in flight. Wireshark
 * keeps a linked list and walks all of it on every segment of the other direction and for every
 * bytes-in-flight figure. Here a list is a ring in sending order, grown by doubling up to
 * MAX_UNACKED_SEGMENTS entries, with a fast path for the usual case where the entries are disjoint
 * and ascending (no retransmission among them): an ACK then drops a prefix and trims the next entry,
 * and the span is last end - first start. Any other list gets Wireshark's walk, entry by entry, and
 * the same answers.
 *
 * A list is LIST_WORDS words of its owner's record from `words[at]`: a reference (0 when empty,
 * INLINE when its only entry is in the next two words, else its block in `data` + BLOCK_REF), then
 * room for that one entry. Most lists never hold more than one segment (an interactive exchange, a
 * request, the last segment of a burst), and those never leave the record. Longer lists live in
 * rings carved out of one Uint32Array (blocks of a header and a power-of-two ring), with a free list
 * per size. A list holds a block only while it has entries: an emptied list gives its block back,
 * and the most recently freed block is the next one handed out, so the rings in use stay few and
 * warm in the cache. The pool is passed the list's words on every call (no view to re-point per
 * packet).
 */
export class SegmentPool {
  data: Uint32Array = new Uint32Array(4096);
  private used = 0;
  /** Free blocks per log2(capacity), as word offsets. */
  private readonly free: number[][] = [];

  /** Entries of the list at `words[at]`. */
  count(words: Uint32Array, at: number): number {
    const ref = words[at] ?? 0;
    if (ref <= INLINE) return ref;
    return (this.data[ref - BLOCK_REF + H_COUNT_HEAD] ?? 0) & 0xffff;
  }

  /** Records the segment `r` in the list at `words[at]`; false (nothing stored) when the list is
   * full, as Wireshark does. */
  add(words: Uint32Array, at: number, r: SeqRange): boolean {
    // The common cases are small enough for V8 to inline into the analysis; rings are out of line.
    if (words[at] !== 0) return this.addToRing(words, at, r);
    words[at + 1] = r.seq;
    words[at + 2] = r.next;
    words[at] = INLINE;
    return true;
  }

  private addToRing(words: Uint32Array, at: number, r: SeqRange): boolean {
    const ref = words[at] ?? 0;
    let b = ref === INLINE ? this.unInline(words, at) : ref - BLOCK_REF;
    let d = this.data;
    const ch = d[b + H_COUNT_HEAD] ?? 0;
    const count = ch & 0xffff;
    if (count >= MAX_UNACKED_SEGMENTS) return false;
    if (count === 1 << ((d[b + H_META] ?? 0) & 0x1f)) {
      b = this.grow(words, at, b);
      d = this.data;
    }
    const meta = d[b + H_META] ?? 0;
    const mask = (1 << (meta & 0x1f)) - 1;
    const head = (d[b + H_COUNT_HEAD] ?? 0) >>> 16;
    const seq = r.seq;
    const next = r.next;
    if (count === 0) {
      d[b + H_META] = meta | ORDERED;
    } else if (meta & ORDERED) {
      const lastNext = d[b + HEADER + ((head + count - 1) & mask) * 2 + 1] ?? 0;
      const first = d[b + HEADER + head * 2] ?? 0;
      const ordered =
        ((seq - lastNext) | 0) >= 0 && ((next - seq) | 0) >= 0 && (next - first) >>> 0 < LINEAR_SPAN;
      if (!ordered) d[b + H_META] = meta & ~ORDERED;
    }
    const i = b + HEADER + ((head + count) & mask) * 2;
    d[i] = seq;
    d[i + 1] = next;
    d[b + H_COUNT_HEAD] = (head << 16) | (count + 1);
    return true;
  }

  /**
   * Applies an acknowledgment number from the other direction, in `r.seq`, to the list at
   * `words[at]` (packet-tcp.c: "remove all segments this ACKs"): a segment ending at or before it
   * is dropped, one that it splits keeps only its unacknowledged part. Wireshark does this for every
   * segment, ACK flag or not.
   */
  ack(words: Uint32Array, at: number, r: SeqRange): void {
    const ref = words[at] ?? 0;
    if (ref === 0) return;
    if (ref !== INLINE) {
      this.ackRing(words, at, r);
      return;
    }
    // One entry: the walk and the fast path agree (drop it when it ends at or before the ACK, else
    // trim its start to the ACK).
    const ack = r.seq;
    if ((((words[at + 2] ?? 0) - ack) | 0) <= 0) words[at] = 0;
    else if (((ack - (words[at + 1] ?? 0)) | 0) > 0) words[at + 1] = ack;
  }

  private ackRing(words: Uint32Array, at: number, r: SeqRange): void {
    const b = (words[at] ?? 0) - BLOCK_REF;
    const d = this.data;
    const ack = r.seq;
    const meta = d[b + H_META] ?? 0;
    if (!(meta & ORDERED) || !this.ackOrdered(b, r)) {
      const passCount = (meta >>> 8) & 0xffff;
      this.ackEach(b, r, ack === d[b + H_PASS_ACK] ? passCount : 0);
    }
    const count = (d[b + H_COUNT_HEAD] ?? 0) & 0xffff;
    if (count === 0) {
      this.release(b);
      words[at] = 0;
      return;
    }
    d[b + H_PASS_ACK] = ack;
    d[b + H_META] = ((d[b + H_META] ?? 0) & 0xff) | (count << 8);
  }

  /**
   * max(next - base) - min(seq - base) over the entries of the list at `words[at]` (uint32), with
   * the base in `r.seq`: packet-tcp.c's payload-based bytes in flight before SACK blocks are
   * subtracted; -1 when the list is empty.
   */
  span(words: Uint32Array, at: number, r: SeqRange): number {
    const ref = words[at] ?? 0;
    if (ref === 0) return -1;
    // One entry: its length, whatever the base.
    if (ref === INLINE) return ((words[at + 2] ?? 0) - (words[at + 1] ?? 0)) >>> 0;
    return this.spanRing(words, at, r);
  }

  private spanRing(words: Uint32Array, at: number, r: SeqRange): number {
    const b = (words[at] ?? 0) - BLOCK_REF;
    const d = this.data;
    const base = r.seq;
    const ch = d[b + H_COUNT_HEAD] ?? 0;
    const count = ch & 0xffff;
    const head = ch >>> 16;
    const meta = d[b + H_META] ?? 0;
    const mask = (1 << (meta & 0x1f)) - 1;
    if (meta & ORDERED) {
      const first = d[b + HEADER + head * 2] ?? 0;
      const span = ((d[b + HEADER + ((head + count - 1) & mask) * 2 + 1] ?? 0) - first) >>> 0;
      // Without a wrap of (x - base) inside the list, its first start and last end are the extremes.
      if (((first - base) >>> 0) + span <= 0xffffffff) return span;
    }
    let min = 0xffffffff;
    let max = 0;
    for (let k = 0; k < count; k++) {
      const i = b + HEADER + ((head + k) & mask) * 2;
      const s = ((d[i] ?? 0) - base) >>> 0;
      const n = ((d[i + 1] ?? 0) - base) >>> 0;
      if (s < min) min = s;
      if (n > max) max = n;
    }
    return (max - min) >>> 0;
  }

  /** Empties the list at `words[at]`. */
  clear(words: Uint32Array, at: number): void {
    const ref = words[at] ?? 0;
    if (ref > INLINE) this.release(ref - BLOCK_REF);
    words[at] = 0;
  }

  /** Moves the one entry of the list at `words[at]` to a block (an ordered list that no ACK has
   * passed over yet: the walk's shortcut only skips work); returns the block. */
  private unInline(words: Uint32Array, at: number): number {
    const b = this.alloc(MIN_CAP_LOG2);
    const d = this.data;
    d[b + HEADER] = words[at + 1] ?? 0;
    d[b + HEADER + 1] = words[at + 2] ?? 0;
    d[b + H_COUNT_HEAD] = 1;
    words[at] = b + BLOCK_REF;
    return b;
  }

  /** A block for 2^capLog2 entries, header set up for an empty ordered list; returns its offset. */
  private alloc(capLog2: number): number {
    const list = this.free[capLog2];
    let at: number;
    if (list !== undefined && list.length > 0) {
      at = list.pop() ?? 0;
    } else {
      at = this.used;
      this.used += HEADER + (2 << capLog2);
      if (this.used > this.data.length) {
        const grown = new Uint32Array(Math.max(this.used * 2, this.data.length * 2));
        grown.set(this.data);
        this.data = grown;
      }
    }
    const d = this.data;
    d[at + H_COUNT_HEAD] = 0;
    d[at + H_META] = capLog2 | ORDERED;
    d[at + H_PASS_ACK] = 0;
    return at;
  }

  private release(at: number): void {
    const k = (this.data[at + H_META] ?? 0) & 0x1f;
    while (this.free.length <= k) this.free.push([]);
    this.free[k]?.push(at);
  }

  /**
   * The fast path, when the list and `ack` lie in a stretch of sequence space where the modular
   * comparisons are plain ones: entries ending at or before `ack` are a prefix; only the first one
   * left can start before it. Returns false (nothing done) when the ACK (`r.seq`) is too far away
   * for that.
   */
  private ackOrdered(b: number, r: SeqRange): boolean {
    const d = this.data;
    const ack = r.seq;
    const ch = d[b + H_COUNT_HEAD] ?? 0;
    let count = ch & 0xffff;
    let head = ch >>> 16;
    const mask = (1 << ((d[b + H_META] ?? 0) & 0x1f)) - 1;
    const first = d[b + HEADER + head * 2] ?? 0;
    const last = d[b + HEADER + ((head + count - 1) & mask) * 2 + 1] ?? 0;
    const toFirst = (ack - first) | 0;
    const toLast = (ack - last) | 0;
    if (
      toFirst <= -LINEAR_SPAN ||
      toFirst >= LINEAR_SPAN ||
      toLast <= -LINEAR_SPAN ||
      toLast >= LINEAR_SPAN
    ) {
      return false;
    }
    while (count > 0 && (((d[b + HEADER + head * 2 + 1] ?? 0) - ack) | 0) <= 0) {
      head = (head + 1) & mask;
      count--;
    }
    if (count > 0 && ((ack - (d[b + HEADER + head * 2] ?? 0)) | 0) > 0) d[b + HEADER + head * 2] = ack;
    d[b + H_COUNT_HEAD] = (head << 16) | count;
    return true;
  }

  /** packet-tcp.c's walk over entries [from, count) for the ACK in `r.seq`, compacting in place;
   * re-derives `ordered`. */
  private ackEach(b: number, r: SeqRange, from: number): void {
    const d = this.data;
    const ack = r.seq;
    const ch = d[b + H_COUNT_HEAD] ?? 0;
    const count = ch & 0xffff;
    const head = ch >>> 16;
    const meta = d[b + H_META] ?? 0;
    const mask = (1 << (meta & 0x1f)) - 1;
    const ring = b + HEADER;
    let w = from;
    let ordered = from === 0 || (meta & ORDERED) !== 0;
    for (let k = from; k < count; k++) {
      const i = ring + ((head + k) & mask) * 2;
      let s = d[i] ?? 0;
      const n = d[i + 1] ?? 0;
      if (ack === n) continue;
      if (((ack - s) | 0) > 0 && ((ack - n) | 0) <= 0) s = ack;
      if (((n - ack) | 0) <= 0) continue;
      const o = ring + ((head + w) & mask) * 2;
      if (w > 0 && ordered) {
        const prev = ring + ((head + w - 1) & mask) * 2;
        ordered = ((s - (d[prev + 1] ?? 0)) | 0) >= 0 && (n - (d[ring + head * 2] ?? 0)) >>> 0 < LINEAR_SPAN;
      }
      d[o] = s;
      d[o + 1] = n;
      w++;
    }
    d[b + H_COUNT_HEAD] = (head << 16) | w;
    d[b + H_META] = ordered ? meta | ORDERED : meta & ~ORDERED;
  }

  /** Moves the entries of the list at `words[at]` (block `b`) to a block twice as large, in order
   * from 0; returns the new block. */
  private grow(words: Uint32Array, at: number, b: number): number {
    const meta = this.data[b + H_META] ?? 0;
    const capLog2 = meta & 0x1f;
    const nb = this.alloc(capLog2 + 1);
    // alloc may have replaced the array: read it after.
    const d = this.data;
    const ch = d[b + H_COUNT_HEAD] ?? 0;
    const count = ch & 0xffff;
    const head = ch >>> 16;
    const mask = (1 << capLog2) - 1;
    for (let k = 0; k < count; k++) {
      const from = b + HEADER + ((head + k) & mask) * 2;
      d[nb + HEADER + k * 2] = d[from] ?? 0;
      d[nb + HEADER + k * 2 + 1] = d[from + 1] ?? 0;
    }
    d[nb + H_COUNT_HEAD] = count;
    d[nb + H_META] = (meta & ~0x1f) | (capLog2 + 1);
    d[nb + H_PASS_ACK] = d[b + H_PASS_ACK] ?? 0;
    this.release(b);
    words[at] = nb + BLOCK_REF;
    return nb;
  }
}

const scratch: SeqRange = { seq: 0, next: 0 };

/**
 * A view of one list (its words from `words[at]` and its pool), with storage of its own by default: for
 * tests and code off the per-packet path, which the analyzer calls the pool directly.
 */
export class UnackedSegments {
  private words: Uint32Array = new Uint32Array(LIST_WORDS);
  private at = 0;
  private pool = new SegmentPool();

  /** Points this view at the list whose words start at `words[at]`. */
  bind(words: Uint32Array, at: number, pool: SegmentPool): void {
    this.words = words;
    this.at = at;
    this.pool = pool;
  }

  get count(): number {
    return this.pool.count(this.words, this.at);
  }

  /** Records a segment; false (nothing stored) when the list is full, as Wireshark does. */
  add(seq: number, next: number): boolean {
    scratch.seq = seq;
    scratch.next = next;
    return this.pool.add(this.words, this.at, scratch);
  }

  /** Applies an acknowledgment number from the other direction (SegmentPool.ack). */
  ack(ack: number): void {
    scratch.seq = ack;
    this.pool.ack(this.words, this.at, scratch);
  }

  /** SegmentPool.span with base `base`. */
  span(base: number): number {
    scratch.seq = base;
    return this.pool.span(this.words, this.at, scratch);
  }

  clear(): void {
    this.pool.clear(this.words, this.at);
  }
}
