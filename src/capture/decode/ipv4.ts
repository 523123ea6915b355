// IPv4 header (RFC 791 §3.1), as tshark 4.0's packet-ip.c (dissect_ip_v4) reads it.
import { Decode } from '../packet-table';
import { u16, u32 } from './bytes';
import type { DecodeState } from './decode-state';

/** Fragment field bits (RFC 791 §3.1): More Fragments, and the offset in 8-byte units. */
const MF = 0x2000;
const OFFSET_MASK = 0x1fff;

/**
 * Reads the IPv4 header at `off`: sets l3 and addresses, and on success leaves the next protocol,
 * its start and the datagram end in `s.next` / `s.nextOff` / `s.segEnd` and returns true. Returns
 * false when there is no transport header to decode here (bad or cut header, or a fragment that does
 * not start or complete a datagram).
 */
export function readIPv4(s: DecodeState, off: number): boolean {
  const b = s.buf;
  if (s.capEnd - off < 20) {
    // tshark shows ip.src alone when only the source fits; a row needs both ends, so it gets neither.
    s.flag(Decode.Truncated);
    return false;
  }
  const hlen = (b[off]! & 15) * 4;
  let total = u16(b, off + 2);
  // packet-ip.c gives up before the addresses on a bogus header length or total length.
  if (hlen < 20 || (total !== 0 && total < hlen)) {
    s.flag(Decode.Malformed);
    return false;
  }
  if (total === 0) {
    // TCP segmentation offload: the NIC fills the length in later; tshark (ip.tso_support) takes
    // the length of the frame instead.
    total = s.reportedEnd - off;
    s.flag(Decode.TsoLength);
  }
  // A total length past the frame ("IPv4 total length exceeds packet length"): tshark dissects
  // what the frame holds.
  const end = Math.min(off + total, s.reportedEnd);
  const cut = off + hlen > s.capEnd;
  const dstOff = cut || hlen === 20 ? off + 16 : sourceRouteDestination(b, off + 20, off + hlen, off + 16);
  s.l3 = 4;
  s.srcV4 = u32(b, off + 12);
  s.dstV4 = u32(b, dstOff);
  const frag = u16(b, off + 6);
  if (frag & (MF | OFFSET_MASK)) s.flag(Decode.Fragment);
  if (cut) {
    s.flag(Decode.Truncated); // options cut by the snaplen
    return false;
  }
  s.next = b[off + 9]!;
  s.nextOff = off + hlen;
  s.segEnd = end;
  if (frag & (MF | OFFSET_MASK) && !readIPv4Fragment(s, off, frag, off + total <= s.capEnd)) return false;
  // packet-ip.c hands an empty payload to no one (a header whose total length leaves nothing).
  return s.segEnd > s.nextOff;
}

/**
 * A fragment: reassemble it when tshark would (packet-ip.c: payload not empty and every byte the
 * total length claims was captured), else decode a first fragment as it stands.
 */
function readIPv4Fragment(s: DecodeState, off: number, frag: number, whole: boolean): boolean {
  const b = s.buf;
  const start = s.nextOff;
  const end = s.segEnd;
  const offset = (frag & OFFSET_MASK) * 8;
  if (s.inFrame && end > start && whole) {
    const id = reassemblyId(u16(b, off + 4), s.srcV4, s.dstV4, s.vlan);
    const more = (frag & MF) !== 0;
    // Keyed by the raw addresses (family 4 keeps them apart from IPv6's address indexes).
    const len = s.fragments.add(4, s.srcV4, s.dstV4, id, s.next, offset, more, b, start, end - start);
    if (len < 0) return false;
    // Lay the datagram out as the completing fragment's header followed by the whole payload.
    const hlen = start - off;
    const out = s.reassembled;
    out.set(b.subarray(off, start), 0);
    s.fragments.take(out, hlen);
    s.buf = out;
    s.base = 0;
    s.capEnd = s.reportedEnd = s.segEnd = hlen + len;
    s.nextOff = hlen;
    s.flag(Decode.Reassembled);
    return true;
  }
  // Not reassembled (cut by the snaplen, or already inside a reassembled datagram): like packet-ip.c,
  // only the first fragment's transport header is dissected.
  if (!whole) s.flag(Decode.Truncated);
  return offset === 0;
}

/** tshark keys IPv4 fragments by addresses, protocol and id, plus the VLAN ID when either address is
 * private (RFC 1918) or link-local (RFC 3927), since such addresses repeat across VLANs. */
function reassemblyId(id: number, src: number, dst: number, vlan: number): number {
  return isLocal(src) || isLocal(dst) ? (id | (vlan << 16)) >>> 0 : id;
}

function isLocal(a: number): boolean {
  const hi = a >>> 16;
  return a >>> 24 === 10 || (hi & 0xfff0) === 0xac10 || hi === 0xc0a8 || hi === 0xa9fe;
}

const OPT_EOL = 0;
const OPT_NOP = 1;
const OPT_LSRR = 131;
const OPT_SSRR = 137;

/**
 * With a loose or strict source route option (RFC 791 §3.1) the header's destination is only the
 * next hop; the final destination is the route's last address, unless the route is used up. tshark
 * (packet-ip.c get_dst_offset) shows that address as ip.dst and keys conversations on it.
 * Returns its offset, or `fallback` when there is no usable source route.
 */
function sourceRouteDestination(b: Uint8Array, off: number, end: number, fallback: number): number {
  while (off < end) {
    const opt = b[off]!;
    if (opt === OPT_EOL) return fallback;
    if (opt === OPT_NOP) {
      off++;
      continue;
    }
    if (off + 1 >= end) return fallback;
    const len = b[off + 1]!;
    if (len < 2 || off + len > end) return fallback;
    if (opt === OPT_LSRR || opt === OPT_SSRR) {
      const ptr = len >= 3 ? b[off + 2]! : 0;
      return ptr < 4 || ptr & 3 || ptr > len ? fallback : off + len - 4;
    }
    off += len;
  }
  return fallback;
}
