// Where each frame's record lies in the (decompressed) file, its captured length and its interface,
// stored sparsely instead of 14 bytes per row: these are almost always predictable from the row
// before, so only the rows where the prediction fails are kept.
// - Interface: a run list, one entry (row, interface, its snap length) where the interface changes.
// - Captured length: min(original length, the interface's snap length; 0 = no limit), with a list of
//   the rows where it is something else (a cut record that the snap length does not explain, a
//   custom block, a writer that gets it wrong).
// - File offset: records follow each other, so a row's offset is the previous one's plus the
//   previous record's length: `stride + pad(capLen)`, where pad rounds up to the format's alignment
//   (pcap: stride 16 (24 for the modified format), no padding, draft-ietf-opsawg-pcap §5; pcapng
//   Enhanced Packet Block without options: stride 32, padding to 4, draft-ietf-opsawg-pcapng §4.3).
//   An entry (row, offset, stride) is kept where that fails (options, other blocks in between),
//   with the stride seen there, so a file whose packet blocks all carry the same options costs one
//   entry; and one every ANCHOR_EVERY rows, so finding a row's offset walks at most that many rows.

import { resizedCopy } from './typed-arrays';

/** Rows between two offset anchors: fileOffsetOf walks at most this many rows. */
export const ANCHOR_EVERY = 256;

