// One fuzz case through the whole pipeline (reader → flows → HTTP → rules → JSON), and the
// properties every damaged file must keep (issue 7 §5, issue 2 §6):
// - nothing but a CaptureError escapes, and never an "internal error";
// - no hang: the case ends within its time budget (checked between chunks and packets here; a
//   loop that never returns is caught by the campaign's watchdog, scripts/fuzz/campaign.mjs);
// - every complete packet before the first damaged byte is kept, exactly as the clean read has it;
// - damage after the file header never refuses the file, and a stopped read warns with frame and
//   offset; a record certainly broken is named exactly;
// - memory stays bounded by the file: no allocation follows a length field.
import { getHeapStatistics } from 'node:v8';
import { gzipSync } from 'node:zlib';
import { BufferByteSource } from '../../capture/buffer-source';
import type { PacketTable } from '../../capture/packet-table';
import { applyMutation, describeMutation } from '../../capture/testing/mutate';
import { ROW_FIELDS, type RowField, rowFields } from '../../capture/testing/read';
import { type ByteSource, CaptureError } from '../../capture/types';
import { flowToJson } from '../../flows/flow-json';
import type { FlowSet } from '../../flows/model';
import { type AnalysisResult, analyzeCapture } from '../analyze-capture';
import { diagnosisJson, flowDiagnosisJson } from '../diagnosis-json';
import { describeCase, type FuzzCase } from './fuzz-cases';
import type { FuzzSubject } from './fuzz-subjects';

export type CaseOutcome = 'clean' | 'warned' | 'stopped' | 'refused';

export interface CaseReport {
  index: number;
  kind: FuzzCase['kind'];
  subject: string;
  outcome: CaseOutcome;
  ms: number;
  /** Input bytes (what the reader was given). */
  size: number;
  /** Highest growth of the V8 heap and of ArrayBuffer memory seen during the case. */
  heapGrowth: number;
  bufferGrowth: number;
  failure?: string;
}

export interface CheckOptions {
  /** A case running longer than this fails (default 5 s). */
  budgetMs?: number;
  /** Allowed ArrayBuffer growth: `buffers[0]` × input size + `buffers[1]` (default MEMORY_BOUNDS). */
  buffers?: [perByte: number, constant: number];
  /** Allowed heap growth, the same way. */
  heap?: [perByte: number, constant: number];
}

/** Fields compared between the clean and the damaged read for the rows before the damage: every row
 * field but the seconds, which checkTime compares (they are relative to the first time stamp). */
const ROW_COLUMNS: readonly RowField[] = ROW_FIELDS.filter((f) => f !== 'tsSec');

/**
 * Memory a case may add, as [bytes per input byte, constant]. Measured over the corpus (the largest
 * growths are in docs/fuzzing.md): ArrayBuffers grow by ~3 MiB on small inputs and up to ~8 MiB on
 * the 2-3 MB files (packet-table columns double, decompressed chunks); the heap by up to ~18 MiB,
 * mostly uncollected garbage, on the 185 KB file with 2 000 connections.
 */
export const MEMORY_BOUNDS = {
  buffers: [8, 8 * 1024 * 1024] as [number, number],
  heap: [64, 32 * 1024 * 1024] as [number, number],
};

class Fault extends Error {}

/** The bytes case `c` gives the reader, and the damaged capture inside them (null when unknown). */
export function caseInput(
  subjects: FuzzSubject[],
  c: FuzzCase,
): { input: Uint8Array; capture: Uint8Array | null } {
  const s = subjects[c.subject]!;
  const damaged = c.mutations.reduce(applyMutation, c.onStored ? s.stored : s.bytes);
  const input = c.gzip ? new Uint8Array(gzipSync(damaged, { level: 1 })) : damaged;
  return { input, capture: c.onStored ? null : damaged };
}

