// Streaming reader for pcapng (draft-ietf-opsawg-pcapng), accepting what Wireshark's
// wiretap/pcapng.c accepts: several sections of either byte order (interface numbers restart per
// section; the packet table numbers interfaces across the file), EPB, SPB, the obsolete PB, and
// custom blocks counted as frames as tshark counts them. NRB, ISB, DSB and unknown blocks are
// skipped; their contents are not needed to list the packets.
import { ByteQueue } from './byte-queue';
import { readInterfaceOptions } from './pcapng-options';
import { maxCapLen, type RecordSink } from './record-sink';
import { setTicksTime, type TickScale, Timestamp, tickScale } from './timestamps';
import { CaptureError } from './types';

const SHB = 0x0a0d0d0a;
const IDB = 0x00000001;
const PB = 0x00000002;
const SPB = 0x00000003;
const EPB = 0x00000006;
const CB_COPY = 0x00000bad;
const CB_NO_COPY = 0x40000bad;
/** Blocks wiretap returns as records (so tshark numbers them as frames) although they are no packets. */
const OTHER_RECORDS = new Set([0x00000009, 0x00000204, 0x00000216, 0x00000221]); // journal export, sysdig events

const BLOCK_NAMES: Record<number, string> = {
  [SHB]: 'Section Header Block',
  [IDB]: 'Interface Description Block',
  [PB]: 'Packet Block',
  [SPB]: 'Simple Packet Block',
  4: 'Name Resolution Block',
  5: 'Interface Statistics Block',
  [EPB]: 'Enhanced Packet Block',
  10: 'Decryption Secrets Block',
  [CB_COPY]: 'Custom Block',
  [CB_NO_COPY]: 'Custom Block',
};

const MIN_BLOCK = 12;
/** An Enhanced Packet Block without data or options: header 8, interface 4, time 8, lengths 8, trailer 4. */
const EPB_MIN = 32;

/** Smallest total length of each block type (header, fixed fields, trailer), as in pcapng.c. A
 * switch, not an object: block types are large numbers, which would make it a dictionary lookup. */
function minLength(type: number): number {
  switch (type) {
    case EPB:
    case PB:
      return 32;
    case SHB:
      return 28;
    case IDB:
      return 20;
    case SPB:
    case CB_COPY:
    case CB_NO_COPY:
      return 16;
    default:
      return MIN_BLOCK;
  }
}
/** pcapng.c MAX_BLOCK_SIZE: the largest EPB (D-Bus packet) plus room for options. */
const MAX_BLOCK = 32 + 128 * 1024 * 1024 + 131072;

interface Iface {
  global: number;
  snapLen: number;
  maxCap: number;
  scale: TickScale;
}

class Damaged extends Error {}

export class PcapngReader {
  done = false;
  truncated = false;
  /** Where reading stopped at a damaged record, if it did. */
  private damagedAt: number | null = null;
  private readonly q = new ByteQueue();
  private readonly t = new Timestamp();
  private le = true;
  private sections = 0;
  private ifaces: Iface[] = [];
  private warnedLength = false;

  constructor(private readonly sink: RecordSink) {}

  push(chunk: Uint8Array): void {
    this.q.push(chunk, this.parse, this.isDone);
  }

  finish(): void {
    if (this.done) return;
    const q = this.q;
    q.flush();
    const rest = q.remaining;
    if (rest === 0 && this.sections > 0) return;
    if (this.sections === 0) {
      throw new CaptureError(
        'corrupt',
        `the file ends after ${rest} bytes, inside its first Section Header Block`,
        0,
      );
    }
    const frame = this.sink.frames + 1;
    const type = rest >= 4 ? q.view.getUint32(q.pos, this.le) : -1;
    const name = blockName(type);
    const len = rest >= 8 ? roundUp4(q.view.getUint32(q.pos + 4, this.le)) : 0;
    const into = len > 0 ? `its ${len}-byte ${name}` : 'a block header';
    const who = isFrameBlock(type)
      ? `frame ${frame} at offset ${q.offset}`
      : `the ${name} at offset ${q.offset} (before frame ${frame})`;
    this.stop(`${who} is cut short: the file ends ${rest} bytes into ${into}`, frame, q.offset, false);
  }

  private readonly isDone = (): boolean => this.done;

  private readonly parse = (): void => {
    const q = this.q;
    try {
      for (;;) {
        if (this.sections > 0) this.readPackets();
        const avail = q.buf.length - q.pos;
        if (avail < 12) {
          q.wait(12);
          return;
        }
        const type = q.view.getUint32(q.pos, this.le);
        const isShb = type === SHB;
        if (this.sections === 0 && !isShb) {
          throw new CaptureError(
            'not-a-capture',
            'this is not a pcapng file: it does not start with a Section Header Block',
            0,
          );
        }
        if (isShb && avail < 16) {
          q.wait(16);
          return;
        }
        const le = isShb ? this.shbByteOrder() : this.le;
        const len = this.blockLength(type, le);
        if (avail < len) {
          q.wait(len);
          return;
        }
        this.checkTrailer(len, le);
        this.readBlock(type, len, le);
        q.pos += len;
        if (this.done) return;
      }
    } catch (e) {
      if (!(e instanceof Damaged)) throw e;
      this.fail(e.message);
    }
  };

