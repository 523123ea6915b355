// GRE (RFC 2784, key and sequence number RFC 2890, routing RFC 1701) and PPTP's enhanced GRE
// (version 1, RFC 2637 §4.1), as tshark's packet-gre.c hands them on: IPv4, IPv6, transparent
// Ethernet bridging (0x6558) and PPP (0x880b). Anything else stays undecoded, with proto 47.
import { Decode } from '../packet-table';
import { u16 } from './bytes';
import type { DecodeState } from './decode-state';
import { decodeEthernet, decodeEtherType, decodePpp } from './ethertype';

const CHECKSUM = 0x80;
const ROUTING = 0x40;
const KEY = 0x20;
const SEQUENCE = 0x10;
/** Version 1 only: an acknowledgment number follows (RFC 2637 §4.1). */
const ACK = 0x80;
const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const TRANSPARENT_ETHERNET = 0x6558;
const PPP = 0x880b;

/** Decodes the GRE packet at `off` of a datagram ending at `end`, and what it carries. */
export function decodeGre(s: DecodeState, off: number, end: number): void {
  // The inner packet may not read past the outer datagram.
  s.capEnd = Math.min(s.capEnd, end);
  s.reportedEnd = end;
  const b = s.buf;
  if (s.capEnd - off < 4) {
    s.flag(Decode.Truncated);
    return;
  }
  const flags = b[off]!;
  const version = b[off + 1]! & 7;
  const proto = u16(b, off + 2);
  let p = off + 4;
  if (flags & (CHECKSUM | ROUTING)) p += 4; // checksum and offset are present if either bit is
  if (flags & KEY) p += 4;
  if (flags & SEQUENCE) p += 4;
  if (version === 1 && b[off + 1]! & ACK) p += 4;
  if (flags & ROUTING) p = skipSourceRoutes(s, p);
  if (p < 0 || p > s.capEnd) {
    s.flag(Decode.Truncated);
    return;
  }
  if (version === 0 && (proto === ETHERTYPE_IPV4 || proto === ETHERTYPE_IPV6)) decodeEtherType(s, proto, p);
  else if (version === 0 && proto === TRANSPARENT_ETHERNET) decodeEthernet(s, p);
  else if (proto === PPP) decodePpp(s, p);
}

/** Source Route Entries (RFC 1701 §2.1): 4-byte heads with a length, ended by one of length 0. */
function skipSourceRoutes(s: DecodeState, p: number): number {
  while (p + 4 <= s.capEnd) {
    const len = s.buf[p + 3]!;
    p += 4 + len;
    if (len === 0) return p;
  }
  return -1;
}