export async function runCase(
  subjects: FuzzSubject[],
  c: FuzzCase,
  options: CheckOptions = {},
): Promise<CaseReport> {
  const s = subjects[c.subject]!;
  const { input, capture } = caseInput(subjects, c);
  const budget = options.budgetMs ?? 5000;
  const meter = new MemoryMeter();
  const started = performance.now();
  const deadline = { at: started + budget, passed: false };
  const report: CaseReport = {
    index: c.index,
    kind: c.kind,
    subject: s.name,
    outcome: 'clean',
    ms: 0,
    size: input.length,
    heapGrowth: 0,
    bufferGrowth: 0,
  };
  try {
    const result = await analyze(input, c.chunkSize, deadline, meter);
    if (!(result instanceof CaptureError)) exercise(result);
    meter.sample();
    report.ms = performance.now() - started;
    report.heapGrowth = meter.heap;
    report.bufferGrowth = meter.buffers;
    report.outcome = outcomeOf(result);
    if (deadline.passed || report.ms > budget)
      throw new Fault(`took ${report.ms.toFixed(0)} ms, over the ${budget} ms budget (a hang?)`);
    checkMemory(report, options);
    checkResult(s, c, capture, result);
  } catch (e) {
    report.ms ||= performance.now() - started;
    report.failure = `${describeCase(subjects, c, describeMutation)}: ${failureText(e)}`;
  }
  return report;
}

async function analyze(
  input: Uint8Array,
  chunkSize: number,
  deadline: { at: number; passed: boolean },
  meter: MemoryMeter,
): Promise<AnalysisResult | CaptureError> {
  const check = () => {
    if (performance.now() > deadline.at) {
      deadline.passed = true;
      throw new Fault('the time budget ran out during the read');
    }
  };
  try {
    return await analyzeCapture(watchedSource(input, check), {
      chunkSize,
      progressIntervalMs: 10,
      onProgress: () => {
        meter.sample();
        check();
      },
    });
  } catch (e) {
    if (deadline.passed) throw new Fault('the time budget ran out during the read (a hang?)');
    if (!(e instanceof CaptureError)) throw e;
    if (/internal error/.test(e.message)) throw Object.assign(new Fault(e.message), { cause: e.cause });
    return e;
  }
}

/** A buffer source that checks the deadline before every chunk. */
function watchedSource(bytes: Uint8Array, check: () => void): ByteSource {
  const inner = new BufferByteSource(bytes, 'fuzz');
  return {
    name: inner.name,
    size: inner.size,
    async *chunks(chunkSize: number) {
      for await (const c of inner.chunks(chunkSize)) {
        check();
        yield c;
      }
    },
  };
}

/**
 * What the CLI does with a result: every flow (with its packets) and the diagnosis as JSON. Nothing
 * in it may be NaN or infinite (JSON.stringify would quietly print null), nor may a text show a
 * NaN or infinite quantity ("NaN s"). Only the diagnosis texts are searched, and not for a bare
 * "NaN" or "undefined": they quote the capture, and real web traffic says "rand=undefined".
 */
function exercise(r: AnalysisResult): void {
  const { flows, diagnosis, capture } = r;
  const json = flows.flows.map((f) => ({
    ...flowToJson(f, flows, capture.table, { packets: true }),
    ...(f.transport === 'tcp' ? flowDiagnosisJson(diagnosis, f.index) : {}),
  }));
  checkValues(json, '.flows', false);
  checkValues(diagnosisJson(diagnosis), '.diagnosis', true);
}

const BAD_QUANTITY =
  /(NaN|Infinity|undefined) ?(ms|s|µs|seconds?|minutes?|hours?|bytes?|B|KB|MB|%|packets?|frames?)\b/;

/** `texts`: also search the strings (the diagnosis's own texts, not the HTTP fields of the flows). */
function checkValues(v: unknown, path: string, texts: boolean): void {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Fault(`the JSON output has ${v} at ${path}`);
  } else if (typeof v === 'string') {
    if (texts && BAD_QUANTITY.test(v)) throw new Fault(`the JSON output says "${v}" at ${path}`);
  } else if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) checkValues(x, `${path}[${i}]`, texts);
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) checkValues(x, `${path}.${k}`, texts);
  }
}

