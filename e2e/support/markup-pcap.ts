// A pcap made in the test: one HTTP/1.1 keep-alive connection whose request line, headers and
// response status carry markup and script, shaped as a stale keep-alive reuse (a response, 5 s of
// idle, the server's FIN, then the same request again answered by RST) so the text appears in the
// ladder, the packet details and the finding. Ethernet / IPv4 / TCP, microsecond pcap (libpcap
// file format); sequence numbers follow RFC 9293 (SYN and FIN count one).
export const MARKUP_TARGET = '/<img src=x onerror=alert(1)><script>alert(2)</script>';
export const MARKUP_REQUEST_LINE = `GET ${MARKUP_TARGET} HTTP/1.1`;
export const MARKUP_HEADER = 'User-Agent: <svg onload=alert(3)>';
export const MARKUP_STATUS = 'HTTP/1.1 200 <i>OK</i><script>alert(4)</script>';
export const MARKUP_SERVER = 'Server: <iframe src=javascript:alert(5)></iframe>';

const CLIENT = { ip: [10, 1, 1, 1], port: 40000 };
const SERVER = { ip: [10, 1, 1, 2], port: 80 };
const FLAG = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 } as const;

interface Segment {
  t: number;
  fromClient: boolean;
  flags: number;
  seq: number;
  ack: number;
  payload?: string;
}

function frame(s: Segment): Buffer {
  const data = Buffer.from(s.payload ?? '', 'latin1');
  const f = Buffer.alloc(14 + 20 + 20 + data.length);
  f.set([2, 0, 0, 0, 0, s.fromClient ? 2 : 1, 2, 0, 0, 0, 0, s.fromClient ? 1 : 2], 0);
  f.writeUInt16BE(0x0800, 12);
  f.writeUInt8(0x45, 14);
  f.writeUInt16BE(40 + data.length, 16);
  f.writeUInt8(64, 22);
  f.writeUInt8(6, 23);
  const [src, dst] = s.fromClient ? [CLIENT, SERVER] : [SERVER, CLIENT];
  f.set(src.ip, 26);
  f.set(dst.ip, 30);
  f.writeUInt16BE(src.port, 34);
  f.writeUInt16BE(dst.port, 36);
  f.writeUInt32BE(s.seq >>> 0, 38);
  f.writeUInt32BE(s.ack >>> 0, 42);
  f.writeUInt8(0x50, 46);
  f.writeUInt8(s.flags, 47);
  f.writeUInt16BE(65535, 48);
  f.set(data, 54);
  return f;
}

/** The capture's bytes: 11 frames, the requests are frames 4 and 10, the response frame 6, the RST frame 11. */
export function markupPcap(): Buffer {
  const req = `${MARKUP_REQUEST_LINE}\r\nHost: <b>bold</b>\r\n${MARKUP_HEADER}\r\n\r\n`;
  const res = `${MARKUP_STATUS}\r\n${MARKUP_SERVER}\r\nContent-Length: 0\r\n\r\n`;
  const c = 1000;
  const s = 5000;
  const c2 = c + 1 + req.length;
  const s2 = s + 1 + res.length;
  const { FIN, SYN, RST, PSH, ACK } = FLAG;
  const segments: Segment[] = [
    { t: 0, fromClient: true, flags: SYN, seq: c, ack: 0 },
    { t: 0.001, fromClient: false, flags: SYN | ACK, seq: s, ack: c + 1 },
    { t: 0.002, fromClient: true, flags: ACK, seq: c + 1, ack: s + 1 },
    { t: 0.01, fromClient: true, flags: PSH | ACK, seq: c + 1, ack: s + 1, payload: req },
    { t: 0.011, fromClient: false, flags: ACK, seq: s + 1, ack: c2 },
    { t: 0.02, fromClient: false, flags: PSH | ACK, seq: s + 1, ack: c2, payload: res },
    { t: 0.021, fromClient: true, flags: ACK, seq: c2, ack: s2 },
    { t: 5.02, fromClient: false, flags: FIN | ACK, seq: s2, ack: c2 },
    { t: 5.021, fromClient: true, flags: ACK, seq: c2, ack: s2 + 1 },
    { t: 6, fromClient: true, flags: PSH | ACK, seq: c2, ack: s2 + 1, payload: req },
    { t: 6.0001, fromClient: false, flags: RST, seq: s2 + 1, ack: 0 },
  ];
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16);
  header.writeUInt32LE(1, 20);
  const records = segments.map((seg) => {
    const f = frame(seg);
    const r = Buffer.alloc(16);
    const us = Math.round(seg.t * 1e6);
    r.writeUInt32LE(1_700_000_000 + Math.floor(us / 1e6), 0);
    r.writeUInt32LE(us % 1e6, 4);
    r.writeUInt32LE(f.length, 8);
    r.writeUInt32LE(f.length, 12);
    return Buffer.concat([r, f]);
  });
  return Buffer.concat([header, ...records]);
}
