// Interns IP addresses to small integers so the packet table holds a Uint32 index per address,
// and flow keys can be built from numbers instead of strings. IPv4 addresses are stored as
// IPv4-mapped IPv6 (::ffff:a.b.c.d) so one 16-byte slot fits both families.

const EMPTY = 0xffffffff;

export class AddressTable {
  /** 16 bytes per address, as four big-endian 32-bit words. */
  words = new Uint32Array(4 * 256);
  /** 4 or 6 per address. */
  family = new Uint8Array(256);
  length = 0;
  private slots = new Uint32Array(1024).fill(EMPTY);
  private mask = 1023;

  /** Index of the IPv4 address held in `v` (host order of the big-endian wire value). */
  internV4(v: number): number {
    return this.intern(0, 0, 0xffff, v >>> 0, 4);
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
    this.slots[s] = idx;
    if (this.length * 2 > this.slots.length) this.rehash();
    return idx;
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    this.slots = new Uint32Array(size).fill(EMPTY);
    this.mask = size - 1;
    const n = this.length;
    this.length = 0;
    const words = this.words;
    const family = this.family;
    this.words = new Uint32Array(words.length);
    this.family = new Uint8Array(family.length);
    for (let i = 0; i < n; i++) {
      const o = i * 4;
      this.intern(
        words[o] ?? 0,
        words[o + 1] ?? 0,
        words[o + 2] ?? 0,
        words[o + 3] ?? 0,
        (family[i] ?? 4) as 4 | 6,
      );
    }
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