/** Index of the last entry of `rows[0, n)` (ascending) that is <= row, -1 if none. */
function lastAtOrBefore(rows: Uint32Array, n: number, row: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]! <= row) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export class RecordIndex {
  /** Record header bytes between two packet records, for the first row (the reader's format). */
  defaultStride = 0;
  /** pad(capLen) rounds up to a multiple of this (1 or 4). */
  align = 1;

  /** Interface runs. */
  runCount = 0;
  runRow = new Uint32Array(4);
  runIface = new Uint32Array(4);
  runSnap = new Uint32Array(4);

  /** Captured-length exceptions. */
  capCount = 0;
  capRow = new Uint32Array(16);
  capLen = new Uint32Array(16);

  /** Offset entries: exact offset of the row and the stride of the steps after it. */
  offCount = 0;
  offRow = new Uint32Array(16);
  offValue = new Float64Array(16);
  offStride = new Float64Array(16);

  // The appending state (the reader adds rows in order).
  private lastIface = -1;
  private snap = 0;
  private stride = 0;
  private nextOffset = Number.NaN;
  private nextAnchor = 0;

  /** Sets the format's record layout, before the first row. */
  setLayout(stride: number, align: number): void {
    this.defaultStride = stride;
    this.stride = stride;
    this.align = align;
  }

  /**
   * Records row `row` (the next one: rows come in ascending order). `snap` is the snap length of
   * `iface` (0 = no limit); `offset` NaN when the row has no place in a file (test tables).
   */
  append(row: number, iface: number, snap: number, capLen: number, origLen: number, offset: number): void {
    if (iface !== this.lastIface) this.addRun(row, iface, snap);
    const s = this.snap;
    if (capLen !== (s !== 0 && origLen > s ? s : origLen)) this.addCap(row, capLen);
    if (offset !== this.nextOffset || row >= this.nextAnchor) {
      if (Number.isNaN(offset)) return;
      this.addOffset(row, offset);
    }
    const m = this.align - 1;
    this.nextOffset = offset + this.stride + ((capLen + m) & ~m);
  }

  private addRun(row: number, iface: number, snap: number): void {
    if (this.runCount === this.runRow.length) {
      const n = this.runCount * 2;
      this.runRow = resizedCopy(this.runRow, n);
      this.runIface = resizedCopy(this.runIface, n);
      this.runSnap = resizedCopy(this.runSnap, n);
    }
    const k = this.runCount++;
    this.runRow[k] = row;
    this.runIface[k] = iface;
    this.runSnap[k] = snap;
    this.lastIface = iface;
    this.snap = snap;
  }

  private addCap(row: number, capLen: number): void {
    if (this.capCount === this.capRow.length) {
      this.capRow = resizedCopy(this.capRow, this.capCount * 2);
      this.capLen = resizedCopy(this.capLen, this.capCount * 2);
    }
    this.capRow[this.capCount] = row;
    this.capLen[this.capCount++] = capLen;
  }

  private addOffset(row: number, offset: number): void {
    // The stride of the step that led here (a forced anchor keeps it): most likely the next one's.
    if (this.offCount > 0 && !Number.isNaN(this.nextOffset)) this.stride += offset - this.nextOffset;
    if (this.offCount === this.offRow.length) {
      const n = this.offCount * 2;
      this.offRow = resizedCopy(this.offRow, n);
      this.offValue = resizedCopy(this.offValue, n);
      this.offStride = resizedCopy(this.offStride, n);
    }
    const k = this.offCount++;
    this.offRow[k] = row;
    this.offValue[k] = offset;
    this.offStride[k] = this.stride;
    this.nextAnchor = row + ANCHOR_EVERY;
  }

  /** Interface of `row` (0 when none was recorded). */
  ifaceOf(row: number): number {
    const n = this.runCount;
    if (n <= 1 || row >= this.runRow[n - 1]!) return n === 0 ? 0 : this.runIface[n - 1]!;
    const k = lastAtOrBefore(this.runRow, n, row);
    return k < 0 ? 0 : this.runIface[k]!;
  }

  private snapOf(row: number): number {
    const n = this.runCount;
    if (n <= 1 || row >= this.runRow[n - 1]!) return n === 0 ? 0 : this.runSnap[n - 1]!;
    const k = lastAtOrBefore(this.runRow, n, row);
    return k < 0 ? 0 : this.runSnap[k]!;
  }

  /** Captured length of `row`, whose original length is `origLen`. O(1) for the newest row. */
  capLenOf(row: number, origLen: number): number {
    const n = this.capCount;
    if (n > 0 && row <= this.capRow[n - 1]!) {
      const k = row === this.capRow[n - 1] ? n - 1 : lastAtOrBefore(this.capRow, n, row);
      if (k >= 0 && this.capRow[k] === row) return this.capLen[k]!;
    }
    const s = this.snapOf(row);
    return s !== 0 && origLen > s ? s : origLen;
  }

  /** File offset of `row` (0 when none was recorded): walks at most ANCHOR_EVERY rows. */
  fileOffsetOf(row: number, origLen: ArrayLike<number>): number {
    const out = new Float64Array(1);
    this.fileOffsets(Uint32Array.of(row), origLen, out);
    return out[0]!;
  }

  /**
   * File offsets of `rows` (ascending) into `out`, in one forward walk: a row is reached from the
   * last offset entry at or before it, or from the row before it in `rows` when that is nearer.
   */
  fileOffsets(rows: ArrayLike<number>, origLen: ArrayLike<number>, out: Float64Array): void {
    const walk = new CapWalk(this, origLen);
    let at = -1;
    let off = 0;
    let stride = 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const e = lastAtOrBefore(this.offRow, this.offCount, row);
      if (e < 0) {
        out[i] = 0;
        continue;
      }
      const from = this.offRow[e]!;
      if (at < from || at > row) {
        at = from;
        off = this.offValue[e]!;
        walk.seek(from);
      }
      stride = this.offStride[e]!;
      const m = this.align - 1;
      for (; at < row; at++) off += stride + ((walk.next() + m) & ~m);
      out[i] = off;
    }
  }

  /** Shrinks the lists to their length (before a transfer). */
  trim(): void {
    this.runRow = this.runRow.slice(0, this.runCount);
    this.runIface = this.runIface.slice(0, this.runCount);
    this.runSnap = this.runSnap.slice(0, this.runCount);
    this.capRow = this.capRow.slice(0, this.capCount);
    this.capLen = this.capLen.slice(0, this.capCount);
    this.offRow = this.offRow.slice(0, this.offCount);
    this.offValue = this.offValue.slice(0, this.offCount);
    this.offStride = this.offStride.slice(0, this.offCount);
  }

  byteLength(): number {
    return this.runRow.length * 12 + this.capRow.length * 8 + this.offRow.length * 20;
  }

  buffers(): ArrayBuffer[] {
    return [
      this.runRow,
      this.runIface,
      this.runSnap,
      this.capRow,
      this.capLen,
      this.offRow,
      this.offValue,
      this.offStride,
    ].map((a) => a.buffer as ArrayBuffer);
  }
}

/** The captured lengths of consecutive rows, from a row on, without a search per row. */
class CapWalk {
  private row = 0;
  private cap = 0;
  private run = -1;
  private snap = 0;

  constructor(
    private readonly index: RecordIndex,
    private readonly origLen: ArrayLike<number>,
  ) {}

  seek(row: number): void {
    const x = this.index;
    this.row = row;
    this.cap = lastAtOrBefore(x.capRow, x.capCount, row - 1) + 1;
    this.run = lastAtOrBefore(x.runRow, x.runCount, row);
    this.snap = this.run < 0 ? 0 : x.runSnap[this.run]!;
  }

  /** Captured length of the current row; moves to the next row. */
  next(): number {
    const x = this.index;
    const row = this.row++;
    if (this.run + 1 < x.runCount && x.runRow[this.run + 1] === row) this.snap = x.runSnap[++this.run]!;
    if (this.cap < x.capCount && x.capRow[this.cap] === row) return x.capLen[this.cap++]!;
    const orig = this.origLen[row] ?? 0;
    return this.snap !== 0 && orig > this.snap ? this.snap : orig;
  }
}