  /**
   * The common case in one tight loop: a run of whole, well-formed Enhanced Packet Blocks of known
   * interfaces. Stops, consuming nothing of it, at the first block that is anything else (another
   * block type, a length that is not a multiple of 4 or disagrees with the trailer, an unknown
   * interface, a captured length out of bounds, a block not wholly in the buffer): the general path
   * in `parse` then reads, warns about or rejects it exactly as before.
   */
  private readPackets(): void {
    const q = this.q;
    const { buf, view, base } = q;
    const le = this.le;
    const ifaces = this.ifaces;
    const sink = this.sink;
    const t = this.t;
    const end = buf.length;
    let pos = q.pos;
    while (end - pos >= EPB_MIN) {
      if (view.getUint32(pos, le) !== EPB) break;
      const len = view.getUint32(pos + 4, le);
      if ((len & 3) !== 0 || len < EPB_MIN || len > end - pos || len > MAX_BLOCK) break;
      if (view.getUint32(pos + len - 4, le) !== len) break;
      const iface = ifaces[view.getUint32(pos + 8, le)];
      if (iface === undefined) break;
      const cap = view.getUint32(pos + 20, le);
      if (cap > iface.maxCap || EPB_MIN + ((cap + 3) & ~3) > len) break;
      setTicksTime(t, view.getUint32(pos + 12, le), view.getUint32(pos + 16, le), iface.scale);
      sink.packet(iface.global, t.sec, t.ns, cap, view.getUint32(pos + 24, le), base + pos, buf, pos + 28);
      pos += len;
    }
    q.pos = pos;
  }

  /** Byte order of the section a Section Header Block opens, from its byte-order magic (§4.1). */
  private shbByteOrder(): boolean {
    const magic = this.q.view.getUint32(this.q.pos + 8, true);
    if (magic === 0x1a2b3c4d) return true;
    if (magic === 0x4d3c2b1a) return false;
    throw new Damaged(`its byte-order magic is 0x${magic.toString(16).padStart(8, '0')}, not 0x1a2b3c4d`);
  }

  /** The block's total length, checked against the minimum for its type and MAX_BLOCK. */
  private blockLength(type: number, le: boolean): number {
    const q = this.q;
    const raw = q.view.getUint32(q.pos + 4, le);
    // Wireshark rounds the length up to a multiple of 4: some writers left the padding out.
    const len = roundUp4(raw);
    if (len !== raw && !this.warnedLength) {
      this.warnedLength = true;
      this.sink.warn(
        `the ${blockName(type)} at offset ${q.offset} has a total length of ${raw}, not a multiple of 4; it was read as ${len}, as Wireshark does`,
        this.sink.frames + 1,
        q.offset,
      );
    }
    const min = minLength(type);
    if (len < min)
      throw new Damaged(`its total length ${raw} is less than the ${min} bytes such a block needs`);
    if (len > MAX_BLOCK)
      throw new Damaged(`its total length ${raw} is larger than any block can be (${MAX_BLOCK})`);
    if (type === SHB) this.checkVersion(le);
    return len;
  }

  /** Sections other than version 1.0 or 1.2 are refused, as pcapng.c refuses them. */
  private checkVersion(le: boolean): void {
    const q = this.q;
    const major = q.view.getUint16(q.pos + 12, le);
    const minor = q.view.getUint16(q.pos + 14, le);
    if (major === 1 && (minor === 0 || minor === 2)) return;
    const msg = `its section says pcapng version ${major}.${minor}; only versions 1.0 and 1.2 can be read (tshark refuses it too)`;
    if (this.sections === 0)
      throw new CaptureError('unsupported', `this pcapng file cannot be read: ${msg}`, q.offset);
    throw new Damaged(msg);
  }

  /** The length at the end of a block must repeat the one at its start (§3.1). */
  private checkTrailer(len: number, le: boolean): void {
    const q = this.q;
    const head = roundUp4(q.view.getUint32(q.pos + 4, le));
    const tail = q.view.getUint32(q.pos + len - 4, le);
    if (roundUp4(tail) !== head) {
      throw new Damaged(`its length fields disagree: ${head} at its start, ${tail} at its end`);
    }
  }

  private readBlock(type: number, len: number, le: boolean): void {
    switch (type) {
      case SHB:
        this.le = le;
        // An Enhanced Packet Block without options: 28 bytes before the data, padding to 32 bits,
        // the 4-byte trailer (§4.3).
        if (this.sections === 0) this.sink.recordLayout(32, 4);
        this.sections++;
        this.ifaces = [];
        break;
      case IDB:
        this.readInterface(len);
        break;
      case EPB:
        this.readPacket(len, 4);
        break;
      case PB:
        this.readPacket(len, 2);
        break;
      case SPB:
        this.readSimplePacket(len);
        break;
      case CB_COPY:
      case CB_NO_COPY:
        // pcapng.c: a custom block's record length is the block length less MIN_CB_SIZE (16).
        this.sink.nonPacket(len - 16, this.q.offset, this.q.buf, this.q.pos + 12);
        break;
      default:
        if (OTHER_RECORDS.has(type)) this.sink.nonPacket(len - 12, this.q.offset, this.q.buf, this.q.pos + 8);
    }
  }

