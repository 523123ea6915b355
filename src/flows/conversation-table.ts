// Finds the flow a packet belongs to from its 5-tuple, with no string and no object per packet: the
// tuple is normalised (lower endpoint first, so both directions meet), hashed to a number, and looked
// up in an open-addressing table whose keys live in typed arrays. Each conversation points at its
// current flow; a reused 5-tuple (Wireshark's "port numbers reused") re-points it at a new flow, as
// packet-tcp.c does when it calls conversation_new() for the same addresses and ports.

const EMPTY = -1;

export class ConversationTable {
  /** Number of conversations (distinct normalised 5-tuples). */
  length = 0;
  private addrLo = new Uint32Array(256);
  private addrHi = new Uint32Array(256);
  private portLo = new Uint16Array(256);
  private portHi = new Uint16Array(256);
  private proto = new Uint8Array(256);
  /** Current flow index of each conversation. */
  private flowOf = new Int32Array(256);
  private slots = new Int32Array(1024).fill(EMPTY);
  private mask = 1023;

  /**
   * The conversation of (proto, a:aPort ↔ b:bPort), created with flow -1 when new. Addresses are
   * address-table indexes, so equal addresses are equal numbers.
   */
  find(proto: number, a: number, aPort: number, b: number, bPort: number): number {
    // Normalise so that both directions of the connection give the same key.
    let lo = a;
    let lp = aPort;
    let hi = b;
    let hp = bPort;
    if (a > b || (a === b && aPort > bPort)) {
      lo = b;
      lp = bPort;
      hi = a;
      hp = aPort;
    }
    let h =
      Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) ^ Math.imul((lp << 16) | hp, 0xc2b2ae35) ^ proto;
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    let s = h & this.mask;
    for (;;) {
      const c = this.slots[s] ?? EMPTY;
      if (c === EMPTY) break;
      if (
        this.addrLo[c] === lo &&
        this.addrHi[c] === hi &&
        this.portLo[c] === lp &&
        this.portHi[c] === hp &&
        this.proto[c] === proto
      ) {
        return c;
      }
      s = (s + 1) & this.mask;
    }
    return this.insert(s, proto, lo, lp, hi, hp);
  }

  flow(conversation: number): number {
    return this.flowOf[conversation] ?? EMPTY;
  }

  setFlow(conversation: number, flow: number): void {
    this.flowOf[conversation] = flow;
  }

  private insert(slot: number, proto: number, lo: number, lp: number, hi: number, hp: number): number {
    const c = this.length++;
    if (c === this.addrLo.length) this.growKeys(c * 2);
    this.addrLo[c] = lo;
    this.addrHi[c] = hi;
    this.portLo[c] = lp;
    this.portHi[c] = hp;
    this.proto[c] = proto;
    this.flowOf[c] = EMPTY;
    this.slots[slot] = c;
    if (this.length * 2 > this.slots.length) this.rehash();
    return c;
  }

  private growKeys(n: number): void {
    const grow = <T extends Uint32Array | Uint16Array | Uint8Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.addrLo = grow(this.addrLo);
    this.addrHi = grow(this.addrHi);
    this.portLo = grow(this.portLo);
    this.portHi = grow(this.portHi);
    this.proto = grow(this.proto);
    this.flowOf = grow(this.flowOf);
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    this.slots = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
    const n = this.length;
    this.length = 0;
    const keep = { flowOf: this.flowOf.slice(0, n) };
    const lo = this.addrLo.slice(0, n);
    const hi = this.addrHi.slice(0, n);
    const lp = this.portLo.slice(0, n);
    const hp = this.portHi.slice(0, n);
    const pr = this.proto.slice(0, n);
    for (let c = 0; c < n; c++) {
      // Re-inserting in index order gives every conversation its old index back.
      this.find(pr[c] ?? 0, lo[c] ?? 0, lp[c] ?? 0, hi[c] ?? 0, hp[c] ?? 0);
      this.flowOf[c] = keep.flowOf[c] ?? EMPTY;
    }
  }
}
