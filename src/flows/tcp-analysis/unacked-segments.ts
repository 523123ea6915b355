import { gtSeq, leSeq, ltSeq } from './seq-space';

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

/** A segment's sequence range, or an acknowledgment number, as the analyzer hands it over (an object
 * whose fields it reuses, so that no number is boxed on the way). */
export interface SeqRange {
  seq: number;
  next: number;
}

/**
 * Storage for the rings of every list of a flow builder: one Uint32Array carved into blocks (a header
 * and a power-of-two ring), with a free list per size. A list holds a block only while it has
 * entries: an emptied list gives its block back, and the most recently freed block is the next one
 * handed out, so the rings in use stay few and warm in the cache.
 */
export class SegmentPool {
  data: Uint32Array = new Uint32Array(4096);
  private used = 0;
  /** Free blocks per log2(capacity), as word offsets. */
  private readonly free: number[][] = [];

  /** A block for 2^capLog2 entries, header set up for an empty ordered list; returns its offset. */
  alloc(capLog2: number): number {
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

  release(at: number): void {
    const k = (this.data[at + H_META] ?? 0) & 0x1f;
    while (this.free.length <= k) this.free.push([]);
    this.free[k]?.push(at);
  }
}

const scratch: SeqRange = { seq: 0, next: 0 };

/**
 * The segments one direction sent that the other has not acknowledged yet: packet-tcp.c's
 * `tcp_unacked_t` list (seq, nextseq per segment, a SYN/FIN counting one byte), used for bytes in
 * flight. Wireshark keeps a linked list and walks all of it on every segment of the other
 * direction and for every bytes-in-flight figure. Here it is a ring in sending order, grown by
 * doubling up to MAX_UNACKED_SEGMENTS entries, with a fast path for the usual case where the
 * entries are disjoint and ascending (no retransmission among them): an ACK then drops a prefix
 * and trims the next entry, and the span is last end - first start. Any other list gets
 * Wireshark's walk, entry by entry, and the same answers.
 *
 * The object is a view: the list is one word of its owner's record (0 = empty, else its block in a
 * SegmentPool + 1), so one instance serves every connection in turn (`bind`), and a packet of a
 * connection with nothing unacknowledged touches no other memory. `new UnackedSegments()` makes a
 * list with storage of its own.
 */
export class UnackedSegments {
  private words: Uint32Array = new Uint32Array(1);
  private at = 0;
  private pool = new SegmentPool();

  /** Points this view at the list whose word is `words[at]`. */
  bind(words: Uint32Array, at: number, pool: SegmentPool): void {
    if (this.words !== words) this.words = words;
    this.at = at;
    if (this.pool !== pool) this.pool = pool;
  }

  get count(): number {
    const ref = this.words[this.at] ?? 0;
    return ref === 0 ? 0 : (this.pool.data[ref - 1 + H_COUNT_HEAD] ?? 0) & 0xffff;
  }

  /** Records a segment; false (nothing stored) when the list is full, as Wireshark does. */
  add(seq: number, next: number): boolean {
    scratch.seq = seq;
    scratch.next = next;
    return this.addRange(scratch);
  }

  /** add() with the range in `r`. */
  addRange(r: SeqRange): boolean {
    let ref = this.words[this.at] ?? 0;
    if (ref === 0) {
      ref = this.pool.alloc(MIN_CAP_LOG2) + 1;
      this.words[this.at] = ref;
    }
    let b = ref - 1;
    let d = this.pool.data;
    const ch = d[b + H_COUNT_HEAD] ?? 0;
    const count = ch & 0xffff;
    if (count >= MAX_UNACKED_SEGMENTS) return false;
    if (count === 1 << ((d[b + H_META] ?? 0) & 0x1f)) {
      b = this.grow(b);
      d = this.pool.data;
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
      const ordered = !ltSeq(seq, lastNext) && !ltSeq(next, seq) && (next - first) >>> 0 < LINEAR_SPAN;
      if (!ordered) d[b + H_META] = meta & ~ORDERED;
    }
    const i = b + HEADER + ((head + count) & mask) * 2;
    d[i] = seq;
    d[i + 1] = next;
    d[b + H_COUNT_HEAD] = (head << 16) | (count + 1);
    return true;
  }

