// What a big capture shows while its diagnosis is computed (its flow list came first: see
// open-capture.ts): in the summary, where the headline and the chips will be, the diagnosis'
// progress and Cancel; in place of the selected connection's view, a note that it is still being
// analysed. Both are aria-busy and keep about the height of what replaces them, so that nothing
// jumps when the result arrives.
import { useId } from 'react';
import type { LoadProgress } from '../worker/analysis-api';
import { progressPercent } from './format';
import { useI18n } from './i18n/i18n';

export interface PendingDiagnosis {
  /** The second read's progress (phase `diagnosing`), null before its first report. */
  progress: LoadProgress | null;
  onCancel: () => void;
}

export function DiagnosisPending({ progress, onCancel }: PendingDiagnosis) {
  const { t } = useI18n();
  const percent = progress?.phase === 'diagnosing' ? (progressPercent(progress) ?? 0) : 0;
  const titleId = useId();
  return (
    <div className="diagnosis-summary diagnosis-pending" data-testid="diagnosis-pending" aria-busy="true">
      <p className="headline" id={titleId}>
        {t('pending.title')}{' '}
        <span className="muted" data-testid="pending-percent">
          {percent}%
        </span>
      </p>
      <div className="pending-row">
        <progress
          max={100}
          value={percent}
          aria-labelledby={titleId}
          aria-valuetext={t('progress.percent', { n: percent })}
        />
        <button type="button" className="button" onClick={onCancel} data-testid="cancel">
          {t('progress.cancel')}
        </button>
        <span className="muted pending-note">{t('pending.note')}</span>
      </div>
    </div>
  );
}

/** The selected connection while the diagnosis is computed: its stream is known, nothing else yet. */
export function FlowViewPending({ stream }: { stream: number | undefined }) {
  const { t } = useI18n();
  const titleId = useId();
  return (
    <section
      className="flow-view flow-view-pending"
      data-testid="flow-view-pending"
      aria-busy="true"
      aria-labelledby={titleId}
    >
      <h2 id={titleId}>{t('pending.flowTitle', { stream: stream ?? '?' })}</h2>
      <p className="muted">{t('pending.flowNote')}</p>
    </section>
  );
}
