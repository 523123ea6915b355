// Writes classic pcap or pcapng (one Ethernet interface, Enhanced Packet Blocks) through one large
// buffer handed to an fs write stream whole: the generator writes frames straight into the buffer,
// so there is no per-packet allocation and no per-packet write call.
import { createWriteStream } from 'node:fs';

const BUFFER_BYTES = 8 << 20;
/** Room kept free at all times: one maximum frame plus its record header and trailer. */
const MAX_RECORD = 70000;
export const LINKTYPE_ETHERNET = 1;
const SNAPLEN = 262144;

export class CaptureWriter {
  /** @param {'pcap' | 'pcapng'} format */
  constructor(path, format) {
    this.path = path;
    this.format = format;
    this.stream = createWriteStream(path, { highWaterMark: BUFFER_BYTES * 2 });
    this.buf = Buffer.allocUnsafe(BUFFER_BYTES);
    this.pos = 0;
    this.bytesWritten = 0;
    this.packets = 0;
    this.frameAt = 0;
    if (format === 'pcap') this.writePcapHeader();
    else this.writePcapngHeader();
  }

  /** True when the buffer must be flushed before the next record. */
  get full() {
    return this.pos > BUFFER_BYTES - MAX_RECORD;
  }

  // pcap file header: magic a1b2c3d4 (microseconds), version 2.4, snaplen, link type
  // (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html §4).
  writePcapHeader() {
    const b = this.buf;
    b.writeUInt32LE(0xa1b2c3d4, 0);
    b.writeUInt16LE(2, 4);
    b.writeUInt16LE(4, 6);
    b.writeInt32LE(0, 8);
    b.writeUInt32LE(0, 12);
    b.writeUInt32LE(SNAPLEN, 16);
    b.writeUInt32LE(LINKTYPE_ETHERNET, 20);
    this.pos = 24;
  }

  // Section Header Block then one Interface Description Block (pcapng draft §4.1, §4.2). No
  // if_tsresol option: the default resolution is microseconds, as in the pcap file.
  writePcapngHeader() {
    const b = this.buf;
    const app = Buffer.from('wirelens bench generator');
    const appLen = (app.length + 3) & ~3;
    const shbLen = 28 + 4 + appLen + 4;
    let o = 0;
    b.writeUInt32LE(0x0a0d0d0a, o);
    b.writeUInt32LE(shbLen, o + 4);
    b.writeUInt32LE(0x1a2b3c4d, o + 8);
    b.writeUInt16LE(1, o + 12);
    b.writeUInt16LE(0, o + 14);
    b.writeInt32LE(-1, o + 16); // section length unknown
    b.writeInt32LE(-1, o + 20);
    b.writeUInt16LE(4, o + 24); // shb_userappl
    b.writeUInt16LE(app.length, o + 26);
    b.fill(0, o + 28, o + 28 + appLen);
    app.copy(b, o + 28);
    b.writeUInt32LE(0, o + 28 + appLen); // opt_endofopt
    b.writeUInt32LE(shbLen, o + shbLen - 4);
    o += shbLen;
    b.writeUInt32LE(1, o);
    b.writeUInt32LE(20, o + 4);
    b.writeUInt16LE(LINKTYPE_ETHERNET, o + 8);
    b.writeUInt16LE(0, o + 10);
    b.writeUInt32LE(SNAPLEN, o + 12);
    b.writeUInt32LE(20, o + 16);
    this.pos = o + 20;
  }

  /**
   * Writes a record header for a frame of `len` bytes at time `tsMicros` (integer microseconds since
   * the epoch) and returns the offset in `this.buf` where the frame's bytes go. Call `endFrame()` after
   * writing them.
   */
  beginFrame(tsMicros, len) {
    const b = this.buf;
    let o = this.pos;
    if (this.format === 'pcap') {
      const sec = Math.floor(tsMicros / 1e6);
      b.writeUInt32LE(sec, o);
      b.writeUInt32LE(tsMicros - sec * 1e6, o + 4);
      b.writeUInt32LE(len, o + 8);
      b.writeUInt32LE(len, o + 12);
      o += 16;
    } else {
      // Enhanced Packet Block (pcapng draft §4.3): the 64-bit timestamp is split high/low.
      const padded = (len + 3) & ~3;
      b.writeUInt32LE(6, o);
      b.writeUInt32LE(32 + padded, o + 4);
      b.writeUInt32LE(0, o + 8);
      b.writeUInt32LE(Math.floor(tsMicros / 4294967296), o + 12);
      b.writeUInt32LE(tsMicros % 4294967296, o + 16);
      b.writeUInt32LE(len, o + 20);
      b.writeUInt32LE(len, o + 24);
      o += 28;
    }
    this.frameAt = o;
    this.frameLen = len;
    return o;
  }

  endFrame() {
    let o = this.frameAt + this.frameLen;
    if (this.format === 'pcapng') {
      const padded = (this.frameLen + 3) & ~3;
      this.buf.fill(0, o, this.frameAt + padded);
      o = this.frameAt + padded;
      this.buf.writeUInt32LE(32 + padded, o);
      o += 4;
    }
    this.pos = o;
    this.packets++;
  }

  /** Copies a whole frame (kept for a retransmission) as a new record at `tsMicros`. */
  writeFrame(tsMicros, frame) {
    const o = this.beginFrame(tsMicros, frame.length);
    this.buf.set(frame, o);
    this.endFrame();
  }

  /** Hands the filled part of the buffer to the stream and starts a fresh buffer (the stream keeps a
   * reference to the old one until it is written, so it must not be reused). */
  async flush() {
    if (this.pos === 0) return;
    const chunk = this.buf.subarray(0, this.pos);
    this.bytesWritten += this.pos;
    this.buf = Buffer.allocUnsafe(BUFFER_BYTES);
    this.pos = 0;
    if (!this.stream.write(chunk)) await new Promise((resolve) => this.stream.once('drain', resolve));
  }

  async close() {
    await this.flush();
    await new Promise((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(resolve);
    });
  }
}