function outcomeOf(r: AnalysisResult | CaptureError): CaseOutcome {
  if (r instanceof CaptureError) return 'refused';
  if (r.capture.truncated) return 'stopped';
  return r.capture.warnings.length > 0 ? 'warned' : 'clean';
}

function checkMemory(report: CaseReport, o: CheckOptions): void {
  const check = (what: string, growth: number, [perByte, constant]: [number, number]) => {
    const limit = perByte * report.size + constant;
    if (growth > limit)
      throw new Fault(
        `${what} grew by ${mb(growth)} for a ${report.size}-byte input (limit ${mb(limit)}): an allocation sized by a length field?`,
      );
  };
  check('ArrayBuffer memory', report.bufferGrowth, o.buffers ?? MEMORY_BOUNDS.buffers);
  check('the JS heap', report.heapGrowth, o.heap ?? MEMORY_BOUNDS.heap);
}

function checkResult(
  s: FuzzSubject,
  c: FuzzCase,
  capture: Uint8Array | null,
  r: AnalysisResult | CaptureError,
): void {
  const damage = capture ? firstDifference(s.bytes, capture) : 0;
  const clean = s.clean;
  if (r instanceof CaptureError) {
    if (c.expect && 'stopAt' in c.expect)
      throw new Fault(`refused (${r.message}) where it should have stopped at offset ${c.expect.stopAt}`);
    if (clean && capture && damage >= s.headerEnd)
      throw new Fault(`refused (${r.message}) although the damage is at ${damage}, after the file header`);
    return;
  }
  const { table, warnings, truncated, packets, bytesRead } = r.capture;
  checkTable(table, bytesRead);
  checkFlows(r.flows, table.length);
  for (const w of warnings)
    if (typeof w.offset !== 'number') throw new Fault(`a warning names no offset: ${w.message}`);
  if (truncated && !warnings.some((w) => w.frame === packets + 1 && typeof w.offset === 'number'))
    throw new Fault(`the read stopped but no warning names frame ${packets + 1} and its offset`);
  if (c.expect && 'refused' in c.expect) throw new Fault('read a file whose header is broken');
  if (clean && capture) checkKeptRows(clean.table, clean.recordEnd, table, damage);
  if (clean && capture && c.expect && 'stopAt' in c.expect) checkStop(clean.table, r, c.expect.stopAt);
}

/** What must hold for any table, however damaged its input (as fuzz-formats.test.ts checks). */
function checkTable(t: PacketTable, bytesRead: number): void {
  let prev = -1;
  const offsets = t.fileOffsets();
  for (let i = 0; i < t.length; i++) {
    const off = offsets[i] ?? 0;
    if (off <= prev) throw new Fault(`row ${i} offset ${off} is not after the previous row's ${prev}`);
    if (off + t.capLenOf(i) > bytesRead) throw new Fault(`row ${i} ends past the ${bytesRead} bytes read`);
    if ((t.tsNs[i] ?? 0) >= 1e9) throw new Fault(`row ${i} has ${t.tsNs[i]} ns`);
    prev = off;
  }
}

function checkFlows(set: FlowSet, rows: number): void {
  for (const f of set.flows) {
    let prev = -1;
    for (const row of f.rows) {
      if (row >= rows || row <= prev)
        throw new Fault(`flow ${f.index} lists row ${row} out of order or range`);
      if (set.columns.flow[row] !== f.index)
        throw new Fault(`row ${row} is in flow ${f.index} but says otherwise`);
      prev = row;
    }
  }
}

/** The clean read of a subject serves many cases: its row fields are worked out once. */
const cleanFieldCache = new WeakMap<PacketTable, ReturnType<typeof rowFields>>();

function cleanFields(t: PacketTable): ReturnType<typeof rowFields> {
  const known = cleanFieldCache.get(t);
  if (known) return known;
  const f = rowFields(t);
  cleanFieldCache.set(t, f);
  return f;
}

