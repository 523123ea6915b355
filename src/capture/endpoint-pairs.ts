// Interns the endpoint pair of every packet — (l3, transport protocol, address A, port A, address B,
// port B) — so a packet-table row holds one Uint32 instead of both addresses, both ports, l3 and
// protocol (14 bytes). The pair is stored in canonical order, the lower endpoint first (lower address
// index, then lower port: the order the flow layer always used for its conversation keys), so both
// directions of a conversation share one pair; the row's low bit says which end sent it. The flow
// layer then finds a conversation by pair index instead of hashing a 5-tuple of its own.
// Lookups go through an open-addressing hash whose slots hold the key words next to the index (one
// cache line per probe), with no string and no object per pair. The hash is only needed while pairs
// are added: trim() drops it, and it is rebuilt from the pairs if one is added later.
// IPv4 packets, most of any capture, first try a second hash keyed by the raw addresses and ports
// (ordered by raw value, so one entry serves both directions): a hit costs one probe and no address
// lookup; a miss interns the addresses and the pair the general way and remembers the answer. Its
// slots hold the whole raw key next to the pair index, so a hit reads one cache line: with tens of
// thousands of connections neither the hash nor a per-pair key list stays in the CPU caches, and
// each separate read is a miss.

import type { AddressTable } from './address-table';
import { resizedCopy } from './typed-arrays';

const INITIAL_PAIRS = 256;
/** Words per hash slot: A, B, ports, index + 1 (0 = empty). */
const SLOT_WORDS = 4;

