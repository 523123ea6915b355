import { gtSeq, leSeq, ltSeq } from './seq-space';

/**
 * Most unacknowledged segments kept per direction: Wireshark's TCP_MAX_UNACKED_SEGMENTS
 * (packet-tcp.h). Past it, new segments are not recorded (and, as in packet-tcp.c, a SYN/FIN past
 * the bound does not count its phantom byte in nextseq), so keeping the same bound keeps the
 * same answers.
 */
export const MAX_UNACKED_SEGMENTS = 10000;

const INITIAL_CAPACITY = 8;
/** Ordered lists stay within this span, far from the 2^31 where sequence comparisons wrap. */
const LINEAR_SPAN = 0x40000000;

/**
 * The segments one direction sent that the other has not acknowledged yet: packet-tcp.c's
 * `tcp_unacked_t` list (seq, nextseq per segment, a SYN/FIN counting one byte), used for bytes in
 * flight. Wireshark keeps a linked list and walks all of it on every segment of the other
 * direction and for every bytes-in-flight figure. Here it is a ring of two typed arrays in sending
 * order, grown by doubling up to MAX_UNACKED_SEGMENTS entries, with a fast path for the usual case
 * where the entries are disjoint and ascending (no retransmission among them): an ACK then drops a
 * prefix and trims the next entry, and the span is last end - first start. Any other list gets
 * Wireshark's walk, entry by entry, and the same answers.
 */
export class UnackedSegments {
  count = 0;
  private head = 0;
  private mask = -1;
  private seq = new Uint32Array(0);
  private next = new Uint32Array(0);
  /** Entries disjoint, ascending in sending order, spanning less than LINEAR_SPAN. */
  private ordered = true;
  /** Entries [0, passCount) have already been through `ack()` with `passAck`: a repeat is a no-op. */
  private passCount = 0;
  private passAck = 0;

  /** Records a segment; false (nothing stored) when the list is full, as Wireshark does. */
  add(seq: number, next: number): boolean {
    if (this.count >= MAX_UNACKED_SEGMENTS) return false;
    if (this.count === this.seq.length) this.grow();
    if (this.count === 0) {
      this.ordered = true;
    } else if (this.ordered) {
      const lastNext = this.next[(this.head + this.count - 1) & this.mask] ?? 0;
      const first = this.seq[this.head] ?? 0;
      this.ordered = !ltSeq(seq, lastNext) && !ltSeq(next, seq) && (next - first) >>> 0 < LINEAR_SPAN;
    }
    const i = (this.head + this.count) & this.mask;
    this.seq[i] = seq;
    this.next[i] = next;
    this.count++;
    return true;
  }

  /**
   * Applies an acknowledgment number from the other direction (packet-tcp.c: "remove all segments
   * this ACKs"): a segment ending at or before `ack` is dropped, one that `ack` splits keeps only
   * its unacknowledged part. Wireshark does this for every segment, ACK flag or not.
   */
  ack(ack: number): void {
    if (this.count === 0) return;
    if (!this.ordered || !this.ackOrdered(ack)) this.ackEach(ack, ack === this.passAck ? this.passCount : 0);
    this.passAck = ack;
    this.passCount = this.count;
  }

  /**
   * max(next - base) - min(seq - base) over the entries (uint32), packet-tcp.c's payload-based
   * bytes in flight before SACK blocks are subtracted; -1 when the list is empty.
   */
  span(base: number): number {
    if (this.count === 0) return -1;
    if (this.ordered) {
      const first = this.seq[this.head] ?? 0;
      const span = ((this.next[(this.head + this.count - 1) & this.mask] ?? 0) - first) >>> 0;
      // Without a wrap of (x - base) inside the list, its first start and last end are the extremes.
      if (((first - base) >>> 0) + span <= 0xffffffff) return span;
    }
    let min = 0xffffffff;
    let max = 0;
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) & this.mask;
      const s = ((this.seq[i] ?? 0) - base) >>> 0;
      const n = ((this.next[i] ?? 0) - base) >>> 0;
      if (s < min) min = s;
      if (n > max) max = n;
    }
    return (max - min) >>> 0;
  }

  clear(): void {
    this.count = 0;
    this.head = 0;
    this.ordered = true;
    this.passCount = 0;
    this.passAck = 0;
  }

  /**
   * The fast path, when the list and `ack` lie in a stretch of sequence space where the modular
   * comparisons are plain ones: entries ending at or before `ack` are a prefix; only the first one
   * left can start before it. Returns false (nothing done) when `ack` is too far away for that.
   */
  private ackOrdered(ack: number): boolean {
    const first = this.seq[this.head] ?? 0;
    const last = this.next[(this.head + this.count - 1) & this.mask] ?? 0;
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
    while (this.count > 0 && leSeq(this.next[this.head] ?? 0, ack)) {
      this.head = (this.head + 1) & this.mask;
      this.count--;
    }
    if (this.count > 0 && gtSeq(ack, this.seq[this.head] ?? 0)) this.seq[this.head] = ack;
    return true;
  }

  /** packet-tcp.c's walk over entries [from, count), compacting in place; re-derives `ordered`. */
  private ackEach(ack: number, from: number): void {
    let w = from;
    let ordered = from === 0 || this.ordered;
    for (let k = from; k < this.count; k++) {
      const i = (this.head + k) & this.mask;
      let s = this.seq[i] ?? 0;
      const n = this.next[i] ?? 0;
      if (ack === n) continue;
      if (gtSeq(ack, s) && leSeq(ack, n)) s = ack;
      if (!gtSeq(n, ack)) continue;
      const o = (this.head + w) & this.mask;
      if (w > 0 && ordered) {
        const prev = (o - 1) & this.mask;
        ordered = !ltSeq(s, this.next[prev] ?? 0) && (n - (this.seq[this.head] ?? 0)) >>> 0 < LINEAR_SPAN;
      }
      this.seq[o] = s;
      this.next[o] = n;
      w++;
    }
    this.count = w;
    this.ordered = ordered;
  }

  private grow(): void {
    const cap = Math.max(INITIAL_CAPACITY, this.seq.length * 2);
    const seq = new Uint32Array(cap);
    const next = new Uint32Array(cap);
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) & this.mask;
      seq[k] = this.seq[i] ?? 0;
      next[k] = this.next[i] ?? 0;
    }
    this.seq = seq;
    this.next = next;
    this.head = 0;
    this.mask = cap - 1;
  }
}
