// Streaming reader for classic pcap files (libpcap's savefile format, draft-ietf-opsawg-pcap),
// following what Wireshark's wiretap/libpcap.c accepts so Wirelens reads every file tshark reads:
// µs and ns magics in both byte orders, the "modified" (Kuznetzov, ss991029) variant with 24-byte
// record headers, Ixia's variants with 4 extra header bytes, pre-2.3 files whose length fields are
// swapped, and AIX's 2.2 files with RFC 1573 ifType link types.
import { ByteQueue } from './byte-queue';
import { maxCapLen, type RecordSink } from './record-sink';
import { setPcapTime, Timestamp } from './timestamps';
import { CaptureError } from './types';

export interface PcapVariant {
  littleEndian: boolean;
  nano: boolean;
  /** 16, or 24 for the modified format. */
  recordHeaderLength: number;
  /** 24, or 28 for Ixia's files. */
  fileHeaderLength: number;
  name: string;
}

/** Magic numbers as the first four bytes read big-endian. */
const MAGICS: Record<number, Omit<PcapVariant, 'littleEndian'> & { le: boolean }> = {
  2712847316: { le: false, nano: false, recordHeaderLength: 16, fileHeaderLength: 24, name: 'pcap' },
  3569595041: { le: true, nano: false, recordHeaderLength: 16, fileHeaderLength: 24, name: 'pcap' },
  2712812621: { le: false, nano: true, recordHeaderLength: 16, fileHeaderLength: 24, name: 'pcap (ns)' },
  1295823521: { le: true, nano: true, recordHeaderLength: 16, fileHeaderLength: 24, name: 'pcap (ns)' },
  2712849716: { le: false, nano: false, recordHeaderLength: 24, fileHeaderLength: 24, name: 'modified pcap' },
  885895841: { le: true, nano: false, recordHeaderLength: 24, fileHeaderLength: 24, name: 'modified pcap' },
  469762476: {
    le: false,
    nano: true,
    recordHeaderLength: 16,
    fileHeaderLength: 28,
    name: 'Ixia hardware pcap',
  },
  2885746716: {
    le: true,
    nano: true,
    recordHeaderLength: 16,
    fileHeaderLength: 28,
    name: 'Ixia hardware pcap',
  },
  469762475: {
    le: false,
    nano: false,
    recordHeaderLength: 16,
    fileHeaderLength: 28,
    name: 'Ixia software pcap',
  },
  2868969500: {
    le: true,
    nano: false,
    recordHeaderLength: 16,
    fileHeaderLength: 28,
    name: 'Ixia software pcap',
  },
};

