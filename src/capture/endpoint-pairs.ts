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
// slots are 4 bytes (fingerprint and pair index) and the keys it checks are kept per pair, so the
// part read at random stays small and the keys of the active connections stay together.

import type { AddressTable } from './address-table';

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

/** Pair indexes (+ 1) the raw IPv4 hash can hold next to its fingerprint (24 bits); pairs beyond
 * are always looked up the general way. */
const V4_INDEX_LIMIT = 1 << 24;

function grown<T extends Uint32Array | Uint16Array>(a: T, size: number): T {
  const Ctor = a.constructor as new (n: number) => T;
  const b = new Ctor(size);
  b.set(a.length <= size ? a : a.subarray(0, size));
  return b;
}

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
  /** Raw IPv4 hash, one word per slot: a fingerprint (8 bits of the hash) << 24 | pair index + 1
   * (0 = empty). Four bytes a slot keep it small enough to stay in the CPU caches with many
   * connections; the key is checked against `v4Keys`. */
  private v4Slots: Uint32Array | null = null;
  private v4Mask = 0;
  private v4Count = 0;
  /** Per pair index in the raw hash: raw address of A, raw address of B, ports (as `ports`),
   * protocol. Pairs are numbered in order of first packet, so the keys of the connections active at
   * any moment sit close together. */
  private v4Keys = new Uint32Array(0);

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
    // Hash the endpoints ordered by raw value, so both directions land on the same slot.
    const swap = src > dst || (src === dst && srcPort > dstPort);
    const out = ((srcPort << 16) | dstPort) >>> 0;
    const h = swap
      ? hashV4(dst, src, ((dstPort << 16) | srcPort) >>> 0, proto)
      : hashV4(src, dst, out, proto);
    const fp = h >>> 24;
    const slots = this.v4Slots ?? this.rehashV4(1024);
    const keys = this.v4Keys;
    const mask = this.v4Mask;
    let s = h & mask;
    for (;;) {
      const w = slots[s]!;
      if (w === 0) break;
      if (w >>> 24 === fp) {
        const idx = (w & 0xffffff) - 1;
        const k = idx * 4;
        if (keys[k + 3] === proto) {
          const a = keys[k]!;
          const b = keys[k + 1]!;
          const ports = keys[k + 2]!;
          if (a === src && b === dst && ports === out) return idx * 2;
          if (a === dst && b === src && ports === ((dstPort << 16) | srcPort) >>> 0) return idx * 2 + 1;
        }
      }
      s = (s + 1) & mask;
    }
    const ia = addresses.internV4(src);
    const value = this.intern(4, proto, ia, srcPort, addresses.internV4(dst), dstPort);
    const idx = value >>> 1;
    if (idx + 1 < V4_INDEX_LIMIT) {
      if (this.v4Keys.length < this.a.length * 4) this.v4Keys = grown(this.v4Keys, this.a.length * 4);
      const k = idx * 4;
      this.v4Keys[k] = value & 1 ? dst : src;
      this.v4Keys[k + 1] = value & 1 ? src : dst;
      this.v4Keys[k + 2] = this.ports[idx]!;
      this.v4Keys[k + 3] = proto;
      slots[s] = ((fp << 24) | (idx + 1)) >>> 0;
      if (++this.v4Count * 2 > mask + 1) this.rehashV4((mask + 1) * 2);
    }
    return value;
  }

  /** The raw hash of pair `idx` from its key. */
  private v4HashOf(idx: number): number {
    const k = idx * 4;
    const keys = this.v4Keys;
    const a = keys[k]!;
    const b = keys[k + 1]!;
    const ports = keys[k + 2]!;
    const swap = a > b || (a === b && ports >>> 16 > (ports & 0xffff));
    return swap
      ? hashV4(b, a, ((ports << 16) | (ports >>> 16)) >>> 0, keys[k + 3]!)
      : hashV4(a, b, ports, keys[k + 3]!);
  }

  private rehashV4(size: number): Uint32Array {
    const old = this.v4Slots;
    const slots = new Uint32Array(size);
    const mask = size - 1;
    if (old) {
      for (const w of old) {
        if (w === 0) continue;
        let s = this.v4HashOf((w & 0xffffff) - 1) & mask;
        while (slots[s] !== 0) s = (s + 1) & mask;
        slots[s] = w;
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
    this.a = grown(this.a, size);
    this.b = grown(this.b, size);
    this.ports = grown(this.ports, size);
    this.kind = grown(this.kind, size);
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
    this.v4Keys = new Uint32Array(0);
    this.v4Count = 0;
  }

  byteLength(): number {
    return (
      this.a.length * 14 +
      (this.slots?.byteLength ?? 0) +
      (this.v4Slots?.byteLength ?? 0) +
      this.v4Keys.byteLength
    );
  }

  buffers(): ArrayBuffer[] {
    const out = [this.a, this.b, this.ports, this.kind].map((x) => x.buffer as ArrayBuffer);
    if (this.slots) out.push(this.slots.buffer as ArrayBuffer);
    if (this.v4Slots) out.push(this.v4Slots.buffer as ArrayBuffer);
    if (this.v4Keys.length > 0) out.push(this.v4Keys.buffer as ArrayBuffer);
    return out;
  }
}
