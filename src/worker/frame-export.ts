// "This connection as a capture file" across the worker boundary. The worker keeps the File but gave
// its packet table to the page (transferred, so its own copy is detached); the page keeps the table
// but not the File. So the page sends, for the frames to export only, the few table fields the
// extraction checks and writes (capture length and file offset to find and verify each record,
// interface, time stamp), and the worker rebuilds a PacketTable holding just those rows
// (exportFrames reads nothing else), re-reads the file and sends the new file's bytes back.
import type { ExportedCapture } from '../capture/export-frames';
import { type CaptureInterface, PacketTable } from '../capture/packet-table';

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

/** Page side: the request for `rows` (e.g. flowExportRows of a flow) of `table`. */
export function frameExportRequest(table: PacketTable, rows: Uint32Array): FrameExportRequest {
  const n = rows.length;
  const r: FrameExportRequest = {
    rows: Uint32Array.from(rows),
    capLen: new Uint32Array(n),
    fileOffset: new Float64Array(n),
    iface: new Uint16Array(n),
    tsSec: new Int32Array(n),
    tsNs: new Uint32Array(n),
    tableLength: table.length,
    baseSec: table.baseSec,
    interfaces: table.interfaces.map((i) => ({ ...i })),
  };
  for (let k = 0; k < n; k++) {
    const row = rows[k] ?? 0;
    r.capLen[k] = table.capLen[row] ?? 0;
    r.fileOffset[k] = table.fileOffset[row] ?? 0;
    r.iface[k] = table.iface[row] ?? 0;
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
 * Worker side: a PacketTable with the requested rows filled in and every other row zero. The columns
 * are full length because the extraction indexes them by row; a zero-filled typed array costs no
 * memory until written (the pages stay untouched), so this stays small even for huge captures.
 */
export function tableForExport(r: FrameExportRequest): PacketTable {
  const t = new PacketTable();
  const n = r.tableLength;
  t.length = n;
  t.baseSec = r.baseSec;
  t.interfaces.push(...r.interfaces);
  t.capLen = new Uint32Array(n);
  t.fileOffset = new Float64Array(n);
  t.iface = new Uint16Array(n);
  t.tsSec = new Int32Array(n);
  t.tsNs = new Uint32Array(n);
  r.rows.forEach((row, k) => {
    t.capLen[row] = r.capLen[k] ?? 0;
    t.fileOffset[row] = r.fileOffset[k] ?? 0;
    t.iface[row] = r.iface[k] ?? 0;
    t.tsSec[row] = r.tsSec[k] ?? 0;
    t.tsNs[row] = r.tsNs[k] ?? 0;
  });
  return t;
}
