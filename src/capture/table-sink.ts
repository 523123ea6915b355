// The RecordSink that fills the packet table: one row per record, time relative to the first
// record, then the frame decoder and the caller's per-packet hook while the bytes are in memory.
import type { FrameDecoder } from './decode/frame-decoder';
import { type CaptureInterface, Decode, type PacketTable } from './packet-table';
import type { RecordSink } from './record-sink';
import type { CaptureWarning, PacketHook } from './types';

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;
/** Interfaces are numbered in 16 bits (the pcapng reader refuses more, as Wireshark numbers them). */
const MAX_INTERFACES = 65535;
/** The estimate never assumes records shorter than this (a 16-byte pcap record header and most of a
 * minimum Ethernet frame), so a file whose first records are unusually short cannot make the table
 * reserve more than about its own size in memory. */
const MIN_RECORD_BYTES = 64;
/** Most a full table grows at once, whatever the estimate says: captures often begin with short
 * packets (handshakes), so early estimates run high (8× on the 1 GB benchmark file). */
const MAX_GROWTH = 4;
/** Two projections of the file's rows that differ by at most this fraction are trusted. */
const STABLE = 0.04;
/** ... and only once this fraction (1/TRUSTED_FROM) of the file was read. */
const TRUSTED_FROM = 64;

export class TableSink implements RecordSink {
  readonly warnings: CaptureWarning[] = [];
  private readonly linkTypes: number[] = [];
  private readonly snapLens: number[] = [];
  private warnedClamp = false;
  /** File offset and rows at the last growth (makeRoom's recent projection). */
  private grownAt = 0;
  private grownRows = 0;

  /**
   * `sourceBytes`, when known, is the size of the capture data: when the table is full it grows
   * towards the rows the whole file needs (makeRoom), instead of doubling (and copying every
   * column) about log2(frames / 1024) times.
   */
  constructor(
    readonly table: PacketTable,
    private readonly decoder: FrameDecoder,
    private readonly onPacket?: PacketHook,
    private readonly sourceBytes?: number,
  ) {}

  get frames(): number {
    return this.table.length;
  }

  addInterface(linkType: number, snapLen: number, name?: string): number {
    const list = this.table.interfaces;
    if (list.length >= MAX_INTERFACES) return -1;
    const iface: CaptureInterface = { linkType, snapLen };
    if (name !== undefined) iface.name = name;
    list.push(iface);
    this.linkTypes.push(linkType);
    this.snapLens.push(snapLen);
    return list.length - 1;
  }

  recordLayout(stride: number, align: number): void {
    this.table.records.setLayout(stride, align);
  }

  packet(
    iface: number,
    sec: number,
    ns: number,
    capLen: number,
    origLen: number,
    offset: number,
    bytes: Uint8Array,
    start: number,
  ): void {
    const t = this.table;
    if (t.length >= t.tsSec.length) this.makeRoom(offset);
    const row = t.length++;
    this.setTime(row, sec, ns, offset);
    t.origLen[row] = origLen;
    t.records.append(row, iface, this.snapLens[iface] ?? 0, capLen, origLen, offset);
    const d = this.decoder;
    d.decode(row, this.linkTypes[iface] ?? -1, bytes, start, capLen, origLen);
    this.onPacket?.(t, row, d.view, d.viewStart);
  }

  nonPacket(length: number, offset: number, bytes: Uint8Array, start: number): void {
    const t = this.table;
    if (t.length >= t.tsSec.length) this.makeRoom(offset);
    const row = t.length++;
    this.setTime(row, Number.NaN, 0, offset);
    t.origLen[row] = length;
    t.records.append(row, 0, this.snapLens[0] ?? 0, length, length, offset);
    t.decode[row] = Decode.NotAPacket;
    this.onPacket?.(t, row, bytes, start);
  }

