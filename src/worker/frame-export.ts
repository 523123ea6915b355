// "This connection as a capture file" across the worker boundary. The worker keeps the File but gave
// its packet table to the page (transferred, so its own copy is detached); the page keeps the table
// but not the File. So the page sends, for the frames to export only, the few table fields the
// extraction checks and writes (capture length and file offset to find and verify each record,
// interface, time stamp), and the worker answers the extraction's questions from just those rows
// (exportFrames reads nothing else), re-reads the file and sends the new file's bytes back.
import type { ExportedCapture } from '../capture/export-frames';
import type { FrameIndex } from '../capture/extract-frames';
import type { CaptureInterface, PacketTable } from '../capture/packet-table';
import { indexOfRow } from '../capture/row-search';

/** The frames to export and their table fields, in the order of `rows` (ascending). */
export interface FrameExportRequest {
  rows: Uint32Array;
  capLen: Uint32Array;
  fileOffset: Float64Array;
  iface: Uint16Array;
  tsSec: Int32Array;
  tsNs: Uint32Array;
  /** Rows in the whole table (the extraction refuses rows past it). */
  tableLength: number;
  baseSec: number;
  interfaces: CaptureInterface[];
}

export type FrameExport = ExportedCapture;

/** Page side: the request for `rows` (ascending, e.g. flowExportRows of a flow) of `table`. */
export function frameExportRequest(table: PacketTable, rows: Uint32Array): FrameExportRequest {
  const n = rows.length;
  const r: FrameExportRequest = {
    rows: Uint32Array.from(rows),
    capLen: new Uint32Array(n),
    fileOffset: table.fileOffsetsOf(rows),
    iface: new Uint16Array(n),
    tsSec: new Int32Array(n),
    tsNs: new Uint32Array(n),
    tableLength: table.length,
    baseSec: table.baseSec,
    interfaces: table.interfaces.map((i) => ({ ...i })),
  };
  for (let k = 0; k < n; k++) {
    const row = rows[k] ?? 0;
    r.capLen[k] = table.capLenOf(row);
    r.iface[k] = table.ifaceOf(row);
    r.tsSec[k] = table.tsSec[row] ?? 0;
    r.tsNs[k] = table.tsNs[row] ?? 0;
  }
  return r;
}

/** The buffers of a request, for Comlink.transfer (they are copies made for this call). */
export function requestBuffers(r: FrameExportRequest): ArrayBuffer[] {
  return [r.rows, r.capLen, r.fileOffset, r.iface, r.tsSec, r.tsNs].map((a) => a.buffer as ArrayBuffer);
}

/**
 * Worker side: the requested rows as the FrameIndex the extraction reads (exportFrames asks for
 * nothing else). A row outside the request reads as zero.
 */
class RequestedFrames implements FrameIndex {
  readonly length: number;
  readonly baseSec: number;
  readonly interfaces: CaptureInterface[];

  constructor(private readonly r: FrameExportRequest) {
    this.length = r.tableLength;
    this.baseSec = r.baseSec;
    this.interfaces = r.interfaces;
  }

  /** Index of `row` in the request, -1 if it is not there (rows are ascending). */
  private find(row: number): number {
    return indexOfRow(this.r.rows, row);
  }

  capLenOf(row: number): number {
    return this.r.capLen[this.find(row)] ?? 0;
  }

  ifaceOf(row: number): number {
    return this.r.iface[this.find(row)] ?? 0;
  }

  tsSecOf(row: number): number {
    return this.r.tsSec[this.find(row)] ?? 0;
  }

  tsNsOf(row: number): number {
    return this.r.tsNs[this.find(row)] ?? 0;
  }

  fileOffsetsOf(rows: Uint32Array): Float64Array {
    return Float64Array.from(rows, (row) => this.r.fileOffset[this.find(row)] ?? 0);
  }
}

export function tableForExport(r: FrameExportRequest): FrameIndex {
  return new RequestedFrames(r);
}
