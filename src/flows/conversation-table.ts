// Finds the flow a packet belongs to from its 5-tuple, with no string and no object per packet: the
// tuple is normalised (lower endpoint first, so both directions meet), hashed to a number, and looked
// up in an open-addressing table of flow indexes. The key itself lives in the first words of the
// flow's record (flow-record.ts), which the packet reads next anyway, so a lookup costs one slot and
// that line. Each conversation (slot) points at its current flow; a reused 5-tuple (Wireshark's "port
// numbers reused") re-points it at a new flow with the same key, as packet-tcp.c does when it calls
// conversation_new() for the same addresses and ports.
import { FLAGS, FLOW_WORDS, FlowBit, type FlowRecords, KEY_HI, KEY_LO, KEY_PORTS } from './flow-record';

/** A 32-bit hash of a normalised key (multiply-xorshift mixing, as in murmur3's finaliser). */
function hashKey(lo: number, hi: number, ports: number, udp: number): number {
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) ^ Math.imul(ports, 0xc2b2ae35) ^ udp;
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

export class ConversationTable {
  /** Number of conversations (distinct normalised 5-tuples). */
  length = 0;
  // The normalised key of the last `find`, for the record of a new flow (writeKey).
  private lo = 0;
  private hi = 0;
  private ports = 0;
  private udp = 0;
  /** Whether the source of the last `find` was the lower endpoint of the key. Two packets of a
   * conversation that agree on it came from the same side. */
  srcIsLo = true;
  /** Flow index + 1 per slot, 0 for an empty slot. */
  private slots = new Int32Array(1024);
  private mask = 1023;

  constructor(private readonly recs: FlowRecords) {}

  /**
   * The slot of the conversation (proto, a:aPort ↔ b:bPort): its flow is `flow(slot)`, -1 for a new
   * conversation, which `setFlow` then gives its first flow. Addresses are address-table indexes, so
   * equal addresses are equal numbers.
   */
  find(proto: number, a: number, aPort: number, b: number, bPort: number): number {
    // Normalise so that both directions of the connection give the same key.
    const swap = a > b || (a === b && aPort > bPort);
    this.srcIsLo = !swap;
    const lo = swap ? b : a;
    const hi = swap ? a : b;
    const ports = swap ? (bPort << 16) | aPort : (aPort << 16) | bPort;
    const udp = proto === 17 ? FlowBit.Udp : 0;
    this.lo = lo;
    this.hi = hi;
    this.ports = ports;
    this.udp = udp;
    const slots = this.slots;
    const mask = this.mask;
    const u = this.recs.u;
    let s = hashKey(lo, hi, ports, udp) & mask;
    for (;;) {
      const f = slots[s] ?? 0;
      if (f === 0) return s;
      const k = (f - 1) * FLOW_WORDS;
      if (
        u[k + KEY_LO] === lo &&
        u[k + KEY_HI] === hi &&
        u[k + KEY_PORTS] === ports >>> 0 &&
        ((u[k + FLAGS] ?? 0) & FlowBit.Udp) === udp
      ) {
        return s;
      }
      s = (s + 1) & mask;
    }
  }

  /** The current flow of the conversation in `slot`, -1 for none. */
  flow(slot: number): number {
    return (this.slots[slot] ?? 0) - 1;
  }

  /** Writes the key of the last `find` into the record of flow `flow` (and its UDP bit into FLAGS). */
  writeKey(flow: number): void {
    const u = this.recs.u;
    const k = flow * FLOW_WORDS;
    u[k + KEY_LO] = this.lo;
    u[k + KEY_HI] = this.hi;
    u[k + KEY_PORTS] = this.ports;
    u[k + FLAGS] = ((u[k + FLAGS] ?? 0) & ~FlowBit.Udp) | this.udp;
  }

  /** Points the conversation in `slot` (from the last `find`) at `flow`, whose record holds its key. */
  setFlow(slot: number, flow: number): void {
    const isNew = this.slots[slot] === 0;
    this.slots[slot] = flow + 1;
    if (isNew && ++this.length * 2 > this.slots.length) this.rehash();
  }

  /** Doubles the slot array, placing every conversation again from its key. */
  private rehash(): void {
    const old = this.slots;
    const size = old.length * 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    const u = this.recs.u;
    for (const f of old) {
      if (f === 0) continue;
      const k = (f - 1) * FLOW_WORDS;
      const udp = (u[k + FLAGS] ?? 0) & FlowBit.Udp;
      let s = hashKey(u[k + KEY_LO] ?? 0, u[k + KEY_HI] ?? 0, (u[k + KEY_PORTS] ?? 0) | 0, udp) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = f;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
