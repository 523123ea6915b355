// UDP header (RFC 768), as tshark 4.0's packet-udp.c reads it.
import { Decode } from '../packet-table';
import { u16 } from './bytes';
import type { DecodeState } from './decode-state';

/** Decodes the UDP header at `off` of a datagram whose IP payload ends at `end`. */
export function decodeUdp(s: DecodeState, off: number, end: number): void {
  const t = s.table;
  const row = s.row;
  const b = s.buf;
  const seg = end - off;
  const avail = Math.min(s.capEnd, end) - off;
  if (avail < 8) {
    if (avail >= 4) {
      s.srcPort = u16(b, off);
      s.dstPort = u16(b, off + 2);
    }
    s.flag(Decode.PortsOnly | (seg < 8 ? Decode.Malformed : Decode.Truncated));
    return;
  }
  s.srcPort = u16(b, off);
  s.dstPort = u16(b, off + 2);
  const len = u16(b, off + 4);
  // A length below the header or past the IP payload is "Bad length value" for tshark; the payload
  // is then what the IP header leaves.
  let payload = len - 8;
  if (len < 8 || len > seg) {
    // tshark numbers no udp.stream for a length below the header ("Bad length value 0 < 8").
    s.flag(len < 8 ? Decode.Malformed | Decode.PortsOnly : Decode.Malformed);
    payload = seg - 8;
  }
  const payloadOffset = off + 8 - s.base;
  if (payloadOffset > 0xffff) {
    s.flag(Decode.Malformed);
    return;
  }
  t.payloadOffset[row] = payloadOffset;
  t.payloadLength[row] = Math.min(payload, 0xffff);
  if (off + 8 + payload > s.capEnd) s.flag(Decode.Truncated);
}
