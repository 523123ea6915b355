// The IP layer: one IPv4 or IPv6 header, then as many tunnelled IP headers as follow (IP-in-IP,
// RFC 2003; IPv6-in-IPv4, RFC 4213 §3.5; IPv6-in-IPv6, RFC 2473; and GRE, through the transport
// layer), then the transport header.
// Rows carry the innermost addresses, as `tshark -E occurrence=l` shows them.
import { Decode } from '../packet-table';
import type { DecodeState } from './decode-state';
import { readIPv4 } from './ipv4';
import { readIPv6 } from './ipv6';
import { decodeTransport } from './transport';

/** Which IP versions the dissector for this encapsulation accepts. */
export const IpExpect = {
  /** Raw IP link types: the version nibble decides. */
  Any: 0,
  /** Ethertype 0x0800, AF_INET, LINKTYPE_IPV4, IP protocol 4: packet-ip.c, which hands a version-6
   * header to the IPv6 dissector (tshark shows `ip:ipv6` for tcpdump's LINKTYPE_IPV4_invalid.pcap). */
  V4: 4,
  /** Ethertype 0x86dd, BSD AF_INET6, LINKTYPE_IPV6, IP protocol 41: packet-ipv6.c, which rejects any
   * other version ("Bogus IPv6 version"). */
  V6: 6,
} as const;

const IPPROTO_IPIP = 4;
const IPPROTO_IPV6 = 41;
/** Bound on nested IP headers per frame (the frame length alone would allow thousands through GRE). */
const MAX_DEPTH = 8;

export function decodeIp(s: DecodeState, off: number, expect: number): void {
  for (;;) {
    // Tunnels (IP-in-IP here, GRE through decodeTransport) nest; s.ipDepth bounds the nesting.
    if (s.ipDepth >= MAX_DEPTH) return;
    if (off >= s.capEnd) {
      s.flag(Decode.Truncated);
      return;
    }
    const version = s.buf[off]! >> 4;
    if (version !== 6 && (version !== 4 || expect === IpExpect.V6)) return;
    s.ipDepth++;
    // A header that cannot be read leaves the row with the enclosing datagram's addresses.
    if (!(version === 6 ? readIPv6(s, off) : readIPv4(s, off))) return;
    if (s.ipDepth > 1) s.flag(Decode.Tunnelled);
    const proto = s.next;
    s.proto = proto;
    if (proto !== IPPROTO_IPIP && proto !== IPPROTO_IPV6) {
      decodeTransport(s, proto, s.nextOff, s.segEnd);
      return;
    }
    // The inner datagram may not read past the outer one.
    s.capEnd = Math.min(s.capEnd, s.segEnd);
    s.reportedEnd = s.segEnd;
    off = s.nextOff;
    expect = proto === IPPROTO_IPV6 ? IpExpect.V6 : IpExpect.V4;
  }
}
