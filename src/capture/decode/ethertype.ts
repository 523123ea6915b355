// Ethertype dispatch shared by Ethernet, Linux cooked capture and BSD NULL: VLAN tags (IEEE 802.1Q,
// 802.1ad and the pre-standard 0x9100 QinQ tag, any number of them), 802.3 length frames with an
// LLC/SNAP header, PPPoE sessions (RFC 2516) carrying PPP, then IPv4 / IPv6.
import { Decode } from '../packet-table';
import { u16 } from './bytes';
import type { DecodeState } from './decode-state';
import { decodeIp, IpExpect } from './ip';

const IPV4 = 0x0800;
const IPV6 = 0x86dd;
const VLAN = 0x8100;
const QINQ = 0x88a8;
const QINQ_OLD = 0x9100;
const PPPOE_SESSION = 0x8864;
/** Type/length values up to this are an 802.3 length (IEEE 802.3 §3.2.6). */
const MAX_802_3_LENGTH = 1500;

/** PPP protocol numbers (RFC 1332, RFC 5072). */
const PPP_IPV4 = 0x0021;
const PPP_IPV6 = 0x0057;

/** Decodes what follows a type field of value `type`, starting at `off`. */
export function decodeEtherType(s: DecodeState, type: number, off: number): void {
  // Every pass consumes at least 4 bytes or returns, so the captured length bounds the loop.
  for (;;) {
    if (type === IPV4 || type === IPV6) {
      decodeIp(s, off, type === IPV4 ? IpExpect.V4 : IpExpect.V6);
      return;
    }
    if (type === VLAN || type === QINQ || type === QINQ_OLD) {
      if (!need(s, off, 4)) return;
      s.vlan = u16(s.buf, off) & 0x0fff;
      type = u16(s.buf, off + 2);
      off += 4;
      continue;
    }
    if (type === PPPOE_SESSION) {
      decodePppoe(s, off);
      return;
    }
    if (type > MAX_802_3_LENGTH) return;
    // 802.3 length: only SNAP with the Ethernet OUI (RFC 1042) carries an ethertype; STP, CDP, NetBIOS... do not.
    if (s.capEnd - off < 8) return;
    const b = s.buf;
    if (b[off] !== 0xaa || b[off + 1] !== 0xaa || b[off + 2] !== 0x03) return;
    if (b[off + 3] !== 0 || b[off + 4] !== 0 || b[off + 5] !== 0) return;
    type = u16(b, off + 6);
    off += 8;
  }
}

/** Ethernet II / 802.3 header at `off` (IEEE 802.3 §3.1.1): two MAC addresses, then type or length. */
export function decodeEthernet(s: DecodeState, off: number): void {
  if (need(s, off, 14)) decodeEtherType(s, u16(s.buf, off + 12), off + 14);
}

/** PPPoE session header (RFC 2516 §4): version/type, code 0, session id, length, then PPP. */
function decodePppoe(s: DecodeState, off: number): void {
  if (!need(s, off, 6)) return;
  if (s.buf[off + 1] !== 0) return; // session data has code 0
  // Like packet-pppoe.c, the payload ends where the length field says when that is before the
  // frame's end (Ethernet padding, or a bad length: "Possible bad payload length").
  const end = off + 6 + u16(s.buf, off + 4);
  s.reportedEnd = Math.min(s.reportedEnd, end);
  s.capEnd = Math.min(s.capEnd, end);
  decodePpp(s, off + 6);
}

/**
 * A PPP frame at `off` as packet-ppp.c reads it: an optional FF 03 address/control pair (RFC 1662
 * §3.1), then the protocol field, one byte when its low bit is set (protocol field compression,
 * RFC 1661 §6.5), else two.
 */
export function decodePpp(s: DecodeState, off: number): void {
  const b = s.buf;
  if (!need(s, off, 2)) return;
  if (b[off] === 0xff && b[off + 1] === 0x03) off += 2;
  if (!need(s, off, 1)) return;
  let proto = b[off]!;
  if (proto & 1) off += 1;
  else {
    if (!need(s, off, 2)) return;
    proto = u16(b, off);
    off += 2;
  }
  if (proto === PPP_IPV4) decodeIp(s, off, IpExpect.V4);
  else if (proto === PPP_IPV6) decodeIp(s, off, IpExpect.V6);
}

/** Whether `n` bytes from `off` were captured; flags the row Truncated when not. */
export function need(s: DecodeState, off: number, n: number): boolean {
  if (s.capEnd - off >= n) return true;
  s.flag(Decode.Truncated);
  return false;
}
