// Interns IP addresses to small integers so the packet table holds a Uint32 index per address,
// and flow keys can be built from numbers instead of strings. IPv4 addresses are stored as
// IPv4-mapped IPv6 (::ffff:a.b.c.d) so one 16-byte slot fits both families. IPv4 lookups, two per
// packet, go through a hash of their own keyed by the 32-bit value (key and index side by side, one
// cache line per probe); IPv6 addresses go through the general 16-byte hash.

const EMPTY = 0xffffffff;

export class AddressTable {
  /** 16 bytes per address, as four big-endian 32-bit words. */
  words = new Uint32Array(4 * 256);
  /** 4 or 6 per address. */
  family = new Uint8Array(256);
  length = 0;
  /** IPv6 hash: address indexes. */
  private slots = new Uint32Array(1024).fill(EMPTY);
  private mask = 1023;
  private v6Count = 0;
  /** IPv4 hash: pairs (address, index + 1), index + 1 = 0 for an empty slot. */
  private v4Slots = new Uint32Array(2 * 1024);
  private v4Mask = 1023;
  private v4Count = 0;

  /** Index of the IPv4 address held in `v` (host order of the big-endian wire value). */
  internV4(v: number): number {
    const key = v >>> 0;
    const slots = this.v4Slots;
    const mask = this.v4Mask;
    let s = (Math.imul(key ^ (key >>> 16), 0x45d9f3b) ^ key) & mask;
    for (;;) {
      const at = s * 2;
      const idx = slots[at + 1] ?? 0;
      if (idx === 0) break;
      if (slots[at] === key) return idx - 1;
      s = (s + 1) & mask;
    }
    const idx = this.append(0, 0, 0xffff, key, 4);
    slots[s * 2] = key;
    slots[s * 2 + 1] = idx + 1;
    if (++this.v4Count * 2 > mask + 1) this.rehashV4();
    return idx;
  }

  private rehashV4(): void {
    const old = this.v4Slots;
    const size = (this.v4Mask + 1) * 2;
    const slots = new Uint32Array(2 * size);
    const mask = size - 1;
    for (let at = 0; at < old.length; at += 2) {
      const idx = old[at + 1] ?? 0;
      if (idx === 0) continue;
      const key = old[at] ?? 0;
      let s = (Math.imul(key ^ (key >>> 16), 0x45d9f3b) ^ key) & mask;
      while (slots[s * 2 + 1] !== 0) s = (s + 1) & mask;
      slots[s * 2] = key;
      slots[s * 2 + 1] = idx;
    }
    this.v4Slots = slots;
    this.v4Mask = mask;
  }

  /** Index of the IPv6 address at `bytes[at..at+16)`. */
  internV6(bytes: Uint8Array, at: number): number {
    const w = (k: number) =>
      (((bytes[at + k] ?? 0) << 24) |
        ((bytes[at + k + 1] ?? 0) << 16) |
        ((bytes[at + k + 2] ?? 0) << 8) |
        (bytes[at + k + 3] ?? 0)) >>>
      0;
    return this.intern(w(0), w(4), w(8), w(12), 6);
  }

  private intern(a: number, b: number, c: number, d: number, fam: 4 | 6): number {
    let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b) ^ Math.imul(c ^ d, 0xc2b2ae35) ^ d;
    h = (h ^ (h >>> 15)) >>> 0;
    let s = h & this.mask;
    for (;;) {
      const idx = this.slots[s] ?? EMPTY;
      if (idx === EMPTY) break;
      const o = idx * 4;
      if (
        this.words[o] === a &&
        this.words[o + 1] === b &&
        this.words[o + 2] === c &&
        this.words[o + 3] === d &&
        this.family[idx] === fam
      ) {
        return idx;
      }
      s = (s + 1) & this.mask;
    }
    const idx = this.append(a, b, c, d, fam);
    this.slots[s] = idx;
    if (++this.v6Count * 2 > this.slots.length) this.rehash();
    return idx;
  }

  /** Stores a new address and returns its index. */
  private append(a: number, b: number, c: number, d: number, fam: 4 | 6): number {
    const idx = this.length++;
    if (idx * 4 + 4 > this.words.length) {
      const w = new Uint32Array(this.words.length * 2);
      w.set(this.words);
      this.words = w;
      const f = new Uint8Array(this.family.length * 2);
      f.set(this.family);
      this.family = f;
    }
    const o = idx * 4;
    this.words[o] = a;
    this.words[o + 1] = b;
    this.words[o + 2] = c;
    this.words[o + 3] = d;
    this.family[idx] = fam;
    return idx;
  }

  /** Doubles the general hash's slots; addresses keep their indexes. */
  private rehash(): void {
    const size = this.slots.length * 2;
    const slots = new Uint32Array(size).fill(EMPTY);
    const mask = size - 1;
    const words = this.words;
    for (let idx = 0; idx < this.length; idx++) {
      if (this.family[idx] !== 6) continue;
      const o = idx * 4;
      const a = words[o] ?? 0;
      const b = words[o + 1] ?? 0;
      const c = words[o + 2] ?? 0;
      const d = words[o + 3] ?? 0;
      let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b) ^ Math.imul(c ^ d, 0xc2b2ae35) ^ d;
      h = (h ^ (h >>> 15)) >>> 0;
      let s = h & mask;
      while (slots[s] !== EMPTY) s = (s + 1) & mask;
      slots[s] = idx;
    }
    this.slots = slots;
    this.mask = mask;
  }

  /** The address as Wireshark prints it: dotted quad, or RFC 5952 IPv6 text. */
  format(idx: number): string {
    const o = idx * 4;
    if (this.family[idx] === 4) {
      const v = this.words[o + 3] ?? 0;
      return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
    }
    const groups: number[] = [];
    for (let k = 0; k < 4; k++) {
      const v = this.words[o + k] ?? 0;
      groups.push(v >>> 16, v & 0xffff);
    }
    return formatIPv6(groups);
  }

  /** `ip:port`, with IPv6 in brackets. */
  endpoint(idx: number, port: number): string {
    return this.family[idx] === 6 ? `[${this.format(idx)}]:${port}` : `${this.format(idx)}:${port}`;
  }

  isV6(idx: number): boolean {
    return this.family[idx] === 6;
  }

  /** Bytes held: the addresses and both hashes. */
  byteLength(): number {
    return this.words.byteLength + this.family.byteLength + this.slots.byteLength + this.v4Slots.byteLength;
  }
}

/** RFC 5952: lower case, leading zeros dropped, the longest run (≥ 2) of zero groups as `::`. */
export function formatIPv6(groups: number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLen).join(':');
  return `${head}::${tail}`;
}
