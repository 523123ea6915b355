// A small, bounded IP fragment reassembler, for IPv4 (RFC 791 §3.2) and IPv6 (RFC 8200 §4.5).
// tshark reassembles by default (ip.defragment, ipv6.defragment) and dissects the transport header
// in the frame that completes the datagram; this mirrors epan/reassemble.c fragment_add_check():
// - the datagram length is fixed by the first fragment without "more fragments" (later tails are ignored);
// - it is complete once the fragments cover [0, length) without a hole (overlaps allowed, data past
//   the length is dropped);
// - a completed datagram leaves the table, so a later fragment with the same key starts a new one.
// Unlike Wireshark it is bounded, so hostile input cannot grow memory: at most MAX_PENDING datagrams
// (the oldest is dropped to make room) and MAX_RUNS disjoint byte ranges per datagram. Overlapping
// bytes keep the value of the fragment that arrived last.

const MAX_PENDING = 64;
const MAX_RUNS = 64;
const MAX_LENGTH = 65535;

export class FragmentReassembler {
  private readonly used = new Uint8Array(MAX_PENDING);
  private readonly family = new Uint8Array(MAX_PENDING);
  private readonly src = new Uint32Array(MAX_PENDING);
  private readonly dst = new Uint32Array(MAX_PENDING);
  private readonly id = new Uint32Array(MAX_PENDING);
  private readonly proto = new Uint8Array(MAX_PENDING);
  /** Arrival counter of each datagram's first fragment, to find the oldest. */
  private readonly born = new Float64Array(MAX_PENDING);
  /** Datagram length once the last fragment arrived, -1 before. */
  private readonly total = new Int32Array(MAX_PENDING);
  /** Sorted disjoint [start, end) ranges received so far, MAX_RUNS pairs per datagram. */
  private readonly runs = new Int32Array(MAX_PENDING * MAX_RUNS * 2);
  private readonly runCount = new Uint8Array(MAX_PENDING);
  /** Payload bytes of each pending datagram; allocated on first use, grown, then reused. */
  private readonly data: (Uint8Array | null)[] = new Array<Uint8Array | null>(MAX_PENDING).fill(null);
  private clock = 0;
  private done = -1;

  /** Number of datagrams waiting for fragments. */
  get pending(): number {
    let n = 0;
    for (let i = 0; i < MAX_PENDING; i++) n += this.used[i]!;
    return n;
  }

  /**
   * Adds the fragment `bytes[at, at + len)` found at byte `offset` of datagram (family, src, dst, id,
   * proto). Returns the datagram length when this fragment completes it (then call `take`), else -1.
   */
  add(
    family: number,
    src: number,
    dst: number,
    id: number,
    proto: number,
    offset: number,
    more: boolean,
    bytes: Uint8Array,
    at: number,
    len: number,
  ): number {
    if (len <= 0 || offset >= MAX_LENGTH) return -1;
    const slot = this.slotFor(family, src, dst, id, proto);
    if (!more && this.total[slot]! < 0) this.total[slot] = Math.min(offset + len, MAX_LENGTH);
    const end = Math.min(offset + len, MAX_LENGTH);
    this.store(slot, offset, bytes, at, end - offset);
    if (!this.addRun(slot, offset, end)) {
      this.free(slot); // too many holes: give up on this datagram rather than grow
      return -1;
    }
    const total = this.total[slot]!;
    const r = slot * MAX_RUNS * 2;
    if (total < 0 || this.runs[r] !== 0 || this.runs[r + 1]! < total) return -1;
    this.done = slot;
    return total;
  }

  /** Copies the datagram completed by the last `add` into `out` at `to`, and forgets it. */
  take(out: Uint8Array, to: number): void {
    const slot = this.done;
    if (slot < 0) return;
    const d = this.data[slot]!;
    out.set(d.subarray(0, this.total[slot]!), to);
    this.free(slot);
  }

  private slotFor(family: number, src: number, dst: number, id: number, proto: number): number {
    let free = -1;
    let oldest = 0;
    for (let i = 0; i < MAX_PENDING; i++) {
      if (!this.used[i]) {
        if (free < 0) free = i;
        continue;
      }
      if (
        this.id[i] === id &&
        this.src[i] === src &&
        this.dst[i] === dst &&
        this.family[i] === family &&
        this.proto[i] === proto
      ) {
        return i;
      }
      if (this.born[i]! < this.born[oldest]! || !this.used[oldest]) oldest = i;
    }
    const slot = free >= 0 ? free : oldest;
    this.used[slot] = 1;
    this.family[slot] = family;
    this.src[slot] = src;
    this.dst[slot] = dst;
    this.id[slot] = id;
    this.proto[slot] = proto;
    this.born[slot] = this.clock++;
    this.total[slot] = -1;
    this.runCount[slot] = 0;
    return slot;
  }

  private store(slot: number, offset: number, bytes: Uint8Array, at: number, len: number): void {
    let d = this.data[slot];
    const need = offset + len;
    if (!d || d.length < need) {
      let size = d ? d.length : 2048;
      while (size < need) size *= 2;
      const grown = new Uint8Array(Math.min(size, MAX_LENGTH));
      if (d) grown.set(d);
      this.data[slot] = d = grown;
    }
    d.set(bytes.subarray(at, at + len), offset);
  }

  /** Merges [start, end) into the slot's sorted ranges (touching ranges join). False when full. */
  private addRun(slot: number, start: number, end: number): boolean {
    const runs = this.runs;
    const base = slot * MAX_RUNS * 2;
    const n = this.runCount[slot]!;
    let i = 0;
    while (i < n && runs[base + 2 * i + 1]! < start) i++;
    let j = i;
    while (j < n && runs[base + 2 * j]! <= end) j++;
    if (i === j) {
      if (n === MAX_RUNS) return false;
      runs.copyWithin(base + 2 * i + 2, base + 2 * i, base + 2 * n);
      runs[base + 2 * i] = start;
      runs[base + 2 * i + 1] = end;
      this.runCount[slot] = n + 1;
      return true;
    }
    runs[base + 2 * i] = Math.min(start, runs[base + 2 * i]!);
    runs[base + 2 * i + 1] = Math.max(end, runs[base + 2 * (j - 1) + 1]!);
    runs.copyWithin(base + 2 * i + 2, base + 2 * j, base + 2 * n);
    this.runCount[slot] = n - (j - i - 1);
    return true;
  }

  private free(slot: number): void {
    this.used[slot] = 0;
    this.runCount[slot] = 0;
    if (this.done === slot) this.done = -1;
  }
}
