// The diagnosis as it crosses from the worker to the page: each flow's labels and the findings' facts
// as typed-array columns (see flow-transfer.ts for why), the small summary parts as they are. The
// labels come with the flow list (the first message); the findings, which only the selected
// connection's view reads, with the HTTP exchanges after it (pack-result.ts). The page rebuilds a
// FlowDiagnosis or a FindingFacts only when it reads it (lazy-array.ts), and finds the findings of
// one flow by scanning the flow lists of the columns (findingsOfFlow), without building a finding
// object per finding.
// Variable-length parts are compressed sparse rows: finding i's items are [start[i], start[i + 1]).
import { LABELS, type Label, type RuleLabel, type Severity } from '../analysis/labels';
import type { FlowDiagnosis, Numbers } from '../analysis/types';
import type { DiagnosisSummary, FindingFacts } from './analysis-api';
import { lazyArray } from './lazy-array';
import { type PackedStrings, type StringTableBuilder, stringAt } from './string-table';

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const NumberKind = { Number: 0, False: 1, True: 2, Null: 3 } as const;

/** A list of number lists: list i is values[start[i], start[i + 1]). */
export interface PackedLists {
  start: Uint32Array;
  values: Float64Array;
}

export interface PackedFlowLabels {
  /** Per flow, its primary diagnosis (index into LABELS). */
  label: Uint8Array;
  /** Per flow, its other labels (indexes into LABELS). */
  labelStart: Uint32Array;
  labels: Uint8Array;
}

export interface PackedFindings {
  count: number;
  /** Index into LABELS. */
  rule: Uint8Array;
  /** Index into SEVERITIES. */
  severity: Uint8Array;
  /** String id. */
  variant: Int32Array;
  flows: PackedLists;
  related: PackedLists;
  frames: PackedLists;
  streams: PackedLists;
  /** keyFrames as (key string id, frame) pairs. */
  keyFrameKeys: PackedLists;
  keyFrameValues: Float64Array;
  /** numbers as (key string id, kind, value) triples. */
  numberKeys: PackedLists;
  numberKinds: Uint8Array;
  numberValues: Float64Array;
  /** context as (key, value) string id pairs. */
  contextKeys: PackedLists;
  contextValues: Int32Array;
}

/** The diagnosis summary with the per-flow labels as columns (the findings cross later). */
export interface PackedDiagnosis extends Omit<DiagnosisSummary, 'flows'> {
  flowLabels: PackedFlowLabels;
}

function code<T>(list: readonly T[], value: T, what: string): number {
  const i = list.indexOf(value);
  if (i < 0) throw new Error(`cannot pack ${what} ${String(value)}`);
  return i;
}

const labelCode = (label: Label) => code(LABELS, label, 'label');

/** Gathers lists as they are packed (push the values of a list, then end it); finish() gives the columns. */
class ListBuilder {
  private readonly starts: number[] = [0];
  private readonly values: number[] = [];

  push(v: number): void {
    this.values.push(v);
  }

  end(): void {
    this.starts.push(this.values.length);
  }

  add(list: readonly number[]): void {
    for (let i = 0; i < list.length; i++) this.values.push(list[i] as number);
    this.end();
  }

  finish(): PackedLists {
    return { start: Uint32Array.from(this.starts), values: Float64Array.from(this.values) };
  }
}

export function packFlowLabels(flows: readonly FlowDiagnosis[]): PackedFlowLabels {
  const label = new Uint8Array(flows.length);
  const labelStart = new Uint32Array(flows.length + 1);
  let total = 0;
  for (const d of flows) total += d.labels.length;
  const labels = new Uint8Array(total);
  let at = 0;
  flows.forEach((d, i) => {
    label[i] = labelCode(d.diagnosis);
    for (const l of d.labels) labels[at++] = labelCode(l);
    labelStart[i + 1] = at;
  });
  return { label, labelStart, labels };
}

function numberKind(v: number | boolean | null): number {
  if (v === null) return NumberKind.Null;
  if (typeof v === 'boolean') return v ? NumberKind.True : NumberKind.False;
  return NumberKind.Number;
}

/** The columns of packFindings while they fill. */
class FindingColumns {
  readonly flows = new ListBuilder();
  readonly related = new ListBuilder();
  readonly frames = new ListBuilder();
  readonly streams = new ListBuilder();
  readonly keyFrameKeys = new ListBuilder();
  readonly keyFrameValues: number[] = [];
  readonly numberKeys = new ListBuilder();
  readonly numberKinds: number[] = [];
  readonly numberValues: number[] = [];
  readonly contextKeys = new ListBuilder();
  readonly contextValues: number[] = [];

  constructor(private readonly s: StringTableBuilder) {}

  // Plain loops, no entry arrays: this runs once per finding, in code the worker runs once (cold).
  add(f: FindingFacts): void {
    const s = this.s;
    this.flows.add(f.flows);
    this.related.add(f.related);
    this.frames.add(f.frames);
    this.streams.add(f.streams);
    for (const k in f.keyFrames) {
      this.keyFrameKeys.push(s.id(k));
      this.keyFrameValues.push(f.keyFrames[k] as number);
    }
    this.keyFrameKeys.end();
    for (const k in f.numbers) {
      const v = f.numbers[k] as Numbers[string];
      this.numberKeys.push(s.id(k));
      this.numberKinds.push(numberKind(v));
      this.numberValues.push(typeof v === 'number' ? v : 0);
    }
    this.numberKeys.end();
    for (const k in f.context) {
      this.contextKeys.push(s.id(k));
      // Values are mostly endpoints, one per finding: appended, not interned.
      this.contextValues.push(s.add(f.context[k]));
    }
    this.contextKeys.end();
  }
}

