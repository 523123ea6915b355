// IPv6 header and extension-header chain (RFC 8200 §3, §4), as tshark 4.0's packet-ipv6.c reads it.
import { Decode } from '../packet-table';
import { u16, u32 } from './bytes';
import type { DecodeState } from './decode-state';

const HOP_BY_HOP = 0;
const ROUTING = 43;
const FRAGMENT = 44;
const AUTH = 51;
const DEST_OPTIONS = 60;

/**
 * Reads the IPv6 header at `off` and walks its extension headers. Same contract as readIPv4: true
 * with `s.next` / `s.nextOff` / `s.segEnd` set when a transport (or tunnelled) header follows.
 * Every extension header moves the cursor forward by at least 8 bytes, so the walk ends within the
 * captured bytes whatever the chain (libpcap's ipv6_ext_headers.pcap has 133 of them).
 */
export function readIPv6(s: DecodeState, off: number): boolean {
  const b = s.buf;
  if (s.capEnd - off < 40) {
    s.flag(Decode.Truncated);
    return false;
  }
  s.l3 = 6;
  s.src = s.v6(b, off + 8);
  s.dst = s.v6(b, off + 24);
  // A payload length past the frame: tshark dissects what the frame holds ("exceeds framing length").
  const claimedEnd = off + 40 + u16(b, off + 4);
  s.segEnd = Math.min(claimedEnd, s.reportedEnd);
  s.next = b[off + 6]!;
  s.nextOff = off + 40;
  return walkExtensions(s, off, claimedEnd <= s.capEnd);
}

/** `whole`: every byte the payload length claims was captured (tshark reassembles only then). */
function walkExtensions(s: DecodeState, ipOff: number, whole: boolean): boolean {
  for (;;) {
    const nh = s.next;
    if (nh !== HOP_BY_HOP && nh !== ROUTING && nh !== DEST_OPTIONS && nh !== AUTH && nh !== FRAGMENT)
      return true;
    const p = s.nextOff;
    const b = s.buf;
    const limit = Math.min(s.capEnd, s.segEnd);
    const need = nh === FRAGMENT ? 8 : 2;
    if (limit - p < need) {
      s.flag(s.segEnd - p < need ? Decode.Malformed : Decode.Truncated);
      return false;
    }
    s.next = b[p]!;
    if (nh === FRAGMENT) {
      s.nextOff = p + 8;
      const frag = u16(b, p + 2);
      // An "atomic fragment" (offset 0, M clear, RFC 6946) is a whole datagram: keep walking.
      if (frag & 0xfff9 && !readIPv6Fragment(s, ipOff, frag, u32(b, p + 4), whole)) return false;
      continue;
    }
    // Hdr Ext Len counts 8-octet units past the first 8 (RFC 8200 §4.3), or 4-octet units minus 2 for AH (RFC 4302 §2.2).
    s.nextOff = p + (nh === AUTH ? (b[p + 1]! + 2) * 4 : (b[p + 1]! + 1) * 8);
  }
}

/**
 * Fragment header with offset or M set: reassemble when all its bytes were captured. Unlike IPv4,
 * packet-ipv6.c (with reassembly on, the default) shows any fragment it could not add, even the
 * first, as data: no transport header.
 */
function readIPv6Fragment(s: DecodeState, ipOff: number, frag: number, id: number, whole: boolean): boolean {
  s.flag(Decode.Fragment);
  const offset = frag & 0xfff8;
  const start = s.nextOff;
  const end = s.segEnd;
  if (s.inFrame && end > start && whole) {
    const len = s.fragments.add(6, s.src, s.dst, id, 0, offset, (frag & 1) !== 0, s.buf, start, end - start);
    if (len < 0) return false;
    // The datagram as the fixed header followed by the fragmentable part; the walk goes on from the
    // fragment header's Next Header, inside the reassembled bytes.
    const out = s.reassembled;
    out.set(s.buf.subarray(ipOff, ipOff + 40), 0);
    s.fragments.take(out, 40);
    s.buf = out;
    s.base = 0;
    s.capEnd = s.reportedEnd = s.segEnd = 40 + len;
    s.nextOff = 40;
    s.flag(Decode.Reassembled);
    return true;
  }
  if (!whole) s.flag(Decode.Truncated);
  return false;
}
