// A loaded capture: the summary header, the flow list, and the selected connection (ladder, diagnosis,
// packet details). Owns the selection (connection + current packet), keeps it in the URL hash and
// remembers it per capture, so reopening the same file comes back to the same packet.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { type Label, precedenceOf } from '../analysis/labels';
import type { PacketTable } from '../capture/packet-table';
import type { FlowSet } from '../flows/model';
import type { DiagnosisFacts } from '../worker/analysis-api';
import type { LoadedCapture } from '../worker/worker-client';
import { buildFlowEntries, type FlowEntry } from './flow-list/flow-entries';
import { FlowList } from './flow-list/flow-list';
import type { ShownFinding } from './flow-view/diagnosis-panel';
import { FlowView } from './flow-view/flow-view';
import type { TextCache } from './flow-view/use-finding-texts';
import { FrameCache } from './flow-view/use-frame-bytes';
import type { StepKey } from './flow-view/use-step-keys';
import { useI18n } from './i18n/i18n';
import { LoadError } from './load-error';
import { captureFingerprint, initialPosition, rememberPosition } from './position-memory';
import { SummaryHeader } from './summary-header';
import { type Position, writeHash } from './url-hash';

interface Selection {
  flow: number;
  /** Position of the current packet in the flow's rows. */
  index: number;
}

interface Model {
  table: PacketTable;
  flowSet: FlowSet;
  entries: FlowEntry[];
  findingsByFlow: Map<number, ShownFinding[]>;
  flowOfStream: Map<number, number>;
}

function findingsByFlow(d: DiagnosisFacts | null): Map<number, ShownFinding[]> {
  const m = new Map<number, ShownFinding[]>();
  const add = (flow: number, s: ShownFinding) => {
    const list = m.get(flow);
    if (list) list.push(s);
    else m.set(flow, [s]);
  };
  d?.findings.forEach((facts, index) => {
    for (const f of facts.flows) add(f, { index, facts, related: false });
    for (const f of facts.related) add(f, { index, facts, related: true });
  });
  const rank = (s: ShownFinding) =>
    (s.related ? 1000 : 0) +
    ({ error: 0, warning: 100, info: 200 }[s.facts.severity] ?? 300) +
    precedenceOf(s.facts.rule);
  for (const list of m.values()) list.sort((a, b) => rank(a) - rank(b));
  return m;
}

function buildModel(c: LoadedCapture): Model | null {
  if (!c.table || !c.flowSet) return null;
  const flowOfStream = new Map<number, number>();
  for (const f of c.flowSet.flows) if (f.transport === 'tcp') flowOfStream.set(f.stream, f.index);
  return {
    table: c.table,
    flowSet: c.flowSet,
    entries: buildFlowEntries(c.table, c.flowSet, c.diagnosis),
    findingsByFlow: findingsByFlow(c.diagnosis),
    flowOfStream,
  };
}

/** Index of `row` in ascending `rows`, or -1. */
function indexOfRow(rows: Uint32Array, row: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rows[mid] ?? 0) < row) lo = mid + 1;
    else hi = mid;
  }
  return rows[lo] === row ? lo : -1;
}

function selectionAt(m: Model, p: Position): Selection | null {
  const flow = m.flowOfStream.get(p.stream);
  const rows = flow === undefined ? undefined : m.flowSet.flows[flow]?.rows;
  if (flow === undefined || !rows) return null;
  return { flow, index: p.frame === null ? 0 : Math.max(0, indexOfRow(rows, p.frame - 1)) };
}

/** Where a capture opens: the remembered or linked position, else the worst connection's first packet. */
function initialSelection(m: Model | null, fingerprint: string): Selection | null {
  if (!m || m.entries.length === 0) return null;
  const p = initialPosition(fingerprint, window.location.hash);
  const restored = p ? selectionAt(m, p) : null;
  if (restored) return restored;
  // The first row of the list in its default order (worst diagnosis, then lowest stream).
  let best: FlowEntry | undefined;
  for (const e of m.entries)
    if (!best || e.rank < best.rank || (e.rank === best.rank && e.stream < best.stream)) best = e;
  return best ? { flow: best.flow, index: 0 } : null;
}

