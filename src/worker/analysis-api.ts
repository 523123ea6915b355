// The one narrow contract between the page and the analysis worker. Everything here crosses a
// postMessage boundary, so it is plain data: no classes, no functions (the table travels as a
// TransferableTable and is rebuilt on the main thread by fromTransferable).
import type { CaptureErrorKind, CaptureFormat, CaptureWarning, Compression } from '../capture/types';
import type { TransferableTable } from './table-transfer';

/** What the worker reports while it reads; the page derives percent and MB/s from it. */
export interface LoadProgress {
  /** Bytes of the file consumed so far (compressed bytes for a compressed file). */
  bytesRead: number;
  bytesTotal: number | undefined;
  packets: number;
  /** Milliseconds since the worker started reading. */
  elapsedMs: number;
}

/** One TCP connection as the summary table shows it (the full Flow model stays in the worker for now). */
export interface FlowRow {
  stream: number;
  /** `ip:port`, IPv6 as `[addr]:port`. */
  client: string;
  server: string;
  /** 1-based frame numbers, as Wireshark numbers them. */
  firstFrame: number;
  lastFrame: number;
  packetsClientToServer: number;
  packetsServerToClient: number;
  /** Frame bytes (original length) each way, as Wireshark's TCP conversations table counts them. */
  bytesClientToServer: number;
  bytesServerToClient: number;
  /** Seconds since the epoch. */
  start: number;
  end: number;
}

/** Why a read stopped. `internal` is a bug in Wirelens rather than a problem with the file. */
export interface LoadFailure {
  kind: CaptureErrorKind | 'internal';
  message: string;
  /** Byte offset in the (decompressed) file where the fault was found. */
  offset?: number;
  /** 1-based frame number of the record that could not be read. */
  frame?: number;
}

export interface AnalysisResult<Table = TransferableTable> {
  fileName: string;
  fileSize: number;
  /** null when the file was not recognised as a capture at all. */
  format: CaptureFormat | null;
  compressed: Compression;
  linkTypes: number[];
  packets: number;
  truncated: boolean;
  warnings: CaptureWarning[];
  bytesRead: number;
  flows: FlowRow[];
  /** Set when the read stopped with an error; the packets read before the fault are still in `table`. */
  error: LoadFailure | null;
  /** null when not a single packet could be read. */
  table: Table | null;
  elapsedMs: number;
}

/** The worker's API as Comlink exposes it. */
export interface AnalysisApi {
  open(file: File, onProgress: (p: LoadProgress) => void): Promise<AnalysisResult>;
}
