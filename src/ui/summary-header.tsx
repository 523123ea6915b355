// The capture at a glance: file, format, packets, link types, the analysis' headline sentence, the
// connections per diagnosis as chips that filter the flow list, the inferred server idle timeouts,
// and the reader's warnings (with where they were found).
import { useEffect, useRef } from 'react';
import { type Label, SEVERITY } from '../analysis/labels';
import type { LoadedCapture } from '../worker/worker-client';
import { DiagnosisPending, type PendingDiagnosis } from './diagnosis-pending';
import { faultPosition, formatBytes, formatCount, linkTypeName } from './format';
import { type Translate, useI18n } from './i18n/i18n';

function formatLabel(t: Translate, c: LoadedCapture): string {
  if (!c.format) return t('summary.unknownFormat');
  return c.compressed ? t('summary.compressed', { format: c.format, compression: c.compressed }) : c.format;
}

interface Props {
  capture: LoadedCapture;
  filter: Label | null;
  onFilter: (label: Label | null) => void;
}

/** `pending`: the early flow list of a big file is shown, its diagnosis still being computed. */
export function SummaryHeader({
  capture,
  filter,
  onFilter,
  pending,
}: Props & { pending: PendingDiagnosis | null }) {
  const { t } = useI18n();
  const seconds = capture.elapsedMs / 1000;
  const heading = useRef<HTMLHeadingElement>(null);
  // The Cancel button that had focus is gone: put keyboard focus where the result starts (after a
  // fault, LoadError above takes it instead).
  const focusHere = !capture.error;
  // After the frame that shows the result is painted: a focus() before it makes the browser lay the
  // whole new page out inside this task (20-40 ms of the first flow list's render on 1 GB).
  useEffect(() => {
    if (!focusHere) return;
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => heading.current?.focus(), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [focusHere]);
  return (
    <section
      className="summary"
      data-testid="summary"
      data-packets={capture.packets}
      aria-labelledby="summary-title"
      aria-busy={pending ? true : undefined}
    >
      <div className="summary-top">
        <h2 id="summary-title" ref={heading} tabIndex={-1}>
          “{capture.fileName}” <span className="muted">({formatBytes(capture.fileSize)})</span>
        </h2>
        <dl className="facts">
          <div>
            <dt>{t('summary.format')}</dt>
            <dd data-testid="format">{formatLabel(t, capture)}</dd>
          </div>
          <div>
            <dt>{t('summary.packets')}</dt>
            <dd data-testid="packet-count">{formatCount(capture.packets)}</dd>
          </div>
          <div>
            <dt>{t('summary.linkTypes')}</dt>
            <dd data-testid="link-types">
              {capture.linkTypes.map((l) => linkTypeName(l, t('summary.linkType'))).join(', ') ||
                t('summary.none')}
            </dd>
          </div>
          <div data-testid="read-in">
            <dt>{t('summary.readIn')}</dt>
            <dd>
              {seconds < 1 ? `${Math.max(1, Math.round(capture.elapsedMs))} ms` : `${seconds.toFixed(1)} s`}
            </dd>
          </div>
        </dl>
      </div>
      {pending ? (
        <DiagnosisPending progress={pending.progress} onCancel={pending.onCancel} />
      ) : (
        <Diagnosis capture={capture} filter={filter} onFilter={onFilter} />
      )}
      {capture.truncated && !capture.error && capture.warnings.length === 0 && (
        <p className="note">{t('summary.truncated')}</p>
      )}
      <Warnings warnings={capture.warnings} />
    </section>
  );
}

function Diagnosis({ capture, filter, onFilter }: Props) {
  const { t, lang } = useI18n();
  const d = capture.diagnosis;
  if (!d) return null;
  const counts = Object.entries(d.counts) as [Label, number][];
  const idle = d.idleTimeouts[lang];
  return (
    <div className="diagnosis-summary">
      <p className="headline" data-testid="headline">
        {d.headlines[lang]}
      </p>
      {counts.length > 0 && (
        <fieldset className="chips">
          <legend className="visually-hidden">{t('summary.chipsLabel')}</legend>
          {counts.map(([label, n]) => (
            <button
              key={label}
              type="button"
              className={`chip sev-${SEVERITY[label] ?? 'healthy'}`}
              data-testid="diagnosis-chip"
              data-label={label}
              aria-pressed={filter === label}
              onClick={() => onFilter(filter === label ? null : label)}
            >
              {d.labelNames[lang][label]} <span className="chip-count">{formatCount(n)}</span>
            </button>
          ))}
          {filter !== null && (
            <button type="button" className="chip chip-clear" onClick={() => onFilter(null)}>
              {t('summary.showAll')}
            </button>
          )}
        </fieldset>
      )}
      {idle.length > 0 && (
        <div className="idle-timeouts" data-testid="idle-timeouts">
          <h3>{t('summary.idleTimeouts')}</h3>
          <ul>
            {idle.map((e) => (
              <li
                key={e.server}
                data-testid="idle-timeout"
                data-server={e.server}
                data-seconds={e.seconds ?? ''}
              >
                {e.text}
              </li>
            ))}
          </ul>
        </div>
      )}
      {d.ruleErrors.length > 0 && (
        <p className="note">
          {t('summary.ruleErrors', { rules: d.ruleErrors.map((e) => e.rule).join(', ') })}
        </p>
      )}
    </div>
  );
}

/** A damaged file can warn once per block: the list shows the first ones (the count says how many). */
const SHOWN_WARNINGS = 100;

function Warnings({ warnings }: { warnings: LoadedCapture['warnings'] }) {
  const { t } = useI18n();
  if (warnings.length === 0) return null;
  return (
    <div className="warnings">
      <h3>{t('summary.warnings', { n: warnings.length, count: formatCount(warnings.length) })}</h3>
      <ul>
        {warnings.slice(0, SHOWN_WARNINGS).map((w, i) => {
          // Most reader messages already say where ("frame 13 at offset 1366 is cut short"): add the
          // position only when the text does not.
          const at =
            w.frame !== undefined && w.message.includes(`frame ${w.frame}`) ? '' : faultPosition(t, w);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: warnings are a fixed list, never reordered.
            <li key={i} data-testid="warning" data-frame={w.frame} data-offset={w.offset}>
              {w.message}
              {at && <span className="muted"> — {t('summary.at', { at })}</span>}
            </li>
          );
        })}
      </ul>
      {warnings.length > SHOWN_WARNINGS && (
        <p className="muted">
          {t('summary.moreWarnings', { count: formatCount(warnings.length - SHOWN_WARNINGS) })}
        </p>
      )}
    </div>
  );
}