function hashPair(a: number, b: number, ports: number, kind: number): number {
  let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b) ^ Math.imul(ports ^ (kind << 7), 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

function hashV4(src: number, dst: number, ports: number, proto: number): number {
  let h = Math.imul(src ^ Math.imul(dst, 0x9e3779b1), 0x85ebca6b) ^ Math.imul(ports ^ proto, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

/** Words per raw IPv4 hash slot: the lower raw address, the higher one, their ports (as `ports`, in
 * that order), then orientation << 31 | protocol << 23 | pair index + 1 (0 = empty). The whole key
 * sits in the slot: a lookup reads one cache line, where a slot holding only the index and a key
 * kept per pair cost two misses per packet once the connections outgrow the CPU caches. */
const V4_SLOT_WORDS = 4;
const V4_INITIAL_SLOTS = 1024;
/** Pair indexes (+ 1) the raw IPv4 hash can hold (23 bits); pairs beyond are always looked up the
 * general way. */
const V4_INDEX_MASK = (1 << 23) - 1;

export class EndpointPairs {
  /** Pairs so far; pair 0 is reserved for rows with no network layer (everything zero). */
  length = 1;
  /** Address-table index of endpoint A (the lower one) and of endpoint B. */
  a = new Uint32Array(INITIAL_PAIRS);
  b = new Uint32Array(INITIAL_PAIRS);
  /** Port of A in the high 16 bits, port of B in the low 16 bits. */
  ports = new Uint32Array(INITIAL_PAIRS);
  /** l3 (L3: 0, 4, 6) << 8 | IP protocol number (Proto). */
  kind = new Uint16Array(INITIAL_PAIRS);
  /** The hash, SLOT_WORDS words per slot, or null after trim() until the next add. */
  private slots: Uint32Array | null = null;
  private mask = 0;
  /** Raw IPv4 hash, V4_SLOT_WORDS words per slot (see V4_SLOT_WORDS), or null after trim(). */
  private v4Slots: Int32Array | null = null;
  private v4Mask = 0;
  private v4Count = 0;

  /**
   * intern() for an IPv4 packet from the raw (big-endian) addresses `src` to `dst`: the addresses
   * are interned in `addresses` (source first) only the first time the pair is seen.
   */
  internV4(
    proto: number,
    src: number,
    srcPort: number,
    dst: number,
    dstPort: number,
    addresses: AddressTable,
  ): number {
    // The key is kept as Int32 values (small integers to V8: a raw address from 128.0.0.0 up, or a
    // port pair with a port from 32768 up, as an unsigned number would be a heap number at every
    // call); callers may pass either form. Key the endpoints ordered by that value, so both
    // directions land on the same slot.
    const s32 = src | 0;
    const d32 = dst | 0;
    const swap = s32 > d32 || (s32 === d32 && srcPort > dstPort);
    const lo = swap ? d32 : s32;
    const hi = swap ? s32 : d32;
    const ports = swap ? (dstPort << 16) | srcPort : (srcPort << 16) | dstPort;
    const slots = this.v4Slots ?? this.rehashV4(V4_INITIAL_SLOTS);
    const mask = this.v4Mask;
    let s = hashV4(lo, hi, ports, proto) & mask;
    for (;;) {
      const at = s * V4_SLOT_WORDS;
      const w = slots[at + 3]!;
      if (w === 0) break;
      if (
        slots[at] === lo &&
        slots[at + 1] === hi &&
        slots[at + 2] === ports &&
        ((w >>> 23) & 0xff) === proto
      )
        // Bit 31: the raw-lower endpoint is the pair's endpoint B (the pair orders by address
        // index, then port). The source is endpoint B when exactly one of that and `swap` holds.
        return ((w & V4_INDEX_MASK) - 1) * 2 + ((w >>> 31) ^ (swap ? 1 : 0));
      s = (s + 1) & mask;
    }
    const ia = addresses.internV4(src);
    const value = this.intern(4, proto, ia, srcPort, addresses.internV4(dst), dstPort);
    const idx = value >>> 1;
    if (idx + 1 <= V4_INDEX_MASK) {
      const at = s * V4_SLOT_WORDS;
      slots[at] = lo;
      slots[at + 1] = hi;
      slots[at + 2] = ports;
      slots[at + 3] = (((value & 1) ^ (swap ? 1 : 0)) << 31) | (proto << 23) | (idx + 1);
      // Up to 3/4 full: linear probing stays short, and a smaller hash misses the caches less.
      if (++this.v4Count * 4 > (mask + 1) * 3) this.rehashV4((mask + 1) * 2);
    }
    return value;
  }

  private rehashV4(size: number): Int32Array {
    const old = this.v4Slots;
    const slots = new Int32Array(size * V4_SLOT_WORDS);
    const mask = size - 1;
    if (old) {
      for (let at = 0; at < old.length; at += V4_SLOT_WORDS) {
        const w = old[at + 3]!;
        if (w === 0) continue;
        const lo = old[at]!;
        const hi = old[at + 1]!;
        const ports = old[at + 2]!;
        let s = hashV4(lo, hi, ports, (w >>> 23) & 0xff) & mask;
        while (slots[s * V4_SLOT_WORDS + 3] !== 0) s = (s + 1) & mask;
        const to = s * V4_SLOT_WORDS;
        slots[to] = lo;
        slots[to + 1] = hi;
        slots[to + 2] = ports;
        slots[to + 3] = w;
      }
    }
    this.v4Slots = slots;
    this.v4Mask = mask;
    return slots;
  }

  /**
   * The row value for a packet from (src, srcPort) to (dst, dstPort): pair index * 2, plus 1 when the
   * source is endpoint B. Addresses are address-table indexes; a row with nothing at all is pair 0.
   */
  intern(l3: number, proto: number, src: number, srcPort: number, dst: number, dstPort: number): number {
    if ((l3 | proto | src | dst | srcPort | dstPort) === 0) return 0;
    // The same order as the conversation keys had: both directions meet in one pair.
    const swap = src > dst || (src === dst && srcPort > dstPort);
    const a = swap ? dst : src;
    const b = swap ? src : dst;
    const ports = (swap ? (dstPort << 16) | srcPort : (srcPort << 16) | dstPort) >>> 0;
    const kind = (l3 << 8) | proto;
    const slots = this.slots ?? this.rehash();
    const mask = this.mask;
    let s = hashPair(a, b, ports, kind) & mask;
    for (;;) {
      const at = s * SLOT_WORDS;
      const idx = slots[at + 3]!;
      if (idx === 0) break;
      if (slots[at] === a && slots[at + 1] === b && slots[at + 2] === ports && this.kind[idx - 1] === kind)
        return (idx - 1) * 2 + (swap ? 1 : 0);
      s = (s + 1) & mask;
    }
    const idx = this.append(a, b, ports, kind);
    const at = s * SLOT_WORDS;
    slots[at] = a;
    slots[at + 1] = b;
    slots[at + 2] = ports;
    slots[at + 3] = idx + 1;
    if (this.length * 2 > mask + 1) this.rehash();
    return idx * 2 + (swap ? 1 : 0);
  }

  private append(a: number, b: number, ports: number, kind: number): number {
    const idx = this.length++;
    if (idx >= this.a.length) this.resize(this.a.length * 2);
    this.a[idx] = a;
    this.b[idx] = b;
    this.ports[idx] = ports;
    this.kind[idx] = kind;
    return idx;
  }

  private resize(size: number): void {
    this.a = resizedCopy(this.a, size);
    this.b = resizedCopy(this.b, size);
    this.ports = resizedCopy(this.ports, size);
    this.kind = resizedCopy(this.kind, size);
  }

  /** (Re)builds the hash at under half full, placing every pair but pair 0 from its key. */
  private rehash(): Uint32Array {
    let size = 1024;
    while (size < this.length * 4) size *= 2;
    const slots = new Uint32Array(size * SLOT_WORDS);
    const mask = size - 1;
    for (let idx = 1; idx < this.length; idx++) {
      const a = this.a[idx]!;
      const b = this.b[idx]!;
      const ports = this.ports[idx]!;
      let s = hashPair(a, b, ports, this.kind[idx]!) & mask;
      while (slots[s * SLOT_WORDS + 3] !== 0) s = (s + 1) & mask;
      const at = s * SLOT_WORDS;
      slots[at] = a;
      slots[at + 1] = b;
      slots[at + 2] = ports;
      slots[at + 3] = idx + 1;
    }
    this.slots = slots;
    this.mask = mask;
    return slots;
  }

  /** Shrinks the arrays to `length` pairs and drops the hash (the table is complete). */
  trim(): void {
    if (this.a.length !== this.length) this.resize(this.length);
    this.slots = null;
    this.v4Slots = null;
    this.v4Count = 0;
  }

  byteLength(): number {
    return this.a.length * 14 + (this.slots?.byteLength ?? 0) + (this.v4Slots?.byteLength ?? 0);
  }

  buffers(): ArrayBuffer[] {
    const out = [this.a, this.b, this.ports, this.kind].map((x) => x.buffer as ArrayBuffer);
    if (this.slots) out.push(this.slots.buffer as ArrayBuffer);
    if (this.v4Slots) out.push(this.v4Slots.buffer as ArrayBuffer);
    return out;
  }
}
