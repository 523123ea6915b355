// Writes a valid pcap with a given number of TCP connections, for the tests of the views at scale
// (issue 7 item 4: a flow list of 100 000+ flows keeps only the visible rows in the DOM). Generated at
// test time into a temporary file, never committed. Every connection has its own client address and
// port; most are a clean handshake + FIN/FIN close, every seventh is refused (SYN → RST,ACK), so the
// list has problem flows to sort first.
import { closeSync, openSync, writeSync } from 'node:fs';

const FRAME = 54;
const RECORD = 16 + FRAME;
const SERVER = 0x0a000002; // 10.0.0.2
const SERVER_PORT = 80;

const F = { FIN: 0x01, SYN: 0x02, RST: 0x04, ACK: 0x10 } as const;

interface Segment {
  c2s: boolean;
  flags: number;
  seq: number;
  ack: number;
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

/** The segments of connection `n`: refused, or handshake then the client closes first. */
function segments(n: number): Segment[] {
  const c = 1000;
  const s = 5000;
  if (n % 7 === 3) {
    return [
      { c2s: true, flags: F.SYN, seq: c, ack: 0 },
      { c2s: false, flags: F.RST | F.ACK, seq: 0, ack: c + 1 },
    ];
  }
  return [
    { c2s: true, flags: F.SYN, seq: c, ack: 0 },
    { c2s: false, flags: F.SYN | F.ACK, seq: s, ack: c + 1 },
    { c2s: true, flags: F.ACK, seq: c + 1, ack: s + 1 },
    { c2s: true, flags: F.FIN | F.ACK, seq: c + 1, ack: s + 1 },
    { c2s: false, flags: F.FIN | F.ACK, seq: s + 1, ack: c + 2 },
    { c2s: true, flags: F.ACK, seq: c + 2, ack: s + 2 },
  ];
}

function writeRecord(b: Buffer, o: number, usec: number, client: number, port: number, g: Segment): void {
  b.writeUInt32LE(1_700_000_000 + Math.floor(usec / 1e6), o);
  b.writeUInt32LE(usec % 1e6, o + 4);
  b.writeUInt32LE(FRAME, o + 8);
  b.writeUInt32LE(FRAME, o + 12);
  const f = o + 16;
  b.fill(0, f, f + FRAME);
  b.writeUInt16BE(0x0800, f + 12);
  b.writeUInt8(0x45, f + 14);
  b.writeUInt16BE(40, f + 16);
  b.writeUInt8(64, f + 22);
  b.writeUInt8(6, f + 23);
  b.writeUInt32BE(g.c2s ? client : SERVER, f + 26);
  b.writeUInt32BE(g.c2s ? SERVER : client, f + 30);
  b.writeUInt16BE(g.c2s ? port : SERVER_PORT, f + 34);
  b.writeUInt16BE(g.c2s ? SERVER_PORT : port, f + 36);
  b.writeUInt32BE(g.seq, f + 38);
  b.writeUInt32BE(g.ack, f + 42);
  b.writeUInt8(0x50, f + 46);
  b.writeUInt8(g.flags, f + 47);
  b.writeUInt16BE(65535, f + 48);
}

/**
 * Writes `flows` connections to `path`, one after another 100 µs apart (packets 10 µs apart).
 * Returns the number of packets written.
 */
export function writeManyFlowsPcap(path: string, flows: number): number {
  const fd = openSync(path, 'w');
  let packets = 0;
  try {
    writeSync(fd, globalHeader());
    const perBlock = 8192;
    for (let first = 0; first < flows; first += perBlock) {
      const last = Math.min(flows, first + perBlock);
      const b = Buffer.alloc((last - first) * 6 * RECORD);
      let o = 0;
      for (let n = first; n < last; n++) {
        // 10.1.0.0 + n: a distinct client address per connection; ports cycle so none is reused.
        const client = (0x0a010000 + n) >>> 0;
        const port = 20000 + (n % 40000);
        segments(n).forEach((g, k) => {
          writeRecord(b, o, n * 100 + k * 10, client, port, g);
          o += RECORD;
          packets++;
        });
      }
      writeSync(fd, b, 0, o);
    }
  } finally {
    closeSync(fd);
  }
  return packets;
}
