// A loaded capture: the summary header, the flow list, and the selected connection (ladder, diagnosis,
// packet details). Owns the selection (connection + current packet), keeps it in the URL hash and
// remembers it per capture, so reopening the same file comes back to the same packet.
// A big file comes in twice under one view (use-capture-loader.ts): first its flow list without a
// diagnosis (`capture.pending`), then the whole result. The view stays mounted: a connection chosen
// meanwhile stays chosen (flow indexes and stream numbers are the same in both), and only when none
// was does the worst connection get selected, as for a capture that came in at once.
import { startTransition, useCallback, useEffect, useMemo, useState } from 'react';
import type { Label } from '../analysis/labels';
import { indexOfRow } from '../capture/row-search';
import type { LoadProgress } from '../worker/analysis-api';
import type { CaptureDetails } from '../worker/unpack-result';
import type { LoadedCapture } from '../worker/worker-client';
import {
  buildModel,
  type CaptureModel,
  findingsOf,
  flowOfFrame,
  flowOfStream,
  rowsOf,
  streamOf,
} from './capture-model';
import { FlowViewPending } from './diagnosis-pending';
import { FlowList, PENDING_NAMES } from './flow-list/flow-list';
import { FlowView } from './flow-view/flow-view';
import type { TextCache } from './flow-view/use-finding-texts';
import { FrameCache } from './flow-view/use-frame-bytes';
import type { StepKey } from './flow-view/use-step-keys';
import { useI18n } from './i18n/i18n';
import { LoadError } from './load-error';
import { captureFingerprint, initialPosition, rememberPosition } from './position-memory';
import { SummaryHeader } from './summary-header';
import { type Position, writeHash } from './url-hash';
import { useAfterPaint } from './use-after-paint';

interface Selection {
  flow: number;
  /** Position of the current packet in the flow's rows. */
  index: number;
}

function selectionAt(m: CaptureModel, p: Position): Selection | null {
  const flow = flowOfStream(m, p.stream);
  if (flow === undefined) return null;
  const rows = rowsOf(m, flow);
  return { flow, index: p.frame === null ? 0 : Math.max(0, indexOfRow(rows, p.frame - 1)) };
}

/**
 * Where a capture opens: the remembered or linked position, else the worst connection's first packet
 * (not known yet while the diagnosis is pending: then nothing until it is).
 */
function initialSelection(m: CaptureModel | null, fingerprint: string): Selection | null {
  if (!m || m.entries.length === 0) return null;
  const p = initialPosition(fingerprint, window.location.hash);
  const restored = p ? selectionAt(m, p) : null;
  if (restored || m.entries.pending) return restored;
  // The first row of the list in its default order (worst diagnosis, then lowest stream).
  const first = m.entries.defaultOrder[0];
  return first === undefined ? null : { flow: m.entries.flow(first), index: 0 };
}

interface Props {
  capture: LoadedCapture;
  /** The diagnosis' progress while `capture.pending`. */
  progress: LoadProgress | null;
  onCancel: () => void;
}

