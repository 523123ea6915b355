// The capture reader's entry point: sniff the format, undo the compression, run the pcap or pcapng
// reader over the chunks, and fill a packet table. Runs unchanged in a Web Worker and in Node.
import { FrameDecoder } from './decode/frame-decoder';
import { type CompressionKind, decompress } from './decompress';
import { PacketTable } from './packet-table';
import { PcapReader } from './pcap';
import { PcapngReader } from './pcapng';
import type { RecordSink } from './record-sink';
import { SNIFF_BYTES, type Sniffed, sniff } from './sniff';
import { TableSink } from './table-sink';
import { type ByteSource, CaptureError, type CaptureResult, type ReadOptions } from './types';

/** Bytes per read. A chunk of a few MiB is still in the CPU caches when its records are parsed (the
 * copy from the file or Blob brought it there); 16 MiB ones were not, and read ~25% slower
 * (docs/performance.md). */
export const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;

interface FormatReader {
  done: boolean;
  truncated: boolean;
  readonly bytesRead: number;
  push(chunk: Uint8Array): void;
  finish(): void;
}

/**
 * Reads a whole capture. Throws only CaptureError: 'not-a-capture' / 'unsupported' with a message
 * saying what the file is, 'corrupt' when nothing could be read, 'io', 'cancelled'. Damage after
 * the file header does not throw: the packets before it are kept and a warning names the frame.
 */
export async function readCapture(source: ByteSource, options: ReadOptions = {}): Promise<CaptureResult> {
  const table = new PacketTable();
  table.options.keepTimestamps = options.tcpTimestamps === true;
  const sink = new TableSink(table, new FrameDecoder(table), options.onPacket, source.size);
  try {
    return finish(sink, await readRecords(source, sink, options));
  } catch (e) {
    if (e instanceof CaptureError) throw e;
    const err = new CaptureError(
      'corrupt',
      `internal error in Wirelens after ${sink.frames} frames (please report it): ${errorText(e)}`,
    );
    throw Object.assign(err, { cause: e });
  }
}

/** What `readRecords` found out about the file besides its records. */
export interface RecordsRead {
  format: 'pcap' | 'pcapng';
  compressed: CompressionKind | null;
  truncated: boolean;
  bytesRead: number;
}

export interface RecordReadOptions extends Omit<ReadOptions, 'onPacket'> {
  /** Checked after each chunk: the read stops early once it returns true (extract-frames.ts). */
  until?: () => boolean;
}

/**
 * Sniffs, decompresses and runs the pcap or pcapng reader over `source`, handing every record to
 * `sink`. readCapture uses it with the table sink; extract-frames.ts re-reads a file with a sink
 * that only copies the bytes of a few frames, so both see the same records with the same numbers.
 */
export async function readRecords(
  source: ByteSource,
  sink: RecordSink,
  options: RecordReadOptions = {},
): Promise<RecordsRead> {
  const opened: AsyncGenerator<Uint8Array>[] = [];
  try {
    return await read(source, options, sink, opened);
  } finally {
    // Close the generators from the outside in, so the file (or Blob) reader is released even
    // when the read stopped early or failed.
    for (const g of opened.reverse()) await g.return(undefined).catch(() => {});
  }
}

async function read(
  source: ByteSource,
  options: RecordReadOptions,
  sink: RecordSink,
  opened: AsyncGenerator<Uint8Array>[],
): Promise<RecordsRead> {
  const { signal } = options;
  checkAbort(signal);
  const progress = new ProgressReporter(options, source.size);
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  // The format readers' byte queue keeps no view of a chunk once it has parsed it, so a plain file's
  // chunks may be read into the same memory; a decompressor may still hold its input.
  let reusable = false;
  const track = (g: AsyncGenerator<Uint8Array>) => {
    opened.push(g);
    return g;
  };
  let head = await peek(
    track(
      countBytes(
        source.chunks(chunkSize, () => reusable),
        progress,
      ),
    ),
    track,
  );
  let sniffed = sniff(head.bytes);
  let compressed: CompressionKind | null = null;
  let compressionFault: string | null = null;
  if (sniffed.kind === 'gzip' || sniffed.kind === 'zstd') {
    compressed = sniffed.kind;
    const onError = (message: string, at: number) => {
      compressionFault = message;
      sink.warn(
        `${message}; the capture data ends after ${at} bytes, so frames from ${sink.frames + 1} on may be missing`,
        sink.frames + 1,
        at,
      );
    };
    head = await peek(track(decompress(compressed, head.stream, onError)), track);
    if (head.bytes.length === 0 && compressionFault !== null) {
      throw new CaptureError(
        'corrupt',
        `this is ${compressed}-compressed data, but it is damaged: ${compressionFault}`,
        0,
      );
    }
    sniffed = sniff(head.bytes);
  }
  const format = captureFormat(sniffed, compressed);
  reusable = compressed === null;
  const reader: FormatReader = format === 'pcap' ? new PcapReader(sink) : new PcapngReader(sink);
  for await (const chunk of head.stream) {
    checkAbort(signal);
    reader.push(chunk);
    progress.maybe(sink.frames);
    if (reader.done || options.until?.()) break;
  }
  checkAbort(signal);
  reader.finish();
  progress.report(sink.frames);
  return {
    format,
    compressed,
    truncated: reader.truncated || compressionFault !== null,
    bytesRead: reader.bytesRead,
  };
}