/** Every row whose record ends before the first damaged byte is there, exactly as in the clean read. */
function checkKeptRows(clean: PacketTable, recordEnd: Float64Array, got: PacketTable, damage: number): void {
  let kept = 0;
  while (kept < clean.length && (recordEnd[kept] ?? 0) <= damage) kept++;
  if (got.length < kept)
    throw new Fault(
      `kept ${got.length} frames, but the ${kept} frames before the damage at ${damage} are whole`,
    );
  const want = cleanFields(clean);
  const have = rowFields(got);
  for (let i = 0; i < kept; i++) {
    for (const col of ROW_COLUMNS) {
      if (want[col][i] !== have[col][i])
        throw new Fault(
          `frame ${i + 1} (before the damage at ${damage}) differs in ${col}: ${have[col][i]}, clean ${want[col][i]}`,
        );
    }
    checkTime(clean, got, i);
  }
}

/**
 * Times are relative to the first time-stamped record. When no kept row carries a time stamp
 * (pcapng Simple Packet Blocks, custom blocks), that record lies past the damage and the bases
 * differ: the kept rows then have no time of their own (0, or a copy of the previous row's).
 */
function checkTime(clean: PacketTable, got: PacketTable, i: number): void {
  const cs = clean.tsSec[i] ?? 0;
  const gs = got.tsSec[i] ?? 0;
  if (clean.baseSec === got.baseSec ? cs === gs : cs === 0 && gs === 0) return;
  throw new Fault(
    `frame ${i + 1} (before the damage) has time ${got.baseSec}+${gs} s, clean ${clean.baseSec}+${cs} s`,
  );
}

/** The read stopped at the broken record: every frame before it, a warning naming it. */
function checkStop(clean: PacketTable, r: AnalysisResult, stopAt: number): void {
  let before = 0;
  const offsets = clean.fileOffsets();
  while (before < clean.length && (offsets[before] ?? 0) < stopAt) before++;
  const { packets, truncated, warnings } = r.capture;
  if (!truncated) throw new Fault(`the damage at offset ${stopAt} went unreported`);
  if (packets !== before)
    throw new Fault(`kept ${packets} frames; the ${before} before offset ${stopAt} expected`);
  if (!warnings.some((w) => w.offset === stopAt && w.frame === before + 1))
    throw new Fault(
      `no warning names frame ${before + 1} at offset ${stopAt}: ${warnings.map((w) => `[${w.frame}@${w.offset}] ${w.message}`).join(' | ')}`,
    );
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? Number.POSITIVE_INFINITY : n;
}

/**
 * Growth of V8 heap and of ArrayBuffer memory over the case, sampled from the progress callback
 * (every few ms and at the end). The case's own garbage counts too (no GC is forced), so the heap
 * bound is loose; ArrayBuffers are what a typed array sized by a length field would show in.
 */
class MemoryMeter {
  private readonly heap0: number;
  private readonly buffers0: number;
  heap = 0;
  buffers = 0;

  constructor() {
    // getHeapStatistics is 4× cheaper than process.memoryUsage (no RSS read); its external memory
    // is the ArrayBuffer backing stores plus a little of Node's own.
    const m = getHeapStatistics();
    this.heap0 = m.used_heap_size;
    this.buffers0 = m.external_memory;
  }

  sample(): void {
    const m = getHeapStatistics();
    this.heap = Math.max(this.heap, m.used_heap_size - this.heap0);
    this.buffers = Math.max(this.buffers, m.external_memory - this.buffers0);
  }
}

function mb(n: number): string {
  return `${(n / 2 ** 20).toFixed(1)} MiB`;
}

function failureText(e: unknown): string {
  if (e instanceof Fault) {
    const cause = (e as { cause?: unknown }).cause;
    return cause instanceof Error ? `${e.message}\n${cause.stack ?? ''}` : e.message;
  }
  if (e instanceof Error) return `${e.name} escaped: ${e.message}\n${e.stack ?? ''}`;
  return `${String(e)} was thrown`;
}