/** The pcap variant the first four bytes announce, or null. */
export function pcapVariant(bytes: Uint8Array): PcapVariant | null {
  if (bytes.length < 4) return null;
  const magic =
    (((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)) >>> 0;
  const m = MAGICS[magic];
  return m
    ? {
        littleEndian: m.le,
        nano: m.nano,
        recordHeaderLength: m.recordHeaderLength,
        fileHeaderLength: m.fileHeaderLength,
        name: m.name,
      }
    : null;
}

/** How the captured/original length fields are ordered (libpcap.c, lengths_swapped). */
const LengthOrder = {
  Normal: 0,
  Swapped: 1,
  /** Version 2.3: swapped only when caplen > len (some writers got it wrong). */
  Maybe: 2,
} as const;

/** AIX writes RFC 1573 ifType values in 2.2 files; Wireshark maps them back (libpcap.c). */
const AIX_LINK_TYPES: Record<number, number> = { 6: 1, 9: 6, 15: 10, 24: 0 };

export class PcapReader {
  done = false;
  truncated = false;
  /** Where reading stopped at a damaged record, if it did. */
  private damagedAt: number | null = null;
  private readonly q = new ByteQueue();
  private readonly t = new Timestamp();
  private v: PcapVariant | null = null;
  private lengthOrder: number = LengthOrder.Normal;
  private iface = 0;
  private maxCap = 262144;
  private warnedTime = false;

  constructor(private readonly sink: RecordSink) {}

  push(chunk: Uint8Array): void {
    this.q.push(chunk, this.parse, this.isDone);
  }

  /** The data has ended: report a record cut short. */
  finish(): void {
    if (this.done) return;
    const q = this.q;
    q.flush();
    const rest = q.remaining;
    if (!this.v) {
      throw new CaptureError('corrupt', `the file ends after ${rest} bytes, inside its pcap file header`, 0);
    }
    if (rest === 0) return;
    const hl = this.v.recordHeaderLength;
    const frame = this.sink.frames + 1;
    const what =
      rest < hl
        ? `its ${hl}-byte record header`
        : `its ${hl + this.capLenAt(q.pos)}-byte record (${hl}-byte header + ${this.capLenAt(q.pos)} bytes of packet data)`;
    this.stop(
      `frame ${frame} at offset ${q.offset} is cut short: the file ends ${rest} bytes into ${what}`,
      frame,
      q.offset,
      false,
    );
  }

  private readonly isDone = (): boolean => this.done;

  private readonly parse = (): void => {
    if (!this.v && !this.readFileHeader()) return;
    this.readRecords();
  };

  private readFileHeader(): boolean {
    const q = this.q;
    if (q.buf.length - q.pos < 24) {
      q.wait(24);
      return false;
    }
    const v = pcapVariant(q.buf.subarray(q.pos, q.pos + 4));
    if (!v)
      throw new CaptureError('not-a-capture', 'this is not a pcap file: its magic number is unknown', 0);
    if (q.buf.length - q.pos < v.fileHeaderLength) {
      q.wait(v.fileHeaderLength);
      return false;
    }
    const dv = q.view;
    const at = q.pos;
    const major = dv.getUint16(at + 4, v.littleEndian);
    const minor = dv.getUint16(at + 6, v.littleEndian);
    const snapLen = dv.getUint32(at + 16, v.littleEndian);
    let network = dv.getUint32(at + 20, v.littleEndian);
    this.checkVersion(major, minor);
    // The AIX check looks at the magic as the host sees it: tshark runs little-endian.
    if (v.name === 'pcap' && v.littleEndian && !v.nano && major === 2 && minor === 2) {
      const aix = AIX_LINK_TYPES[network];
      if (aix !== undefined) {
        network = aix;
        v.nano = true;
        v.name = 'AIX pcap';
      }
    }
    if ((network & 0x03ff0000) !== 0) {
      const bits = `0x${(network & 0x03ff0000).toString(16).padStart(8, '0')}`;
      throw new CaptureError(
        'unsupported',
        `the pcap header's link-layer type has reserved bits set (${bits}); tshark refuses such files too`,
        20,
      );
    }
    const linkType = network & 0xffff;
    this.iface = this.sink.addInterface(linkType, snapLen);
    // Records follow each other with no padding (draft-ietf-opsawg-pcap §5).
    this.sink.recordLayout(v.recordHeaderLength, 1);
    this.maxCap = maxCapLen(linkType);
    this.v = v;
    q.pos += v.fileHeaderLength;
    return true;
  }

  private checkVersion(major: number, minor: number): void {
    if (major < 2) {
      throw new CaptureError(
        'unsupported',
        `this pcap file says it is version ${major}.${minor}; only version 2 files can be read (tshark refuses it too)`,
        4,
      );
    }
    if (major === 2 && minor < 3) this.lengthOrder = LengthOrder.Swapped;
    else if (major === 2 && minor === 3) this.lengthOrder = LengthOrder.Maybe;
    else if (major === 543) this.lengthOrder = LengthOrder.Swapped; // DG/UX tcpdump
    if (major !== 2 || minor !== 4) {
      this.sink.warn(
        `this pcap file says it is version ${major}.${minor} (the current version is 2.4); it was read as Wireshark reads it`,
        undefined,
        4,
      );
    }
  }

  private capLenAt(at: number): number {
    const q = this.q;
    const le = this.v?.littleEndian ?? true;
    const a = q.view.getUint32(at + 8, le);
    const b = q.view.getUint32(at + 12, le);
    const swap =
      this.lengthOrder === LengthOrder.Swapped || (this.lengthOrder === LengthOrder.Maybe && a > b);
    return swap ? b : a;
  }

  private readRecords(): void {
    const v = this.v!;
    const q = this.q;
    const { buf, view, base } = q;
    const le = v.littleEndian;
    const hl = v.recordHeaderLength;
    const end = buf.length;
    const sink = this.sink;
    const t = this.t;
    const order = this.lengthOrder;
    const maxCap = this.maxCap;
    const iface = this.iface;
    const nano = v.nano;
    let pos = q.pos;
    for (;;) {
      if (end - pos < hl) break;
      let cap = view.getUint32(pos + 8, le);
      let orig = view.getUint32(pos + 12, le);
      if (order !== LengthOrder.Normal && (order === LengthOrder.Swapped || cap > orig)) {
        const c = cap;
        cap = orig;
        orig = c;
      }
      if (cap > maxCap) {
        q.pos = pos;
        this.corrupt(cap, base + pos);
        return;
      }
      if (end - pos < hl + cap) {
        q.pos = pos;
        q.wait(hl + cap);
        return;
      }
      const valid = setPcapTime(t, view.getUint32(pos, le), view.getUint32(pos + 4, le), nano);
      if (!valid && !this.warnedTime) this.warnTime(base + pos);
      sink.packet(iface, t.sec, t.ns, cap, orig, base + pos, buf, pos + hl);
      pos += hl + cap;
    }
    q.pos = pos;
    q.wait(hl);
  }

  private corrupt(cap: number, offset: number): void {
    const frame = this.sink.frames + 1;
    this.stop(
      `frame ${frame} at offset ${offset} is damaged: its record header claims ${cap} captured bytes, ` +
        `more than the ${this.maxCap} a packet can have; reading stopped there and kept the ${frame - 1} frames before it`,
      frame,
      offset,
    );
  }

  private warnTime(offset: number): void {
    this.warnedTime = true;
    const frame = this.sink.frames + 1;
    const unit = this.v?.nano ? 'nanosecond' : 'microsecond';
    this.sink.warn(
      `frame ${frame} at offset ${offset} has an invalid time stamp (its ${unit} field is a second or more); its time was computed as Wireshark computes it`,
      frame,
      offset,
    );
  }

  /** Bytes of capture data read: up to a damaged record, else everything received. */
  get bytesRead(): number {
    return this.damagedAt ?? this.q.end;
  }

  private stop(message: string, frame: number, offset: number, damaged = true): void {
    if (damaged) this.damagedAt = offset;
    this.done = true;
    this.truncated = true;
    this.sink.warn(message, frame, offset);
  }
}
