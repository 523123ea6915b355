// Writes a valid pcap holding ONE TCP connection of a given number of packets, for the ladder at scale
// (issue 7 item 4: the ladder of a 1 M-packet flow keeps only the visible arrows in the DOM). Generated
// at test time into a temporary file, never committed. The connection is a bulk upload on a non-HTTP
// port: handshake, then the client sends 6-byte segments that the server acknowledges one by one,
// then the client closes (FIN, FIN, ACK). Frame k of the file is the connection's k-th packet, so the
// last frame number is the packet count.
import { closeSync, openSync, writeSync } from 'node:fs';

const HEADERS = 54; // Ethernet 14 + IPv4 20 + TCP 20
const PAYLOAD = 6;
const CLIENT = 0x0a000001; // 10.0.0.1
const SERVER = 0x0a000002; // 10.0.0.2
const CLIENT_PORT = 40_000;
const SERVER_PORT = 5001;
const ISN_CLIENT = 1_000;
const ISN_SERVER = 900_000;
const SPACING_US = 100;

const F = { FIN: 0x01, SYN: 0x02, PSH: 0x08, ACK: 0x10 } as const;

/** What a long flow's file holds, for the test's expectations. */
export interface LongFlow {
  packets: number;
  /** Frame number of the last packet (= packets). */
  lastFrame: number;
  /** Payload bytes the client sends (the server sends none). */
  clientBytes: number;
  client: string;
  server: string;
}

interface Segment {
  c2s: boolean;
  flags: number;
  seq: number;
  ack: number;
  len: number;
}

function globalHeader(): Buffer {
  const h = Buffer.alloc(24);
  h.writeUInt32LE(0xa1b2c3d4, 0); // microsecond pcap, little-endian
  h.writeUInt16LE(2, 4);
  h.writeUInt16LE(4, 6);
  h.writeUInt32LE(262144, 16);
  h.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
  return h;
}

/** Segment `i` (0-based) of a connection of `total` packets. */
function segment(i: number, total: number): Segment {
  const c = ISN_CLIENT;
  const s = ISN_SERVER;
  const pairs = (total - 6) / 2;
  const sent = c + 1 + pairs * PAYLOAD; // the client's next sequence number once all data is out
  if (i === 0) return { c2s: true, flags: F.SYN, seq: c, ack: 0, len: 0 };
  if (i === 1) return { c2s: false, flags: F.SYN | F.ACK, seq: s, ack: c + 1, len: 0 };
  if (i === 2) return { c2s: true, flags: F.ACK, seq: c + 1, ack: s + 1, len: 0 };
  if (i === total - 3) return { c2s: true, flags: F.FIN | F.ACK, seq: sent, ack: s + 1, len: 0 };
  if (i === total - 2) return { c2s: false, flags: F.FIN | F.ACK, seq: s + 1, ack: sent + 1, len: 0 };
  if (i === total - 1) return { c2s: true, flags: F.ACK, seq: sent + 1, ack: s + 2, len: 0 };
  const k = Math.floor((i - 3) / 2);
  const seq = c + 1 + k * PAYLOAD;
  return (i - 3) % 2 === 0
    ? { c2s: true, flags: F.PSH | F.ACK, seq, ack: s + 1, len: PAYLOAD }
    : { c2s: false, flags: F.ACK, seq: s + 1, ack: seq + PAYLOAD, len: 0 };
}

function writeRecord(b: Buffer, o: number, i: number, g: Segment): number {
  const frame = HEADERS + g.len;
  const usec = i * SPACING_US;
  b.writeUInt32LE(1_700_000_000 + Math.floor(usec / 1e6), o);
  b.writeUInt32LE(usec % 1e6, o + 4);
  b.writeUInt32LE(frame, o + 8);
  b.writeUInt32LE(frame, o + 12);
  const f = o + 16;
  b.fill(0, f, f + frame);
  b.writeUInt16BE(0x0800, f + 12); // EtherType IPv4
  b.writeUInt8(0x45, f + 14); // IPv4, IHL 5
  b.writeUInt16BE(40 + g.len, f + 16); // total length
  b.writeUInt8(64, f + 22); // TTL
  b.writeUInt8(6, f + 23); // TCP
  b.writeUInt32BE(g.c2s ? CLIENT : SERVER, f + 26);
  b.writeUInt32BE(g.c2s ? SERVER : CLIENT, f + 30);
  b.writeUInt16BE(g.c2s ? CLIENT_PORT : SERVER_PORT, f + 34);
  b.writeUInt16BE(g.c2s ? SERVER_PORT : CLIENT_PORT, f + 36);
  b.writeUInt32BE(g.seq >>> 0, f + 38);
  b.writeUInt32BE(g.ack >>> 0, f + 42);
  b.writeUInt8(0x50, f + 46); // data offset 5
  b.writeUInt8(g.flags, f + 47);
  b.writeUInt16BE(65535, f + 48);
  if (g.len > 0) b.write('abcdef', f + HEADERS, 'latin1');
  return o + 16 + frame;
}

/**
 * Writes one connection of `packets` packets (an even number ≥ 8), 100 µs apart, to `path`.
 */
export function writeLongFlowPcap(path: string, packets: number): LongFlow {
  if (packets < 8 || packets % 2 !== 0) throw new Error('packets must be an even number ≥ 8');
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, globalHeader());
    const perBlock = 65_536;
    const block = Buffer.alloc(perBlock * (16 + HEADERS + PAYLOAD));
    for (let first = 0; first < packets; first += perBlock) {
      const last = Math.min(packets, first + perBlock);
      let o = 0;
      for (let i = first; i < last; i++) o = writeRecord(block, o, i, segment(i, packets));
      writeSync(fd, block, 0, o);
    }
  } finally {
    closeSync(fd);
  }
  return {
    packets,
    lastFrame: packets,
    clientBytes: ((packets - 6) / 2) * PAYLOAD,
    client: `10.0.0.1:${CLIENT_PORT}`,
    server: `10.0.0.2:${SERVER_PORT}`,
  };
}