  /**
   * Applies an acknowledgment number from the other direction (packet-tcp.c: "remove all segments
   * this ACKs"): a segment ending at or before `ack` is dropped, one that `ack` splits keeps only
   * its unacknowledged part. Wireshark does this for every segment, ACK flag or not.
   */
  ack(ack: number): void {
    scratch.seq = ack;
    this.ackRange(scratch);
  }

  /** ack() with the acknowledgment number in `r.seq`. */
  ackRange(r: SeqRange): void {
    const ref = this.words[this.at] ?? 0;
    if (ref === 0) return;
    const b = ref - 1;
    const d = this.pool.data;
    const ack = r.seq;
    const meta = d[b + H_META] ?? 0;
    if (!(meta & ORDERED) || !this.ackOrdered(b, ack)) {
      const passCount = (meta >>> 8) & 0xffff;
      this.ackEach(b, ack, ack === d[b + H_PASS_ACK] ? passCount : 0);
    }
    const count = (d[b + H_COUNT_HEAD] ?? 0) & 0xffff;
    if (count === 0) {
      this.pool.release(b);
      this.words[this.at] = 0;
      return;
    }
    d[b + H_PASS_ACK] = ack;
    d[b + H_META] = ((d[b + H_META] ?? 0) & 0xff) | (count << 8);
  }

  /**
   * max(next - base) - min(seq - base) over the entries (uint32), packet-tcp.c's payload-based
   * bytes in flight before SACK blocks are subtracted; -1 when the list is empty.
   */
  span(base: number): number {
    scratch.seq = base;
    return this.spanFrom(scratch);
  }

  /** span() with the base in `r.seq`. */
  spanFrom(r: SeqRange): number {
    const ref = this.words[this.at] ?? 0;
    if (ref === 0) return -1;
    const b = ref - 1;
    const d = this.pool.data;
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

  clear(): void {
    const ref = this.words[this.at] ?? 0;
    if (ref === 0) return;
    this.pool.release(ref - 1);
    this.words[this.at] = 0;
  }

  /**
   * The fast path, when the list and `ack` lie in a stretch of sequence space where the modular
   * comparisons are plain ones: entries ending at or before `ack` are a prefix; only the first one
   * left can start before it. Returns false (nothing done) when `ack` is too far away for that.
   */
  private ackOrdered(b: number, ack: number): boolean {
    const d = this.pool.data;
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
    while (count > 0 && leSeq(d[b + HEADER + head * 2 + 1] ?? 0, ack)) {
      head = (head + 1) & mask;
      count--;
    }
    if (count > 0 && gtSeq(ack, d[b + HEADER + head * 2] ?? 0)) d[b + HEADER + head * 2] = ack;
    d[b + H_COUNT_HEAD] = (head << 16) | count;
    return true;
  }

  /** packet-tcp.c's walk over entries [from, count), compacting in place; re-derives `ordered`. */
  private ackEach(b: number, ack: number, from: number): void {
    const d = this.pool.data;
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
      if (gtSeq(ack, s) && leSeq(ack, n)) s = ack;
      if (!gtSeq(n, ack)) continue;
      const o = ring + ((head + w) & mask) * 2;
      if (w > 0 && ordered) {
        const prev = ring + ((head + w - 1) & mask) * 2;
        ordered = !ltSeq(s, d[prev + 1] ?? 0) && (n - (d[ring + head * 2] ?? 0)) >>> 0 < LINEAR_SPAN;
      }
      d[o] = s;
      d[o + 1] = n;
      w++;
    }
    d[b + H_COUNT_HEAD] = (head << 16) | w;
    d[b + H_META] = ordered ? meta | ORDERED : meta & ~ORDERED;
  }

  /** Moves the entries to a block twice as large, in order from 0; returns the new block. */
  private grow(b: number): number {
    const old = this.pool.data;
    const meta = old[b + H_META] ?? 0;
    const capLog2 = meta & 0x1f;
    const nb = this.pool.alloc(capLog2 + 1);
    // alloc may have replaced the pool's array: read it after.
    const d = this.pool.data;
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
    this.pool.release(b);
    this.words[this.at] = nb + 1;
    return nb;
  }
}
