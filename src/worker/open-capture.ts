// What the worker does with a file, kept free of Comlink and worker globals so it runs (and is
// tested) in Node too: the whole analysis of analyze-capture.ts (read the capture and follow its
// connections in one pass, the flow builder hooked into the reader, then diagnose), with every
// failure turned into data. It is analyzeCapture's pipeline step by step rather than a call to it
// because a reader fault must not lose the packets before it (issue 2: "the packets read before a
// fault are still usable"): the hook keeps the table and the flow builder, and the partial capture is
// diagnosed like a whole one.
// A big file that can be read twice gets two passes (issue 7: the flow list of 1 GB in 3 s): first
// the reader with the connection table alone (createFlowBuilder `analysis: false`, a quarter of the
// work), whose flows go to `onEarlyList` at once; then that table is dropped and the file read again
// with the whole analysis, which gives the result exactly as one pass would. Stream numbers, roles
// and totals are the same in both modes (flow-builder-modes.test.ts).
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
  /** Stops the read (the worker is terminated instead; this serves tests and Node callers). */
  signal?: AbortSignal;
  /**
   * Asks for the flow list before the diagnosis: the source is read twice, first with the connection
   * table alone (a quarter of the work), whose flows are handed here (diagnosis null), then again
   * for the whole analysis. Only for a source whose chunks() can be called again (a File or Blob):
   * never a download, which would be fetched twice.
   */
  onEarlyList?: (early: OpenedCapture) => void;
  /** Two passes only from this size up (EARLY_LIST_MIN_BYTES by default): below it the list comes soon anyway. */
  earlyListMinBytes?: number;
}

/**
 * From this size the flow list comes first. The extra pass costs about a quarter of the whole analysis
 * (the reader and the connection table: 0.7 s of 2.4 s on 1 GB in Node); under 64 MiB the whole
 * analysis takes a fraction of a second and one pass is sooner for everything.
 */
export const EARLY_LIST_MIN_BYTES = 64 * 1024 * 1024;

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

  /** `analysis` false: the connection table only (the early flow list's pass). */
  constructor(private readonly analysis = true) {}

  readonly onPacket = (table: PacketTable, row: number, bytes: Uint8Array, frameStart: number): void => {
    this.table = table;
    // Counted before the flow builder sees it: the row itself was decoded whole.
    this.rows = row + 1;
    this.builder ??= createFlowBuilder(table, { analysis: this.analysis });
    this.builder.onPacket(table, row, bytes, frameStart);
  };
}

/** Which read of a two-pass open a progress report is about (absent for a single pass). */
type Phase = LoadProgress['phase'];

interface PassContext {
  source: ByteSource;
  options: OpenOptions;
  now: () => number;
  /** When the open started: the result's elapsedMs counts from it (both reads of a big file). */
  started: number;
  base: { fileName: string; fileSize: number };
}

type PassOutcome =
  | { r: CaptureResult; error: null; pass: PassState }
  | { r: null; error: LoadFailure; pass: PassState };

/** One read of the source with a flow builder hooked in; a reader fault is returned, not thrown. */
async function readPass(c: PassContext, analysis: boolean, phase: Phase): Promise<PassOutcome> {
  const { options, now } = c;
  const send = options.onProgress ?? (() => {});
  const progress = throttleProgress(
    (p) => send(phase ? { ...p, phase } : p),
    options.progressIntervalMs ?? 100,
    now,
  );
  const pass = new PassState(analysis);
  try {
    const r = await (options.read ?? readCapture)(c.source, {
      chunkSize: options.chunkSize,
      progressIntervalMs: options.progressIntervalMs ?? 100,
      onProgress: (p) => progress.report(p),
      onPacket: pass.onPacket,
      signal: options.signal,
    });
    progress.flush();
    return { r, error: null, pass };
  } catch (e) {
    progress.flush();
    return { r: null, error: describeFailure(e), pass };
  }
}

/** The whole analysis of one read: flows and diagnosis, or what could be had before a fault. */
function fullResult(c: PassContext, out: PassOutcome): OpenedCapture {
  if (out.error) return partialResult(c.base, out.pass, out.error, c.now() - c.started);
  const { r, pass } = out;
  const analysed = analyse(r.table, pass.builder ?? createFlowBuilder(r.table));
  return { ...c.base, ...readFacts(r), ...analysed, table: r.table, elapsedMs: c.now() - c.started };
}

function readFacts(r: CaptureResult) {
  const { format, compressed, linkTypes, packets, truncated, warnings, bytesRead } = r;
  return { format, compressed, linkTypes, packets, truncated, warnings, bytesRead };
}

export async function openCapture(source: ByteSource, options: OpenOptions = {}): Promise<OpenedCapture> {
  const now = options.now ?? (() => performance.now());
  const c: PassContext = {
    source,
    options,
    now,
    started: now(),
    base: { fileName: source.name, fileSize: source.size ?? 0 },
  };
  const early = options.onEarlyList;
  const twoPasses = early && (source.size ?? 0) >= (options.earlyListMinBytes ?? EARLY_LIST_MIN_BYTES);
  if (!twoPasses) return fullResult(c, await readPass(c, true, undefined));
  const failed = await listPass(c, early);
  // A fault in the first read: what one pass gives (the packets before the fault, followed and
  // diagnosed), read again with the whole analysis; the same read stops at the same record. A cancel
  // stops here.
  if (failed?.kind === 'cancelled')
    return { ...c.base, ...nothingRead(), error: failed, elapsedMs: now() - c.started };
  return fullResult(c, await readPass(c, true, 'diagnosing'));
}

/**
 * The first of two reads: the connection table alone, handed to `deliver` as a result without a
 * diagnosis. Its own function so that nothing of it (the table, the builder, the flows) stays
 * referenced during the second read. Returns the reader's fault, if any (then nothing is delivered).
 */
async function listPass(
  c: PassContext,
  deliver: (early: OpenedCapture) => void,
): Promise<LoadFailure | null> {
  const out = await readPass(c, false, 'listing');
  if (out.error) return out.error;
  let flowSet: FlowSet;
  try {
    flowSet = (out.pass.builder ?? createFlowBuilder(out.r.table, { analysis: false })).finish();
  } catch {
    // The second read's flow builder will fail the same way and say so in the result.
    return null;
  }
  deliver({
    ...c.base,
    ...readFacts(out.r),
    flowSet,
    diagnosis: null,
    error: null,
    table: out.r.table,
    elapsedMs: c.now() - c.started,
  });
  return null;
}

function nothingRead() {
  return {
    format: null,
    compressed: null,
    linkTypes: [],
    packets: 0,
    truncated: false,
    warnings: [],
    bytesRead: 0,
    flowSet: null,
    diagnosis: null,
    table: null,
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