  /** Interface Description Block (§4.2): link type, snap length, time stamp resolution and offset. */
  private readInterface(len: number): void {
    const q = this.q;
    const v = q.view;
    const linkType = v.getUint16(q.pos + 8, this.le);
    const snapLen = v.getUint32(q.pos + 12, this.le);
    const opts = readInterfaceOptions(v, q.pos + 16, q.pos + len - 4, this.le);
    if (opts.damaged) {
      this.sink.warn(
        `the Interface Description Block at offset ${q.offset} has an option that runs past the block's end; the options from there on were ignored`,
        this.sink.frames + 1,
        q.offset,
      );
    }
    const global = this.sink.addInterface(linkType, snapLen, opts.name);
    if (global < 0) throw new Damaged('the file declares more interfaces than Wirelens can number (65535)');
    const scale = tickScale(opts.tsresol, opts.tsoffset);
    this.ifaces.push({ global, snapLen, maxCap: maxCapLen(linkType), scale });
  }

  /** Enhanced Packet Block (§4.3) or, with a 16-bit interface id, the obsolete Packet Block (Appendix A). */
  private readPacket(len: number, idBytes: 2 | 4): void {
    const q = this.q;
    const v = q.view;
    const at = q.pos;
    const le = this.le;
    const id = idBytes === 4 ? v.getUint32(at + 8, le) : v.getUint16(at + 8, le);
    const cap = v.getUint32(at + 20, le);
    const orig = v.getUint32(at + 24, le);
    const iface = this.ifaces[id];
    if (!iface) throw new Damaged(`it names interface ${id} but its section declares ${this.ifaces.length}`);
    if (cap > iface.maxCap)
      throw new Damaged(`it claims ${cap} captured bytes, more than the ${iface.maxCap} a packet can have`);
    if (28 + roundUp4(cap) + 4 > len) {
      throw new Damaged(`its total length ${len} is too small for its ${cap} bytes of packet data`);
    }
    setTicksTime(this.t, v.getUint32(at + 12, le), v.getUint32(at + 16, le), iface.scale);
    this.sink.packet(iface.global, this.t.sec, this.t.ns, cap, orig, q.offset, q.buf, at + 28);
  }

  /**
   * Simple Packet Block (§4.4): interface 0 of the section, no time stamp, and a captured length
   * that is not stored: it is min(original length, the interface's snaplen), snaplen 0 = no limit.
   */
  private readSimplePacket(len: number): void {
    const q = this.q;
    const iface = this.ifaces[0];
    if (!iface) throw new Damaged('it comes before any Interface Description Block in its section');
    const orig = q.view.getUint32(q.pos + 8, this.le);
    const cap = iface.snapLen !== 0 && orig > iface.snapLen ? iface.snapLen : orig;
    if (16 + roundUp4(cap) > len) {
      throw new Damaged(`its total length ${len} is too small for its ${cap} bytes of packet data`);
    }
    if (cap > iface.maxCap)
      throw new Damaged(`it claims ${cap} captured bytes, more than the ${iface.maxCap} a packet can have`);
    this.sink.packet(iface.global, Number.NaN, 0, cap, orig, q.offset, q.buf, q.pos + 12);
  }

  /** A damaged block: in the first section header nothing can be read at all, later we keep what came before. */
  private fail(detail: string): void {
    const q = this.q;
    const type = q.buf.length - q.pos >= 4 ? q.view.getUint32(q.pos, this.le) : -1;
    const name = blockName(type);
    if (this.sections === 0) {
      throw new CaptureError(
        'corrupt',
        `this pcapng file is damaged: its first ${name} is invalid (${detail})`,
        q.offset,
      );
    }
    const frame = this.sink.frames + 1;
    const who = isFrameBlock(type)
      ? `frame ${frame} (the ${name} at offset ${q.offset})`
      : `the ${name} at offset ${q.offset} (before frame ${frame})`;
    this.stop(
      `${who} is damaged: ${detail}; reading stopped there and kept the ${frame - 1} frames before it`,
      frame,
      q.offset,
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

function roundUp4(n: number): number {
  const r = n % 4;
  return r === 0 ? n : n + 4 - r;
}

function blockName(type: number): string {
  return (
    BLOCK_NAMES[type] ??
    (type < 0 ? 'block' : `block of type 0x${(type >>> 0).toString(16).padStart(8, '0')}`)
  );
}

function isFrameBlock(type: number): boolean {
  return (
    type === EPB ||
    type === PB ||
    type === SPB ||
    type === CB_COPY ||
    type === CB_NO_COPY ||
    OTHER_RECORDS.has(type)
  );
}
