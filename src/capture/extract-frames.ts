// The captured bytes of chosen frames, re-read from the capture file in one streamed pass. The packet
// table keeps no packet bytes (only offsets), and a compressed file cannot be sliced at an offset, so
// the simplest correct way is to run the same format readers again (read-capture.ts, readRecords)
// with a sink that numbers the records exactly as the table sink did and copies only the wanted ones.
// The read stops as soon as the last wanted frame has been copied.
import type { CaptureInterface } from './packet-table';
import { type RecordReadOptions, readRecords } from './read-capture';
import type { RecordSink } from './record-sink';
import { type ByteSource, CaptureError } from './types';

/**
 * One extracted frame: its packet-table row, a copy of its captured bytes, and the record's own time
 * stamp and original length as the format reader gave them (the table's time column is relative to
 * the first frame and clamped to ±68 years from it, so it cannot always give the exact time back).
 */
export interface ExtractedFrame {
  row: number;
  bytes: Uint8Array;
  /** Seconds since the epoch; NaN for a record without a time stamp (pcapng SPB, custom block). */
  sec: number;
  ns: number;
  origLen: number;
}

export type ExtractOptions = Pick<RecordReadOptions, 'chunkSize' | 'signal' | 'onProgress'>;

/**
 * What extraction and export need to know about the frames of a capture: a PacketTable, or the few
 * rows of one the page sends to the worker (worker/frame-export.ts).
 */
export interface FrameIndex {
  readonly length: number;
  readonly baseSec: number;
  readonly interfaces: readonly CaptureInterface[];
  capLenOf(row: number): number;
  ifaceOf(row: number): number;
  tsSecOf(row: number): number;
  tsNsOf(row: number): number;
  /** File offsets of `rows` (ascending). */
  fileOffsetsOf(rows: Uint32Array): Float64Array;
}

/** Records frames in file order and copies those whose row is in `wanted` (ascending, no repeats). */
class FrameCollector implements RecordSink {
  frames = 0;
  private interfaces = 0;
  /** Index into `wanted` of the next row to copy. */
  next = 0;
  readonly out: ExtractedFrame[] = [];
  /** Where the table says each wanted frame is (found in one pass, not one walk per frame). */
  private readonly offsets: Float64Array;

  constructor(
    private readonly wanted: Uint32Array,
    private readonly table: FrameIndex,
  ) {
    this.offsets = table.fileOffsetsOf(wanted);
  }

  get done(): boolean {
    return this.next >= this.wanted.length;
  }

  addInterface(): number {
    return this.interfaces++;
  }

  recordLayout(): void {
    // Offsets are checked one by one here, never predicted.
  }

  packet(
    _iface: number,
    sec: number,
    ns: number,
    capLen: number,
    origLen: number,
    offset: number,
    bytes: Uint8Array,
    start: number,
  ): void {
    const row = this.frames++;
    if (row !== this.wanted[this.next]) return;
    this.check(capLen, offset);
    this.out.push({ row, bytes: bytes.slice(start, start + capLen), sec, ns, origLen });
    this.next++;
  }

  nonPacket(length: number, offset: number, bytes: Uint8Array, start: number): void {
    const row = this.frames++;
    if (row !== this.wanted[this.next]) return;
    this.check(length, offset);
    this.out.push({
      row,
      bytes: bytes.slice(start, start + length),
      sec: Number.NaN,
      ns: 0,
      origLen: length,
    });
    this.next++;
  }

  warn(): void {
    // The first read already reported every warning; a re-read only needs the bytes.
  }

  /** Same record at the same place, or the file is not the one the table was read from. */
  private check(capLen: number, offset: number): void {
    const row = this.wanted[this.next] ?? 0;
    if (capLen === this.table.capLenOf(row) && offset === this.offsets[this.next]) return;
    throw new CaptureError(
      'io',
      `frame ${row + 1} is not where it was when the file was opened (offset ${offset}, ${capLen} bytes); was the file changed?`,
      offset,
      row + 1,
    );
  }
}

/** `rows` sorted ascending without repeats (a flow's rows already are). */
function sortedRows(rows: Uint32Array, table: FrameIndex): Uint32Array {
  const s = Uint32Array.from(new Set(rows)).sort();
  const last = s[s.length - 1];
  if (last !== undefined && last >= table.length)
    throw new RangeError(`frame ${last + 1} is not in the capture (it has ${table.length} frames)`);
  return s;
}

/**
 * The captured bytes of the frames at `rows` of `table`, which must have been read from `source`.
 * Returned in ascending row order, one entry per distinct row. Throws CaptureError('io') when the
 * source no longer holds those frames (the file changed), and the reader's own errors.
 */
export async function extractFrames(
  source: ByteSource,
  rows: Uint32Array,
  table: FrameIndex,
  options: ExtractOptions = {},
): Promise<ExtractedFrame[]> {
  const wanted = sortedRows(rows, table);
  if (wanted.length === 0) return [];
  const sink = new FrameCollector(wanted, table);
  await readRecords(source, sink, { ...options, until: () => sink.done });
  if (!sink.done) {
    const missing = (wanted[sink.next] ?? 0) + 1;
    throw new CaptureError('io', `frame ${missing} could not be read again; was the file changed?`);
  }
  return sink.out;
}
