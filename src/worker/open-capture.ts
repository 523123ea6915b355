// What the worker does with a file, kept free of Comlink and worker globals so it runs (and is
// tested) in Node too: read the capture and follow its connections in one pass (the flow builder
// hooks into the reader), then turn any failure into data. Nothing throws out of here: a reader
// fault becomes `error`, and the packets read before it stay in `table` (issue 2: "the packets read
// before a fault are still usable").
import type { PacketTable } from '../capture/packet-table';
import { readCapture } from '../capture/read-capture';
import { type ByteSource, CaptureError, type CaptureResult, type ReadOptions } from '../capture/types';
import { createFlowBuilder, type FlowBuilder } from '../flows/flow-builder';
import type { AnalysisResult, LoadFailure, LoadProgress } from './analysis-api';
import { toFlowRows } from './flow-rows';
import { throttleProgress } from './throttle-progress';

export interface OpenOptions {
  onProgress?: (p: LoadProgress) => void;
  chunkSize?: number;
  /** Minimum time between progress reports, default 100 ms (about ten a second). */
  progressIntervalMs?: number;
  /** Injected in tests; defaults to the real reader. */
  read?: (source: ByteSource, options?: ReadOptions) => Promise<CaptureResult>;
  now?: () => number;
}

function describeFailure(e: unknown): LoadFailure {
  if (e instanceof CaptureError) {
    const f: LoadFailure = { kind: e.kind, message: e.message };
    if (e.offset !== undefined) f.offset = e.offset;
    if (e.frame !== undefined) f.frame = e.frame;
    return f;
  }
  return { kind: 'internal', message: e instanceof Error ? e.message : String(e) };
}

/** The reader's table and flow builder as seen through the packet hook, kept for a read that fails. */
class PassState {
  table: PacketTable | null = null;
  builder: FlowBuilder | null = null;
  rows = 0;

  readonly onPacket = (table: PacketTable, row: number, bytes: Uint8Array, frameStart: number): void => {
    this.table = table;
    // Counted before the flow builder sees it: the row itself was decoded whole.
    this.rows = row + 1;
    this.builder ??= createFlowBuilder(table);
    this.builder.onPacket(table, row, bytes, frameStart);
  };
}

export async function openCapture(
  source: ByteSource,
  options: OpenOptions = {},
): Promise<AnalysisResult<PacketTable>> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const progress = throttleProgress(options.onProgress ?? (() => {}), options.progressIntervalMs ?? 100, now);
  const pass = new PassState();
  const base = { fileName: source.name, fileSize: source.size ?? 0 };
  let r: CaptureResult;
  try {
    r = await (options.read ?? readCapture)(source, {
      chunkSize: options.chunkSize,
      progressIntervalMs: options.progressIntervalMs ?? 100,
      onProgress: (p) => progress.report(p),
      onPacket: pass.onPacket,
    });
  } catch (e) {
    progress.flush();
    return partialResult(base, pass, describeFailure(e), now() - started);
  }
  progress.flush();
  const flows = flowRows(r.table, pass.builder ?? createFlowBuilder(r.table));
  return {
    ...base,
    format: r.format,
    compressed: r.compressed,
    linkTypes: r.linkTypes,
    packets: r.packets,
    truncated: r.truncated,
    warnings: r.warnings,
    bytesRead: r.bytesRead,
    flows: flows.rows,
    error: flows.error,
    table: r.table,
    elapsedMs: now() - started,
  };
}

/** The TCP rows of the flow set; a failure of the flow layer is reported, not thrown, and costs only the list. */
function flowRows(
  table: PacketTable,
  builder: FlowBuilder,
): { rows: AnalysisResult['flows']; error: LoadFailure | null } {
  try {
    return { rows: toFlowRows(table, builder.finish()), error: null };
  } catch (e) {
    return {
      rows: [],
      error: { kind: 'internal', message: `could not list the connections: ${describeFailure(e).message}` },
    };
  }
}

function partialResult(
  base: { fileName: string; fileSize: number },
  pass: PassState,
  error: LoadFailure,
  elapsedMs: number,
): AnalysisResult<PacketTable> {
  const { table, rows } = pass;
  // A row the reader had started but not finished when it failed is not a packet.
  if (table && table.length > rows) table.length = rows;
  const usable = table && rows > 0 ? table : null;
  const flows = usable && pass.builder ? flowRows(usable, pass.builder).rows : [];
  return {
    ...base,
    format: null,
    compressed: null,
    linkTypes: usable ? [...new Set(usable.interfaces.map((i) => i.linkType))] : [],
    packets: usable ? rows : 0,
    truncated: usable !== null,
    warnings: [],
    bytesRead: 0,
    flows,
    error,
    table: usable,
    elapsedMs,
  };
}
