// One connection in full: the step controls, its ladder diagram (src/ui/diagram, by the ladder's
// owner) beside the diagnosis panel, and the details of the current packet.
import { type RefObject, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Label } from '../../analysis/labels';
import type { PacketTable } from '../../capture/packet-table';
import type { FlowSet } from '../../flows/model';
import type { DiagnosisFacts } from '../../worker/analysis-api';
import type { CaptureSession } from '../../worker/worker-client';
import { Ladder, type LadderShown } from '../diagram';
import { ExportMenu } from '../export/export-menu';
import { labellingFindings } from '../export/page-diagnosis';
import { useI18n } from '../i18n/i18n';
import { readStored, writeStored } from '../storage';
import { useAfterPaint } from '../use-after-paint';
import { DiagnosisPanel, type ShownFinding } from './diagnosis-panel';
import { PacketDetails } from './packet-details';
import { packetFacts } from './packet-facts';
import { SPEEDS, StepControls } from './step-controls';
import { type TextCache, useFindingTexts } from './use-finding-texts';
import { type FrameCache, useFrameBytes } from './use-frame-bytes';
import { type StepKey, useStepKeys } from './use-step-keys';

const SPEED_KEY = 'wirelens.speed';
/** Packets around the current one whose payload is read in the same request. */
const PREFETCH = 16;

interface Props {
  table: PacketTable;
  flowSet: FlowSet;
  session: CaptureSession;
  flowIndex: number;
  index: number;
  diagnosis: Label;
  labels: readonly Label[];
  names: Record<Label, string>;
  findings: readonly ShownFinding[];
  textCache: TextCache;
  frameCache: FrameCache;
  onStep: (k: StepKey) => void;
  onGoToFrame: (frame: number) => void;
  /** For the exports: the capture's file name and its diagnosis facts. */
  fileName: string;
  facts: DiagnosisFacts;
}

function savedSpeed(): number {
  const s = Number(readStored(SPEED_KEY));
  return (SPEEDS as readonly number[]).includes(s) ? s : 2;
}

/** The ladder's viewport: most of the window's height, within reason. */
const ladderHeight = () => Math.max(320, Math.min(760, window.innerHeight - 150));

function useLadderHeight(): number {
  const [h, setH] = useState(ladderHeight);
  useEffect(() => {
    const onResize = () => setH(ladderHeight());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return h;
}

/** The element's height, followed as it changes (the side pane matches the ladder's). */
function useHeightOf(ref: RefObject<HTMLElement | null>): number | null {
  const [h, setH] = useState<number | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setH(el.offsetHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return h;
}

export function FlowView(p: Props) {
  const { t, lang } = useI18n();
  const flow = p.flowSet.flows[p.flowIndex];
  const count = flow?.rows.length ?? 0;
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(savedSpeed);
  const height = useLadderHeight();
  const ladderPane = useRef<HTMLDivElement>(null);
  const shown = useRef<LadderShown | null>(null);
  const paneHeight = useHeightOf(ladderPane);
  const { onStep } = p;
  const step = useCallback(
    (k: StepKey) => {
      // A key or button press takes over from the animation.
      setPlaying(false);
      onStep(k);
    },
    [onStep],
  );
  useStepKeys(step);
  usePlayer(playing, p.index, count, speed, onStep, setPlaying);

  const facts = useMemo(
    () => (flow && count > 0 ? packetFacts(p.table, p.flowSet, flow, Math.min(p.index, count - 1)) : null),
    [p.table, p.flowSet, flow, p.index, count],
  );
  const neighbours = () => {
    if (!flow) return [];
    const out = [];
    for (let i = Math.max(0, p.index - PREFETCH); i < Math.min(count, p.index + PREFETCH); i++) {
      const r = packetFacts(p.table, p.flowSet, flow, i).payload;
      if (r) out.push(r);
    }
    return out;
  };
  const flowFindings = useMemo(() => labellingFindings(p.findings), [p.findings]);
  // When a capture opens, the ladder (the costliest part to draw) comes a task after the rest.
  const ladderReady = useAfterPaint(p.table);
  const bytes = useFrameBytes(p.session, p.frameCache, facts?.payload ?? null, neighbours);
  const texts = useFindingTexts(
    p.session,
    p.textCache,
    p.findings.map((f) => f.index),
    lang,
  );
  if (!flow || !facts) return null;
  const client = p.table.addresses.endpoint(flow.clientAddr, flow.clientPort);
  const server = p.table.addresses.endpoint(flow.serverAddr, flow.serverPort);

  return (
    <section
      className="flow-view"
      data-testid="flow-view"
      data-stream={flow.stream}
      aria-labelledby="flow-view-title"
    >
      <header className="flow-view-head">
        <h2 id="flow-view-title">
          {t('flow.title', { stream: flow.stream })}{' '}
          <span className="flow-endpoints">
            {client} → {server}
          </span>
        </h2>
        <StepControls
          index={p.index}
          count={count}
          frame={facts.frame}
          playing={playing}
          speed={speed}
          onStep={step}
          onPlay={() => setPlaying((x) => !x)}
          onSpeed={(s) => {
            setSpeed(s);
            writeStored(SPEED_KEY, String(s));
          }}
        />
        <ExportMenu
          table={p.table}
          flowSet={p.flowSet}
          flow={flow}
          fileName={p.fileName}
          facts={p.facts}
          flowFindings={flowFindings}
          session={p.session}
          shownRef={shown}
        />
      </header>
      <div className="flow-view-body">
        <div className="ladder-pane" ref={ladderPane}>
          {ladderReady ? (
            <Ladder
              flow={flow}
              table={p.table}
              columns={p.flowSet.columns}
              currentFrame={facts.frame}
              onSelectFrame={p.onGoToFrame}
              height={height}
              shownRef={shown}
            />
          ) : (
            <div className="ladder-placeholder" style={{ height }} />
          )}
        </div>
        <aside
          className="side-pane"
          style={paneHeight ? ({ '--pane-height': `${paneHeight}px` } as React.CSSProperties) : undefined}
        >
          <DiagnosisPanel
            diagnosis={p.diagnosis}
            labels={p.labels}
            names={p.names}
            findings={p.findings}
            texts={texts}
            currentFrame={facts.frame}
            onGoToFrame={p.onGoToFrame}
          />
          <PacketDetails facts={facts} bytes={bytes} client={client} server={server} />
        </aside>
      </div>
    </section>
  );
}

/** Steps forward at `speed` packets a second while playing; stops at the last packet. */
function usePlayer(
  playing: boolean,
  index: number,
  count: number,
  speed: number,
  onStep: (k: StepKey) => void,
  setPlaying: (p: boolean) => void,
): void {
  useEffect(() => {
    if (!playing) return;
    if (index >= count - 1) {
      setPlaying(false);
      return;
    }
    const id = window.setTimeout(() => onStep('next'), 1000 / speed);
    return () => window.clearTimeout(id);
  }, [playing, index, count, speed, onStep, setPlaying]);
}
