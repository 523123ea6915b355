// Link-layer headers, by pcap LINKTYPE (https://www.tcpdump.org/linktypes.html), as tshark 4.0 maps them.
import { u16, u32, u32le } from './bytes';
import type { DecodeState } from './decode-state';
import { decodeEthernet, decodeEtherType, decodePpp, need } from './ethertype';
import { decodeIp, IpExpect } from './ip';

export const LinkType = {
  NULL: 0,
  ETHERNET: 1,
  /** DLT_RAW on OpenBSD (and in the header of some files written elsewhere): raw IP. */
  RAW_12: 12,
  /** DLT_RAW on BSD/OS: raw IP. */
  RAW_14: 14,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

/** Decodes the link-layer header of type `linkType` at `off` and everything inside it. */
export function decodeLink(s: DecodeState, linkType: number, off: number): void {
  switch (linkType) {
    case LinkType.ETHERNET:
      decodeEthernet(s, off);
      return;
    case LinkType.RAW:
    case LinkType.RAW_12:
    case LinkType.RAW_14:
      decodeIp(s, off, IpExpect.Any);
      return;
    case LinkType.IPV4:
      decodeIp(s, off, IpExpect.V4);
      return;
    case LinkType.IPV6:
      decodeIp(s, off, IpExpect.V6);
      return;
    case LinkType.LINUX_SLL:
      // 16-byte header: packet type, ARPHRD type, address length, 8 address bytes, protocol.
      if (need(s, off, 16)) decodeCooked(s, u16(s.buf, off + 2), u16(s.buf, off + 14), off + 16);
      return;
    case LinkType.LINUX_SLL2:
      // 20-byte header: protocol, reserved, interface index, ARPHRD type, packet type, address length, 8 address bytes.
      if (need(s, off, 20)) decodeCooked(s, u16(s.buf, off + 8), u16(s.buf, off), off + 20);
      return;
    case LinkType.NULL:
      decodeNull(s, off);
      return;
    case LinkType.LOOP:
      if (need(s, off, 4)) decodeFamily(s, loopFamily(u32(s.buf, off)), off + 4);
      return;
  }
}

/** ARPHRD types whose cooked protocol field is not an ethertype (packet-sll.c). */
const ARPHRD_FRAD = 770;
const ARPHRD_IEEE80211_RADIOTAP = 803;
const ARPHRD_NETLINK = 824;
/** Cooked protocol 0x0004: an 802.2 LLC frame follows (packet-sll.c LINUX_SLL_P_802_2). */
const SLL_P_802_2 = 0x0004;

function decodeCooked(s: DecodeState, hatype: number, protocol: number, off: number): void {
  if (hatype === ARPHRD_NETLINK || hatype === ARPHRD_IEEE80211_RADIOTAP || hatype === ARPHRD_FRAD) return;
  // Protocol values ≤ 1500 are Linux ETH_P_* pseudo-types (802.3, CAN, ...), not lengths; only 802.2 LLC may carry IP.
  if (protocol <= 1500 && protocol !== SLL_P_802_2) return;
  // For 802.2 hand over a zero "length" so the ethertype walk reads the LLC header.
  decodeEtherType(s, protocol === SLL_P_802_2 ? 0 : protocol, off);
}

/** BSD address families that mean IPv4 and IPv6 (AF_INET6 is 24, 28 or 30 depending on the BSD). */
const AF_INET = 2;
const AF_INET6_BSD = 24;
const AF_INET6_FREEBSD = 28;
const AF_INET6_DARWIN = 30;

/**
 * DLT_NULL: a 4-byte address family in the capturing host's byte order. packet-null.c reads it in
 * little-endian order (tshark's host) and byte-swaps it when it does not look like a small number;
 * values above 1500 are taken as an ethertype; FF 03 in front means PPP in HDLC-like framing.
 */
function decodeNull(s: DecodeState, off: number): void {
  if (!need(s, off, 2)) return;
  const b = s.buf;
  if (b[off] === 0xff && b[off + 1] === 0x03) {
    decodePpp(s, off);
    return;
  }
  if (!need(s, off, 4)) return;
  let v = u32le(b, off);
  if ((v & 0xffff0000) !== 0) {
    v = (v & 0xff000000) === 0 && (v & 0x00ff0000) < 0x00060000 ? v >>> 16 : swap32(v);
  } else if ((v & 0xff) === 0 && (v & 0xff00) < 0x0600) {
    v = ((v & 0xff) << 8) | ((v >>> 8) & 0xff);
  }
  if (v > 1500) decodeEtherType(s, v & 0xffff, off + 4);
  else decodeFamily(s, v, off + 4);
}

/** DLT_LOOP (OpenBSD): the family is in network byte order; a value that only makes sense swapped is swapped. */
function loopFamily(v: number): number {
  return isFamily(v) ? v : swap32(v);
}

function isFamily(v: number): boolean {
  return v === AF_INET || v === AF_INET6_BSD || v === AF_INET6_FREEBSD || v === AF_INET6_DARWIN;
}

function decodeFamily(s: DecodeState, family: number, off: number): void {
  if (family === AF_INET) decodeIp(s, off, IpExpect.V4);
  else if (family === AF_INET6_BSD || family === AF_INET6_FREEBSD || family === AF_INET6_DARWIN)
    decodeIp(s, off, IpExpect.V6);
}

function swap32(v: number): number {
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
}
