// Lays out one Ethernet II / IPv4 / TCP frame in place, with valid IPv4 and TCP checksums
// (RFC 791 §3.1, RFC 9293 §3.1: one's-complement sum over the pseudo-header, header and payload).

export const ETH_LEN = 14;
export const IP_LEN = 20;
export const TCP_LEN = 20;
export const HEADERS_LEN = ETH_LEN + IP_LEN + TCP_LEN;

/** TCP option layouts the generator uses; the value is the options' length in bytes. */
export const Opt = {
  None: 0,
  /** SYN as Windows sends it: MSS, NOP, WS, NOP, NOP, SACK_PERM. */
  Syn: 1,
  /** SYN as Linux sends it: MSS, SACK_PERM, TS, NOP, WS. */
  SynTs: 2,
  /** Every segment of a Linux flow after the handshake: NOP, NOP, TS. */
  Ts: 3,
  /** MSS only (small-packet flows keep frames under 60 bytes). */
  Mss: 4,
};
export const OPT_LEN = [0, 12, 20, 12, 4];

export const F = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 };

function sum16(b, from, to) {
  let s = 0;
  let i = from;
  for (; i + 1 < to; i += 2) s += (b[i] << 8) | b[i + 1];
  if (i < to) s += b[i] << 8;
  return s;
}

function fold(s) {
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 65536);
  return ~s & 0xffff;
}

function writeMac(b, o, ip) {
  b[o] = 0x02;
  b[o + 1] = 0x00;
  b.writeUInt32BE(ip >>> 0, o + 2);
}

function writeOptions(b, o, opt, tsVal, tsEcr) {
  switch (opt) {
    case Opt.Syn:
      b.set(SYN_WIN, o);
      return;
    case Opt.SynTs:
      b.set(SYN_LINUX, o);
      b.writeUInt32BE(tsVal >>> 0, o + 8);
      b.writeUInt32BE(tsEcr >>> 0, o + 12);
      return;
    case Opt.Ts:
      b[o] = 1;
      b[o + 1] = 1;
      b[o + 2] = 8;
      b[o + 3] = 10;
      b.writeUInt32BE(tsVal >>> 0, o + 4);
      b.writeUInt32BE(tsEcr >>> 0, o + 8);
      return;
    case Opt.Mss:
      b.set(SYN_MSS, o);
      return;
    default:
  }
}
const SYN_WIN = Uint8Array.of(2, 4, 0x05, 0xb4, 1, 3, 3, 8, 1, 1, 4, 2);
const SYN_LINUX = Uint8Array.of(2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 3, 7);
const SYN_MSS = Uint8Array.of(2, 4, 0x05, 0xb4);

/**
 * Writes the headers of a frame whose TCP payload (`payloadLen` bytes) is already in place at
 * `o + HEADERS_LEN + OPT_LEN[opt]`, then the checksums. `frameLen` may exceed the IP datagram
 * (Ethernet padding to 60 bytes, as a receiving NIC delivers short frames); the padding is zeroed.
 */
export function writeTcpFrame(
  b,
  o,
  frameLen,
  src,
  dst,
  sport,
  dport,
  seq,
  ack,
  flags,
  win,
  opt,
  tsVal,
  tsEcr,
  ipId,
  payloadLen,
) {
  const optLen = OPT_LEN[opt];
  const ipTotal = IP_LEN + TCP_LEN + optLen + payloadLen;
  writeMac(b, o, dst);
  writeMac(b, o + 6, src);
  b[o + 12] = 0x08;
  b[o + 13] = 0x00;
  const ip = o + ETH_LEN;
  b[ip] = 0x45;
  b[ip + 1] = 0;
  b.writeUInt16BE(ipTotal, ip + 2);
  b.writeUInt16BE(ipId & 0xffff, ip + 4);
  b[ip + 6] = 0x40; // DF, as Linux and Windows set it on TCP
  b[ip + 7] = 0;
  b[ip + 8] = 64;
  b[ip + 9] = 6;
  b[ip + 10] = 0;
  b[ip + 11] = 0;
  b.writeUInt32BE(src >>> 0, ip + 12);
  b.writeUInt32BE(dst >>> 0, ip + 16);
  b.writeUInt16BE(fold(sum16(b, ip, ip + IP_LEN)), ip + 10);
  const tcp = ip + IP_LEN;
  b.writeUInt16BE(sport, tcp);
  b.writeUInt16BE(dport, tcp + 2);
  b.writeUInt32BE(seq >>> 0, tcp + 4);
  b.writeUInt32BE(ack >>> 0, tcp + 8);
  b[tcp + 12] = ((TCP_LEN + optLen) / 4) << 4;
  b[tcp + 13] = flags;
  b.writeUInt16BE(win, tcp + 14);
  b[tcp + 16] = 0;
  b[tcp + 17] = 0;
  b[tcp + 18] = 0;
  b[tcp + 19] = 0;
  writeOptions(b, tcp + TCP_LEN, opt, tsVal, tsEcr);
  const tcpLen = TCP_LEN + optLen + payloadLen;
  const end = tcp + tcpLen;
  if (o + frameLen > end) b.fill(0, end, o + frameLen);
  // Pseudo-header (RFC 9293 §3.1): source, destination, zero + protocol, TCP length.
  const pseudo = (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + 6 + tcpLen;
  b.writeUInt16BE(fold(pseudo + sum16(b, tcp, end)), tcp + 16);
}