  /**
   * Grows the full table for the record at `offset`. Every growth copies the rows so far, and so
   * does trim() when more than 1/16 of a column is left unused, so the aim is one step to the
   * right size as soon as the file's record lengths can be trusted to predict it. Two projections
   * of the rows the file needs: at the average record length so far, and at the average since the
   * last growth (which follows a capture whose packets grow longer after its handshakes). While
   * they disagree by more than STABLE, the table grows geometrically (4× while under an eighth of
   * the file was read, when the copy is cheap, then 2×); once they agree it grows to the recent
   * projection plus 2% (plus 1024 rows), so that trim() keeps the columns as views. An
   * underestimate (a compressed file, whose size is not the data's) just leaves the rest to later
   * growth; never more than the file could hold at MIN_RECORD_BYTES a record.
   */
  private makeRoom(offset: number): void {
    const t = this.table;
    const cap = Math.max(t.tsSec.length, 512);
    const n = t.length;
    let rows = cap * 2;
    const size = this.sourceBytes;
    if (size !== undefined && offset > 0 && size > offset) {
      const byAverage = (size / offset) * n;
      const seen = offset - this.grownAt;
      const recent = this.grownRows > 0 && seen > 0 && n > this.grownRows;
      const byRecent = recent ? n + ((n - this.grownRows) * (size - offset)) / seen : byAverage;
      const bound = Math.max(rows, Math.ceil(size / MIN_RECORD_BYTES));
      // A few thousand records are too few to judge (a capture often opens with a burst of one kind).
      const trusted =
        recent && offset * TRUSTED_FROM >= size && Math.abs(byAverage - byRecent) <= byRecent * STABLE;
      if (trusted) {
        rows = Math.max(Math.ceil(byRecent * 1.02) + 1024, cap + (cap >>> 4));
      } else {
        const step = offset * 8 < size ? cap * MAX_GROWTH : cap * 2;
        rows = Math.min(Math.max(cap * 2, Math.ceil(Math.min(byAverage, byRecent))), step);
      }
      rows = Math.min(rows, bound);
      this.grownAt = offset;
      this.grownRows = n;
    }
    t.reserve(rows);
  }

  warn(message: string, frame?: number, offset?: number): void {
    const w: CaptureWarning = { message };
    if (frame !== undefined) w.frame = frame;
    if (offset !== undefined) w.offset = offset;
    this.warnings.push(w);
  }

  private setTime(row: number, sec: number, ns: number, offset: number): void {
    const t = this.table;
    // The common case in one test: a time stamp (not NaN) after the first one (baseSec set) within
    // ±68 years of it, so that the relative seconds are an Int32.
    const rel = sec - t.baseSec;
    if ((rel | 0) === rel) {
      t.tsSec[row] = rel;
      t.tsNs[row] = ns;
    } else this.setTimeRarely(row, sec, ns, offset);
  }

  private setTimeRarely(row: number, sec: number, ns: number, offset: number): void {
    const t = this.table;
    if (Number.isNaN(sec)) {
      // No time stamp in the record (SPB, custom block): tshark shows none. Repeating the
      // previous frame's time keeps the time column in order for the diagrams.
      t.tsSec[row] = row > 0 ? (t.tsSec[row - 1] ?? 0) : 0;
      t.tsNs[row] = row > 0 ? (t.tsNs[row - 1] ?? 0) : 0;
      return;
    }
    if (Number.isNaN(t.baseSec)) t.baseSec = sec;
    let rel = sec - t.baseSec;
    if (rel > INT32_MAX || rel < INT32_MIN) {
      rel = rel > 0 ? INT32_MAX : INT32_MIN;
      if (!this.warnedClamp) {
        this.warnedClamp = true;
        this.warn(
          `frame ${row + 1} at offset ${offset} is time-stamped more than 68 years away from frame 1; its time was clamped to ±68 years`,
          row + 1,
          offset,
        );
      }
    }
    t.tsSec[row] = rel;
    t.tsNs[row] = ns;
  }
}
