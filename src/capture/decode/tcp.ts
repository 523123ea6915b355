// TCP header (RFC 9293 §3.1), as tshark 4.0's packet-tcp.c reads it.
import { Decode, type PacketTable, Proto } from '../packet-table';
import { u16, u32 } from './bytes';
import type { DecodeState } from './decode-state';
import { decodeTcpOptions } from './tcp-options';

/** Bytes packet-tcp.c reads before it assigns a stream: ports, seq, ack, offset, flags, window. */
const FIXED_FIELDS = 16;
const MIN_HEADER = 20;

/**
 * Decodes the TCP header at `off` of a segment whose IP payload ends at `end`.
 * Outcomes, matching tshark:
 * - fewer than 16 bytes: ports only and Decode.PortsOnly (tshark shows the ports but no tcp.stream);
 * - data offset < 5: ports and seq, flags 0, Decode.Malformed (tshark still numbers the stream);
 * - header longer than the segment: fields and the options that fit, payloadLength 0, Decode.Malformed
 *   (tshark has no tcp.len);
 * - otherwise every field, the options, payloadOffset and payloadLength (IP payload − header length),
 *   with Decode.Truncated when the snaplen cut the header or the payload.
 * `hasTcpHeader` tells whether flags, seq, ack and window were read.
 */
export function decodeTcp(s: DecodeState, off: number, end: number): void {
  const t = s.table;
  const row = s.row;
  const b = s.buf;
  const seg = end - off;
  const avail = Math.min(s.capEnd, end) - off;
  if (avail < FIXED_FIELDS) {
    if (avail >= 4) {
      s.srcPort = u16(b, off);
      s.dstPort = u16(b, off + 2);
    }
    s.flag(Decode.PortsOnly | (seg < FIXED_FIELDS ? Decode.Malformed : Decode.Truncated));
    return;
  }
  s.srcPort = u16(b, off);
  s.dstPort = u16(b, off + 2);
  t.seq[row] = u32(b, off + 4);
  const hlen = (b[off + 12]! >> 4) * 4;
  if (hlen < MIN_HEADER) {
    // packet-tcp.c: "bogus TCP header length ... must be at least 20" — it stops after the seq.
    s.flag(Decode.Malformed);
    return;
  }
  t.ack[row] = u32(b, off + 8);
  t.tcpFlags[row] = ((b[off + 12]! & 1) << 8) | b[off + 13]!;
  t.win[row] = u16(b, off + 14);
  const payloadOffset = off + hlen - s.base;
  if (payloadOffset > 0xffff) {
    s.flag(Decode.Malformed); // only reachable through a giant extension-header chain
    return;
  }
  t.payloadOffset[row] = payloadOffset;
  if (hlen > seg) {
    // "Short segment": the header runs past the IP payload. tshark keeps the fields and reads the
    // options that fit, but has no tcp.len.
    s.flag(Decode.Malformed);
  } else {
    t.payloadLength[row] = Math.min(seg - hlen, 0xffff);
    if (end > s.capEnd) s.flag(Decode.Truncated);
  }
  if (hlen > MIN_HEADER) decodeTcpOptions(s, off + MIN_HEADER, off + hlen, Math.min(s.capEnd, end));
}

/** Whether `row` holds a whole TCP header (flags, seq, ack, window and payload fields are valid). */
export function hasTcpHeader(t: PacketTable, row: number): boolean {
  return t.protoOf(row) === Proto.TCP && t.payloadOffset[row] !== 0;
}