export function CaptureView({ capture, progress, onCancel }: Props) {
  const { lang } = useI18n();
  const model = useMemo(() => buildModel(capture), [capture]);
  // This view opened on an early flow list: it shows "still analysing" until the connection's view
  // can be drawn (a capture that came in at once shows nothing there meanwhile, a blink at most).
  const [openedPending] = useState(capture.pending);
  // The second part of the result: what the selected connection's view reads.
  const got = useDetails(capture);
  const details = typeof got === 'string' ? null : got;
  const fingerprint = captureFingerprint(capture);
  const [filter, setFilter] = useState<Label | null>(null);
  const [selection, setSelection] = useState<Selection | null>(() => initialSelection(model, fingerprint));
  // The whole result replaced the early list: select the worst connection if none was chosen.
  const [modelShown, setModelShown] = useState(model);
  if (modelShown !== model) {
    setModelShown(model);
    if (selection === null) setSelection(initialSelection(model, fingerprint));
  }
  const textCache = useMemo<TextCache>(() => new Map(), []);
  const frameCache = useMemo(() => new FrameCache(), []);
  const names = capture.diagnosis?.labelNames[lang] ?? (capture.pending ? PENDING_NAMES : null);

  const onStep = useCallback(
    (k: StepKey) =>
      setSelection((s) => {
        const n = s && model ? rowsOf(model, s.flow).length : 0;
        if (!s || n === 0) return s;
        const to = { first: 0, prev: s.index - 1, next: s.index + 1, last: n - 1 }[k];
        const index = Math.max(0, Math.min(n - 1, to));
        return index === s.index ? s : { ...s, index };
      }),
    [model],
  );
  const packets = details?.flowSet?.columns;
  const onGoToFrame = useCallback(
    (frame: number) => {
      const flow = packets ? flowOfFrame(packets, frame) : undefined;
      if (!model || flow === undefined) return;
      const index = indexOfRow(rowsOf(model, flow), frame - 1);
      if (index >= 0) setSelection({ flow, index });
    },
    [model, packets],
  );
  const clearFilter = useCallback(() => setFilter(null), []);
  const selectFlow = useCallback(
    (flow: number) => setSelection((s) => (s?.flow === flow ? s : { flow, index: 0 })),
    [],
  );
  useSelectionInUrl(model, selection, fingerprint);
  // The list first: the selected connection's view mounts after the list was painted, and once the
  // second part of the result is in.
  const flowViewReady = useAfterPaint(model);
  const selectedFlow = selection ? details?.flowSet?.flows[selection.flow] : undefined;
  const flowDiagnosis = selection ? capture.diagnosis?.flows[selection.flow] : undefined;
  const selectedIndex = selection?.flow;
  const findings = useMemo(
    () => (selectedIndex === undefined ? [] : findingsOf(details, selectedIndex)),
    [details, selectedIndex],
  );
  const facts = details?.diagnosis;
  // What the selected connection's view needs, once all of it is in (and the list was painted).
  const view =
    model && names && selection && selectedFlow && details?.flowSet && details.table && facts && flowViewReady
      ? { names, selection, flowSet: details.flowSet, table: details.table, facts }
      : null;
  const flowViewShown = view !== null && !capture.pending;
  return (
    <>
      {capture.error && (
        <LoadError fileName={capture.fileName} failure={capture.error} packetsKept={capture.packets} />
      )}
      {typeof got === 'string' && (
        <LoadError
          fileName={capture.fileName}
          failure={{ kind: 'internal', message: got }}
          packetsKept={capture.packets}
        />
      )}
      {(!capture.error || capture.packets > 0) && (
        <SummaryHeader
          capture={capture}
          filter={filter}
          onFilter={setFilter}
          pending={capture.pending ? { progress, onCancel } : null}
        />
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
      {model && names && selection && openedPending && !flowViewShown && (
        <FlowViewPending stream={streamOf(model, selection.flow)} />
      )}
      {view && flowViewShown && (
        <FlowView
          table={view.table}
          flowSet={view.flowSet}
          session={capture.session}
          flowIndex={view.selection.flow}
          index={view.selection.index}
          diagnosis={flowDiagnosis?.diagnosis ?? 'healthy'}
          labels={flowDiagnosis?.labels ?? []}
          names={view.names}
          findings={findings}
          textCache={textCache}
          frameCache={frameCache}
          onStep={onStep}
          onGoToFrame={onGoToFrame}
          fileName={capture.fileName}
          facts={view.facts}
        />
      )}
    </>
  );
}

/** The second part of the result once it arrived, or why it could not be had (a bug, not the file). */
function useDetails(capture: LoadedCapture): CaptureDetails | string | null {
  const [details, setDetails] = useState<CaptureDetails | string | null>(null);
  useEffect(() => {
    let live = true;
    capture.details.then(
      // Rendered in slices, like the result itself (use-capture-loader.ts).
      (d) => live && startTransition(() => setDetails(d)),
      (e: unknown) => live && setDetails(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [capture]);
  return details;
}

/** Mirrors the selection into `#stream=N&frame=M` and the per-capture memory. */
function useSelectionInUrl(model: CaptureModel | null, s: Selection | null, fingerprint: string): void {
  const stream = s && model ? streamOf(model, s.flow) : undefined;
  const row = s && model ? rowsOf(model, s.flow)[s.index] : undefined;
  useEffect(() => {
    if (stream === undefined || row === undefined) return;
    const p: Position = { stream, frame: row + 1 };
    writeHash(p);
    rememberPosition(fingerprint, p);
  }, [stream, row, fingerprint]);
}
