// The mutable cursor the layer decoders share while one frame is decoded. One instance per
// FrameDecoder, reused for every frame, so decoding allocates nothing per packet.
import type { PacketTable } from '../packet-table';
import { u32 } from './bytes';
import { FragmentReassembler } from './fragment-reassembler';

/** Largest IP datagram a reassembly can produce (IPv4 total length and IPv6 payload length are 16-bit). */
export const MAX_DATAGRAM = 65535;
/** Room for the IP header written in front of a reassembled payload (IPv4 ≤ 60, IPv6 fixed 40). */
const HEADER_ROOM = 64;

export class DecodeState {
  row = 0;
  /** Bytes being decoded: the frame's buffer, or `reassembled` once a datagram was completed. */
  buf: Uint8Array = new Uint8Array(0);
  /** Offset in `buf` that `payloadOffset` is measured from (the frame start, or 0 after reassembly). */
  base = 0;
  /** End of the captured bytes the current layer may read. */
  capEnd = 0;
  /** End of the bytes as they were on the wire (frame start + original length, or the enclosing
   * datagram's end); lengths taken "from the frame" (TSO, over-long IP lengths) stop here. */
  reportedEnd = 0;
  /** IP headers entered so far in this frame: more than one means tunnelled; bounded by ip.ts. */
  ipDepth = 0;
  /** VLAN ID of the innermost 802.1Q tag (0 when untagged): part of tshark's IPv4 reassembly key. */
  vlan = 0;

  // The row's endpoints as the layers find them (an inner IP header replaces the outer one's):
  // interned as one endpoint pair when the frame is done (FrameDecoder.decode).
  l3 = 0;
  proto = 0;
  /** IPv6: address-table indexes. IPv4 keeps the raw addresses in srcV4/dstV4 instead, interned only
   * when the endpoint pair is new (EndpointPairs.internV4) or the header is tunnelled (internOuterV4). */
  src = 0;
  dst = 0;
  srcV4 = 0;
  dstV4 = 0;
  srcPort = 0;
  dstPort = 0;

  /** Result of an IP header read: the next protocol, where it starts and where the datagram ends. */
  next = 0;
  nextOff = 0;
  segEnd = 0;

  readonly fragments = new FragmentReassembler();
  /** Output buffer for a completed datagram: IP header, then the reassembled payload. */
  readonly reassembled = new Uint8Array(HEADER_ROOM + MAX_DATAGRAM);

  // A small cache in front of the address table: consecutive packets mostly share their two
  // addresses (one flow, both directions), and interning hashes every time.
  private readonly v4Key = new Float64Array([-1, -1, -1, -1]);
  private readonly v4Index = new Uint32Array(4);
  private readonly v6Key = new Uint32Array(16);
  private readonly v6Index = new Int32Array([-1, -1, -1, -1]);
  private v4Next = 0;
  private v6Next = 0;

  constructor(readonly table: PacketTable) {}

  /** Address-table index of the IPv4 address `v` (the big-endian value as an unsigned number). */
  v4(v: number): number {
    const k = this.v4Key;
    for (let i = 0; i < 4; i++) if (k[i] === v) return this.v4Index[i]!;
    const idx = this.table.addresses.internV4(v);
    const slot = this.v4Next;
    this.v4Next = (slot + 1) & 3;
    k[slot] = v;
    this.v4Index[slot] = idx;
    return idx;
  }

  /**
   * An IPv4 header whose addresses an inner IP header is about to replace: intern them now, so that
   * addresses are numbered in the order the packets show them (as if every header interned its own).
   */
  internOuterV4(): void {
    this.src = this.v4(this.srcV4);
    this.dst = this.v4(this.dstV4);
  }

  /** Address-table index of the IPv6 address at `b[at, at + 16)`. */
  v6(b: Uint8Array, at: number): number {
    const w0 = u32(b, at);
    const w1 = u32(b, at + 4);
    const w2 = u32(b, at + 8);
    const w3 = u32(b, at + 12);
    const k = this.v6Key;
    for (let i = 0; i < 4; i++) {
      const o = i * 4;
      if (this.v6Index[i]! >= 0 && k[o] === w0 && k[o + 1] === w1 && k[o + 2] === w2 && k[o + 3] === w3) {
        return this.v6Index[i]!;
      }
    }
    const idx = this.table.addresses.internV6(b, at);
    const slot = this.v6Next;
    this.v6Next = (slot + 1) & 3;
    const o = slot * 4;
    k[o] = w0;
    k[o + 1] = w1;
    k[o + 2] = w2;
    k[o + 3] = w3;
    this.v6Index[slot] = idx;
    return idx;
  }

  /** Sets a Decode bit on the current row. */
  flag(bit: number): void {
    const t = this.table.decode;
    t[this.row] = t[this.row]! | bit;
  }

  /** Whether `buf` is still the frame itself (a reassembled datagram is never reassembled again). */
  get inFrame(): boolean {
    return this.buf !== this.reassembled;
  }
}