export function CaptureView({ capture }: { capture: LoadedCapture }) {
  const { lang } = useI18n();
  const model = useMemo(() => buildModel(capture), [capture]);
  const fingerprint = captureFingerprint(capture);
  const [filter, setFilter] = useState<Label | null>(null);
  const [selection, setSelection] = useState<Selection | null>(() => initialSelection(model, fingerprint));
  const textCache = useMemo<TextCache>(() => new Map(), []);
  const frameCache = useMemo(() => new FrameCache(), []);
  const names = capture.diagnosis?.labelNames[lang] ?? null;

  const onStep = useCallback(
    (k: StepKey) =>
      setSelection((s) => {
        const n = s && model ? (model.flowSet.flows[s.flow]?.rows.length ?? 0) : 0;
        if (!s || n === 0) return s;
        const to = { first: 0, prev: s.index - 1, next: s.index + 1, last: n - 1 }[k];
        const index = Math.max(0, Math.min(n - 1, to));
        return index === s.index ? s : { ...s, index };
      }),
    [model],
  );
  const onGoToFrame = useCallback(
    (frame: number) => {
      if (!model) return;
      const flow = model.flowSet.columns.flow[frame - 1];
      const rows = flow === undefined || flow < 0 ? undefined : model.flowSet.flows[flow]?.rows;
      if (flow === undefined || !rows) return;
      const index = indexOfRow(rows, frame - 1);
      if (index >= 0) setSelection({ flow, index });
    },
    [model],
  );
  const clearFilter = useCallback(() => setFilter(null), []);
  const selectFlow = useCallback(
    (flow: number) => setSelection((s) => (s?.flow === flow ? s : { flow, index: 0 })),
    [],
  );
  useSelectionInUrl(model, selection, fingerprint);

  const selectedFlow = selection ? model?.flowSet.flows[selection.flow] : undefined;
  const flowDiagnosis = selection ? capture.diagnosis?.flows[selection.flow] : undefined;
  return (
    <>
      {capture.error && (
        <LoadError fileName={capture.fileName} failure={capture.error} packetsKept={capture.packets} />
      )}
      {(!capture.error || capture.table) && (
        <SummaryHeader capture={capture} filter={filter} onFilter={setFilter} />
      )}
      {model && names && (
        <FlowList
          entries={model.entries}
          names={names}
          diagnosisFilter={filter}
          onClearDiagnosisFilter={clearFilter}
          selectedFlow={selection?.flow ?? null}
          onSelect={selectFlow}
        />
      )}
      {model && names && selection && selectedFlow && capture.diagnosis && (
        <FlowView
          table={model.table}
          flowSet={model.flowSet}
          session={capture.session}
          flowIndex={selection.flow}
          index={selection.index}
          diagnosis={flowDiagnosis?.diagnosis ?? 'healthy'}
          labels={flowDiagnosis?.labels ?? []}
          names={names}
          findings={model.findingsByFlow.get(selection.flow) ?? []}
          textCache={textCache}
          frameCache={frameCache}
          onStep={onStep}
          onGoToFrame={onGoToFrame}
          fileName={capture.fileName}
          facts={capture.diagnosis}
        />
      )}
    </>
  );
}

/** Mirrors the selection into `#stream=N&frame=M` and the per-capture memory. */
function useSelectionInUrl(model: Model | null, s: Selection | null, fingerprint: string): void {
  const flow = s ? model?.flowSet.flows[s.flow] : undefined;
  const stream = flow?.stream;
  const row = s && flow ? flow.rows[s.index] : undefined;
  useEffect(() => {
    if (stream === undefined || row === undefined) return;
    const p: Position = { stream, frame: row + 1 };
    writeHash(p);
    rememberPosition(fingerprint, p);
  }, [stream, row, fingerprint]);
}