function captureFormat(s: Sniffed, compressed: CompressionKind | null): 'pcap' | 'pcapng' {
  if (s.kind === 'pcap' || s.kind === 'pcapng') return s.kind;
  const inside = compressed ? `inside its ${compressed} compression, ` : '';
  if (s.kind === 'other') throw new CaptureError(s.error, inside + s.message, 0);
  throw new CaptureError(
    'not-a-capture',
    `${inside}this is ${s.kind}-compressed data again; decompress it first`,
    0,
  );
}

function finish(sink: TableSink, r: RecordsRead): CaptureResult {
  const table = sink.table;
  table.trim();
  if (Number.isNaN(table.baseSec)) table.baseSec = 0;
  const linkTypes: number[] = [];
  for (const i of table.interfaces) if (!linkTypes.includes(i.linkType)) linkTypes.push(i.linkType);
  return {
    table,
    format: r.format,
    compressed: r.compressed,
    linkTypes,
    packets: table.length,
    truncated: r.truncated,
    warnings: sink.warnings,
    bytesRead: r.bytesRead,
  };
}

class ProgressReporter {
  bytesRead = 0;
  private last = Date.now();
  private readonly interval: number;

  constructor(
    private readonly options: ReadOptions,
    private readonly total: number | undefined,
  ) {
    this.interval = options.progressIntervalMs ?? 100;
  }

  maybe(packets: number): void {
    if (!this.options.onProgress) return;
    const now = Date.now();
    if (now - this.last < this.interval) return;
    this.last = now;
    this.report(packets);
  }

  report(packets: number): void {
    this.options.onProgress?.({ bytesRead: this.bytesRead, bytesTotal: this.total, packets });
  }
}

/** Counts the source's bytes for progress, and turns its failures into CaptureError('io'). */
async function* countBytes(
  chunks: AsyncIterable<Uint8Array>,
  progress: ProgressReporter,
): AsyncGenerator<Uint8Array> {
  try {
    for await (const c of chunks) {
      progress.bytesRead += c.length;
      yield c;
    }
  } catch (e) {
    throw e instanceof CaptureError
      ? e
      : new CaptureError('io', `the file could not be read: ${errorText(e)}`);
  }
}

interface Peeked {
  /** The first SNIFF_BYTES bytes (fewer if the stream is shorter). */
  bytes: Uint8Array;
  /** The whole stream again, from its first byte. */
  stream: AsyncGenerator<Uint8Array>;
}

async function peek(
  stream: AsyncGenerator<Uint8Array>,
  track: (g: AsyncGenerator<Uint8Array>) => AsyncGenerator<Uint8Array>,
): Promise<Peeked> {
  const first: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  while (total < SNIFF_BYTES) {
    const r = await stream.next();
    if (r.done) {
      ended = true;
      break;
    }
    first.push(r.value);
    total += r.value.length;
  }
  const bytes = new Uint8Array(Math.min(total, SNIFF_BYTES));
  let o = 0;
  for (const c of first) {
    if (o >= bytes.length) break;
    const part = c.subarray(0, bytes.length - o);
    bytes.set(part, o);
    o += part.length;
  }
  return { bytes, stream: track(replay(first, stream, ended)) };
}

async function* replay(
  first: Uint8Array[],
  rest: AsyncGenerator<Uint8Array>,
  ended: boolean,
): AsyncGenerator<Uint8Array> {
  yield* first;
  if (!ended) yield* rest;
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CaptureError('cancelled', 'reading the capture was cancelled');
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
