// The frame most captures are made of, decoded in one function: Ethernet II, an IPv4 header without
// options that is no fragment, a TCP header that fits the datagram, the whole datagram captured.
// It writes exactly what the layer-by-layer path (link.ts → ethertype.ts → ip.ts → ipv4.ts →
// tcp.ts) writes for such a frame, without its calls and cursor updates; anything else — VLAN tags,
// IP options, fragments, a TSO length of 0, a cut or malformed header, Ethernet padding past the
// IP length is fine — is left to that path, which gets the frame untouched.
import { Proto } from '../packet-table';
import type { DecodeState } from './decode-state';
import { decodeTcpOptions } from './tcp-options';

const ETHERNET_HEADER = 14;
const IP_AT = ETHERNET_HEADER;
const TCP_AT = IP_AT + 20;
/** Ethernet + 20-byte IPv4 header + 20-byte TCP header. */
const MIN_FRAME = TCP_AT + 20;

/**
 * Decodes `s.buf[start, capEnd)` when it is such a frame and returns true, else returns false
 * having written nothing. `s.row`, `s.buf`, `s.base`, `s.capEnd` are set; the endpoints are left
 * in `s` as the IP and TCP layers leave them.
 */
export function decodeEthernetIPv4Tcp(s: DecodeState, start: number, capEnd: number): boolean {
  const b = s.buf;
  // Ethertype 0x0800, version 4 with a 20-byte header, protocol 6 (RFC 791 §3.1).
  if (capEnd - start < MIN_FRAME || b[start + 12] !== 0x08 || b[start + 13] !== 0x00) return false;
  const ip = start + IP_AT;
  if (b[ip] !== 0x45 || b[ip + 9] !== Proto.TCP) return false;
  // No More Fragments and no fragment offset (the DF bit may be set).
  if ((b[ip + 6]! & 0x3f) !== 0 || b[ip + 7] !== 0) return false;
  const total = (b[ip + 2]! << 8) | b[ip + 3]!;
  // A total length of 0 (TSO), below the two headers, or past the captured bytes: the general path.
  if (total < 40 || ip + total > capEnd) return false;
  const tcp = ip + 20;
  const hlen = (b[tcp + 12]! >> 4) * 4;
  const seg = total - 20;
  if (hlen < 20 || hlen > seg) return false;
  s.l3 = 4;
  s.proto = Proto.TCP;
  // As Int32 values, which is how the decoder hands them to EndpointPairs.internV4.
  s.srcV4 = (b[ip + 12]! << 24) | (b[ip + 13]! << 16) | (b[ip + 14]! << 8) | b[ip + 15]!;
  s.dstV4 = (b[ip + 16]! << 24) | (b[ip + 17]! << 16) | (b[ip + 18]! << 8) | b[ip + 19]!;
  s.srcPort = (b[tcp]! << 8) | b[tcp + 1]!;
  s.dstPort = (b[tcp + 2]! << 8) | b[tcp + 3]!;
  const t = s.table;
  const row = s.row;
  t.seq[row] = ((b[tcp + 4]! << 24) | (b[tcp + 5]! << 16) | (b[tcp + 6]! << 8) | b[tcp + 7]!) >>> 0;
  t.ack[row] = ((b[tcp + 8]! << 24) | (b[tcp + 9]! << 16) | (b[tcp + 10]! << 8) | b[tcp + 11]!) >>> 0;
  t.tcpFlags[row] = ((b[tcp + 12]! & 1) << 8) | b[tcp + 13]!;
  t.win[row] = (b[tcp + 14]! << 8) | b[tcp + 15]!;
  t.payloadOffset[row] = TCP_AT + hlen;
  t.payloadLength[row] = seg - hlen;
  if (hlen > 20) decodeTcpOptions(s, tcp + 20, tcp + hlen, ip + total);
  return true;
}
