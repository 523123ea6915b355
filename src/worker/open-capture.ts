// What the worker does with a file, kept free of Comlink and worker globals so it runs (and is
// tested) in Node too: the whole analysis of analyze-capture.ts (read the capture and follow its
// connections in one pass, the flow builder hooked into the reader, then diagnose), with every
// failure turned into data. It is analyzeCapture's pipeline step by step rather than a call to it
// because a reader fault must not lose the packets before it (issue 2: "the packets read before a
// fault are still usable"): the hook keeps the table and the flow builder, and the partial capture is
// diagnosed like a whole one.
import { type Diagnosis, diagnose } from '../analysis/diagnose';
import type { PacketTable } from '../capture/packet-table';
import { readCapture } from '../capture/read-capture';
import { type ByteSource, CaptureError, type CaptureResult, type ReadOptions } from '../capture/types';
import { createFlowBuilder, type FlowBuilder } from '../flows/flow-builder';
import type { FlowSet } from '../flows/model';
import type { CaptureFacts, LoadFailure, LoadProgress } from './analysis-api';
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

/** The worker-side result: live objects (the page gets them packed by pack-result.ts). */
export interface OpenedCapture extends CaptureFacts {
  /** The connections with their per-packet columns, null when no packet could be read. */
  flowSet: FlowSet | null;
  /** The diagnosis with English texts; other languages are rendered from it on demand. */
  diagnosis: Diagnosis | null;
  /** null when not a single packet could be read. */
  table: PacketTable | null;
}

export function describeFailure(e: unknown): LoadFailure {
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

export async function openCapture(source: ByteSource, options: OpenOptions = {}): Promise<OpenedCapture> {
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
  const analysed = analyse(r.table, pass.builder ?? createFlowBuilder(r.table));
  return {
    ...base,
    format: r.format,
    compressed: r.compressed,
    linkTypes: r.linkTypes,
    packets: r.packets,
    truncated: r.truncated,
    warnings: r.warnings,
    bytesRead: r.bytesRead,
    ...analysed,
    table: r.table,
    elapsedMs: now() - started,
  };
}

/**
 * Flows and diagnosis of the packets read. A failure of the flow layer or of the diagnosis is
 * reported, not thrown, and costs only what could not be computed.
 */
function analyse(
  table: PacketTable,
  builder: FlowBuilder,
): { flowSet: FlowSet | null; diagnosis: Diagnosis | null; error: LoadFailure | null } {
  let flowSet: FlowSet;
  try {
    flowSet = builder.finish();
  } catch (e) {
    const message = `could not list the connections: ${describeFailure(e).message}`;
    return { flowSet: null, diagnosis: null, error: { kind: 'internal', message } };
  }
  try {
    return { flowSet, diagnosis: diagnose(table, flowSet, { lang: 'en' }), error: null };
  } catch (e) {
    const message = `could not diagnose the connections: ${describeFailure(e).message}`;
    return { flowSet, diagnosis: null, error: { kind: 'internal', message } };
  }
}

function partialResult(
  base: { fileName: string; fileSize: number },
  pass: PassState,
  error: LoadFailure,
  elapsedMs: number,
): OpenedCapture {
  const { table, rows } = pass;
  // A row the reader had started but not finished when it failed is not a packet.
  if (table && table.length > rows) table.length = rows;
  const usable = table && rows > 0 ? table : null;
  const analysed =
    usable && pass.builder ? analyse(usable, pass.builder) : { flowSet: null, diagnosis: null, error: null };
  return {
    ...base,
    format: null,
    compressed: null,
    linkTypes: usable ? [...new Set(usable.interfaces.map((i) => i.linkType))] : [],
    packets: usable ? rows : 0,
    truncated: usable !== null,
    warnings: [],
    bytesRead: 0,
    flowSet: analysed.flowSet,
    diagnosis: analysed.diagnosis,
    // The reader's fault is what the user must read first; an analysis failure after it is secondary.
    error,
    table: usable,
    elapsedMs,
  };
}
