// The selected connection's findings beside its ladder: title and explanation (in the page's
// language, from the analysis), the evidence frames as buttons that move the current step to that
// packet (selecting the connection it belongs to), and the fix for the client library the user picks
// (remembered).
import { useId, useState } from 'react';
import { type Label, SEVERITY } from '../../analysis/labels';
import type { FindingFacts, FindingTexts } from '../../worker/analysis-api';
import { type MessageKey, useI18n } from '../i18n/i18n';
import { readStored, writeStored } from '../storage';

const LIBRARY_KEY = 'wirelens.library';

export interface ShownFinding {
  index: number;
  facts: FindingFacts;
  /** The finding names this connection only as related evidence (e.g. the upstream of a 502). */
  related: boolean;
}

interface Props {
  diagnosis: Label;
  labels: readonly Label[];
  names: Record<Label, string>;
  findings: readonly ShownFinding[];
  texts: Map<number, FindingTexts>;
  currentFrame: number;
  onGoToFrame: (frame: number) => void;
}

export function DiagnosisPanel({
  diagnosis,
  labels,
  names,
  findings,
  texts,
  currentFrame,
  onGoToFrame,
}: Props) {
  const { t } = useI18n();
  const [library, setLibrary] = useState(() => readStored(LIBRARY_KEY) ?? 'okhttp');
  const choose = (l: string) => {
    setLibrary(l);
    writeStored(LIBRARY_KEY, l);
  };
  return (
    <section className="diagnosis-panel" data-testid="diagnosis-panel" aria-labelledby="diagnosis-title">
      <h3 id="diagnosis-title">
        {t('diagnosis.title')}:{' '}
        <span
          className={`diagnosis-tag sev-${SEVERITY[diagnosis] ?? 'healthy'}`}
          data-testid="flow-diagnosis"
        >
          {names[diagnosis]}
        </span>
        {labels.length > 0 && (
          <span className="muted">
            {' '}
            {t('diagnosis.also', { labels: labels.map((l) => names[l]).join(', ') })}
          </span>
        )}
      </h3>
      {findings.length === 0 && <p>{t('diagnosis.noFindings')}</p>}
      {findings.map((f) => (
        <FindingView
          key={f.index}
          finding={f}
          texts={texts.get(f.index)}
          names={names}
          library={library}
          onLibrary={choose}
          currentFrame={currentFrame}
          onGoToFrame={onGoToFrame}
        />
      ))}
    </section>
  );
}

interface FindingProps {
  finding: ShownFinding;
  texts: FindingTexts | undefined;
  names: Record<Label, string>;
  library: string;
  onLibrary: (l: string) => void;
  currentFrame: number;
  onGoToFrame: (frame: number) => void;
}

function FindingView({ finding, texts, names, library, onLibrary, currentFrame, onGoToFrame }: FindingProps) {
  const { t } = useI18n();
  const { facts } = finding;
  const selectId = useId();
  const fix = texts?.fixes.find((x) => x.library === library) ?? texts?.fixes[0];
  const saw = texts?.clientSaw.find((x) => x.library === (fix?.library ?? library));
  return (
    <article
      className={`finding sev-${facts.severity}`}
      data-testid="finding"
      data-rule={facts.rule}
      aria-busy={!texts}
    >
      <h4>
        {texts?.title ?? names[facts.rule]}
        {finding.related && <span className="muted"> {t('diagnosis.related')}</span>}
      </h4>
      {texts && <p className="explanation">{texts.explanation}</p>}
      <Evidence facts={facts} currentFrame={currentFrame} onGoToFrame={onGoToFrame} />
      {texts && texts.fixes.length > 0 && (
        <div className="fix">
          <div className="fix-choice">
            <label htmlFor={selectId}>{t('diagnosis.fixFor')}</label>
            <select
              id={selectId}
              data-testid="fix-library"
              value={fix?.library ?? library}
              onChange={(e) => onLibrary(e.currentTarget.value)}
            >
              {texts.fixes.map((x) => (
                <option key={x.library} value={x.library}>
                  {x.name}
                </option>
              ))}
            </select>
          </div>
          {fix && (
            <p className="fix-text" data-testid="fix-text">
              {fix.text}
            </p>
          )}
          {saw && (
            <p className="client-saw">
              {t('diagnosis.clientSaw')} <code>{saw.text}</code>
            </p>
          )}
          {texts.serverFix && (
            <p className="server-fix">
              <strong>{t('diagnosis.serverFix')}</strong> {texts.serverFix}
            </p>
          )}
        </div>
      )}
    </article>
  );
}

/** Evidence frames: the named ones (as the explanation cites them) in frame order; else the list. */
function evidenceOf(facts: FindingFacts): { frame: number; name: string | null }[] {
  const named = Object.entries(facts.keyFrames)
    .map(([name, frame]) => ({ frame, name }))
    .sort((a, b) => a.frame - b.frame);
  if (named.length > 0) return named;
  return facts.frames.slice(0, 24).map((frame) => ({ frame, name: null }));
}

function Evidence({
  facts,
  currentFrame,
  onGoToFrame,
}: {
  facts: FindingFacts;
  currentFrame: number;
  onGoToFrame: (f: number) => void;
}) {
  const { t } = useI18n();
  const items = evidenceOf(facts);
  if (items.length === 0) return null;
  return (
    <div className="evidence">
      <span className="evidence-label">{t('diagnosis.evidence')}</span>
      <ul>
        {items.map(({ frame, name }) => (
          <li key={`${name ?? ''}${frame}`}>
            <button
              type="button"
              className="evidence-frame"
              data-testid="evidence-frame"
              data-frame={frame}
              data-name={name ?? undefined}
              aria-current={frame === currentFrame ? 'step' : undefined}
              onClick={() => onGoToFrame(frame)}
            >
              #{frame}
              {name && <span className="evidence-name"> {keyFrameName(t, name)}</span>}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** "serverFin" → the catalog's name for it, or its words ("server fin") when the catalog has none. */
function keyFrameName(t: (k: MessageKey) => string, name: string): string {
  const key = `frame.${name}` as MessageKey;
  const text = t(key);
  return text === key ? name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : text;
}