export function packFindings(findings: readonly FindingFacts[], s: StringTableBuilder): PackedFindings {
  const n = findings.length;
  const rule = new Uint8Array(n);
  const severity = new Uint8Array(n);
  const variant = new Int32Array(n);
  const c = new FindingColumns(s);
  findings.forEach((f, i) => {
    rule[i] = labelCode(f.rule);
    severity[i] = code(SEVERITIES, f.severity, 'severity');
    variant[i] = s.id(f.variant);
    c.add(f);
  });
  return {
    count: n,
    rule,
    severity,
    variant,
    flows: c.flows.finish(),
    related: c.related.finish(),
    frames: c.frames.finish(),
    streams: c.streams.finish(),
    keyFrameKeys: c.keyFrameKeys.finish(),
    keyFrameValues: Float64Array.from(c.keyFrameValues),
    numberKeys: c.numberKeys.finish(),
    numberKinds: Uint8Array.from(c.numberKinds),
    numberValues: Float64Array.from(c.numberValues),
    contextKeys: c.contextKeys.finish(),
    contextValues: Int32Array.from(c.contextValues),
  };
}

export function packDiagnosis(d: DiagnosisSummary): PackedDiagnosis {
  const { flows, ...rest } = d;
  return { ...rest, flowLabels: packFlowLabels(flows) };
}

/** Every buffer of the findings' columns, each once. */
export function packedFindingBuffers(p: PackedFindings): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const add = (v: unknown) => {
    if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) out.add(v.buffer);
  };
  for (const v of Object.values(p)) {
    add(v);
    if (v && typeof v === 'object' && !ArrayBuffer.isView(v)) for (const w of Object.values(v)) add(w);
  }
  return [...out];
}

function range(l: PackedLists, i: number): [number, number] {
  return [l.start[i] ?? 0, l.start[i + 1] ?? 0];
}

function listAt(l: PackedLists, i: number): number[] {
  const [from, to] = range(l, i);
  return Array.from(l.values.subarray(from, to));
}

function required(s: PackedStrings, id: number): string {
  return stringAt(s, id) ?? '';
}

function recordAt<V>(
  keys: PackedLists,
  i: number,
  s: PackedStrings,
  value: (k: number) => V,
): Record<string, V> {
  const out: Record<string, V> = {};
  const [from, to] = range(keys, i);
  for (let k = from; k < to; k++) out[required(s, keys.values[k] ?? -1)] = value(k);
  return out;
}

function numberAt(p: PackedFindings, k: number): Numbers[string] {
  switch (p.numberKinds[k]) {
    case NumberKind.Null:
      return null;
    case NumberKind.False:
      return false;
    case NumberKind.True:
      return true;
    default:
      return p.numberValues[k] ?? 0;
  }
}

/** Finding `i`'s facts rebuilt from the columns. */
export function findingAt(p: PackedFindings, s: PackedStrings, i: number): FindingFacts {
  return {
    rule: LABELS[p.rule[i] ?? 0] as RuleLabel,
    severity: SEVERITIES[p.severity[i] ?? 0] ?? 'info',
    flows: listAt(p.flows, i),
    related: listAt(p.related, i),
    frames: listAt(p.frames, i),
    keyFrames: recordAt(p.keyFrameKeys, i, s, (k) => p.keyFrameValues[k] ?? 0),
    numbers: recordAt(p.numberKeys, i, s, (k) => numberAt(p, k)),
    context: recordAt(p.contextKeys, i, s, (k) => required(s, p.contextValues[k] ?? -1)),
    variant: required(s, p.variant[i] ?? -1),
    streams: listAt(p.streams, i),
  };
}

/** Flow `i`'s diagnosis rebuilt from the columns. */
export function flowDiagnosisAt(p: PackedFlowLabels, i: number): FlowDiagnosis {
  const labels: Label[] = [];
  for (let k = p.labelStart[i] ?? 0; k < (p.labelStart[i + 1] ?? 0); k++)
    labels.push(LABELS[p.labels[k] ?? 0] ?? 'healthy');
  return { diagnosis: LABELS[p.label[i] ?? 0] ?? 'healthy', labels };
}

/** The page's diagnosis summary: flows is an array whose objects are built when read. */
export function unpackDiagnosis(p: PackedDiagnosis): DiagnosisSummary {
  const { flowLabels, ...rest } = p;
  return { ...rest, flows: lazyArray(flowLabels.label.length, (i) => flowDiagnosisAt(flowLabels, i)) };
}

/** The findings' facts as an array whose objects are built when read. */
export function unpackFindings(p: PackedFindings, s: PackedStrings): FindingFacts[] {
  return lazyArray(p.count, (i) => findingAt(p, s, i));
}

/** A finding that names a flow: labelling it, or cited as related evidence. */
export interface FindingRef {
  index: number;
  related: boolean;
}

/** The findings that name `flow`, in finding order, labelling ones before related ones per finding. */
export function findingsOfFlow(p: PackedFindings, flow: number): FindingRef[] {
  const out: FindingRef[] = [];
  for (let i = 0; i < p.count; i++) {
    const [a, b] = range(p.flows, i);
    for (let k = a; k < b; k++) if (p.flows.values[k] === flow) out.push({ index: i, related: false });
    const [c, d] = range(p.related, i);
    for (let k = c; k < d; k++) if (p.related.values[k] === flow) out.push({ index: i, related: true });
  }
  return out;
}
