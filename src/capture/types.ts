// Contracts between the pieces of the capture layer: byte sources → format readers → frame decoder.
import type { PacketTable } from './packet-table';

export type CaptureFormat = 'pcap' | 'pcapng';
export type Compression = 'gzip' | 'zstd' | null;

/** Something worth telling the user that did not stop the read (or stopped it after keeping what came before). */
export interface CaptureWarning {
  message: string;
  /** 1-based frame number the warning is about (the frame that could not be read, for a fault). */
  frame?: number;
  /** Byte offset in the (decompressed) file. */
  offset?: number;
}

export type CaptureErrorKind = 'not-a-capture' | 'unsupported' | 'corrupt' | 'io' | 'cancelled';

/** A read that could not produce a capture at all (nothing usable before the fault). */
export class CaptureError extends Error {
  constructor(
    readonly kind: CaptureErrorKind,
    message: string,
    readonly offset?: number,
    readonly frame?: number,
  ) {
    super(message);
    this.name = 'CaptureError';
  }
}

/**
 * A file, Blob or buffer read in order, one chunk at a time. `size` is the stored size (compressed
 * size for a compressed file), or undefined when unknown (a stream).
 * `reusable`, when given, is asked before each read after the first: when it says true, the consumer
 * is done with the previous chunk and keeps no view of it, so the source may read the next chunk into
 * the same memory instead of allocating (a source is free to ignore it).
 */
export interface ByteSource {
  readonly name: string;
  readonly size: number | undefined;
  chunks(chunkSize: number, reusable?: () => boolean): AsyncIterable<Uint8Array>;
}

export interface Progress {
  /** Bytes of the source consumed so far (compressed bytes for a compressed file). */
  bytesRead: number;
  bytesTotal: number | undefined;
  packets: number;
}

/**
 * Called once per frame right after it was decoded into `table` row `row`, while its bytes are still
 * in memory: `bytes[frameStart .. frameStart + table.capLenOf(row))` is the frame. Higher layers (flows,
 * HTTP) hook in here so the whole analysis is one pass over the file. The bytes are only valid during
 * the call.
 */
export type PacketHook = (table: PacketTable, row: number, bytes: Uint8Array, frameStart: number) => void;

export interface ReadOptions {
  /** Default 16 MiB. Tests force tiny chunks so records straddle chunk boundaries. */
  chunkSize?: number;
  onPacket?: PacketHook;
  /** Called at most every `progressIntervalMs` (default 100 ms) and once at the end. */
  onProgress?: (p: Progress) => void;
  progressIntervalMs?: number;
  signal?: AbortSignal;
  /** Keep the TCP timestamps option's values in the option table (only the frame-by-frame tshark
   * comparison reads them; they would add an option row to nearly every segment). Default false. */
  tcpTimestamps?: boolean;
}

export interface CaptureResult {
  table: PacketTable;
  format: CaptureFormat;
  compressed: Compression;
  /** Distinct link types of the interfaces, in order of first appearance. */
  linkTypes: number[];
  packets: number;
  /** The file ended inside a record or the read stopped at a damaged record. */
  truncated: boolean;
  warnings: CaptureWarning[];
  /** Bytes of decompressed capture data consumed: all of it, or, when the read stopped at a damaged
   * record, that record's offset (so the figure is the same whatever the chunk size). */
  bytesRead: number;
}
