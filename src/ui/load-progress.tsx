// The loading bar: percent of the file, read speed, packets so far, and Cancel. A big file's first
// read lists the connections (phase `listing`); its diagnosis then goes on under the flow list
// (diagnosis-pending.tsx).
import { useEffect, useRef } from 'react';
import type { LoadProgress as Progress } from '../worker/analysis-api';
import { formatBytes, formatCount, formatRate, progressPercent } from './format';
import { useI18n } from './i18n/i18n';

interface Props {
  fileName: string;
  fileSize: number;
  progress: Progress | null;
  onCancel: () => void;
}

export function LoadProgress({ fileName, fileSize, progress, onCancel }: Props) {
  const { t } = useI18n();
  const cancel = useRef<HTMLButtonElement>(null);
  // Focus Cancel when loading starts, so a keyboard user can stop a long load right away.
  useEffect(() => cancel.current?.focus(), []);
  const percent = progress ? progressPercent(progress) : 0;
  const packets = progress?.packets ?? 0;
  return (
    <section className="load-progress" data-testid="progress" aria-labelledby="progress-title">
      <h2 id="progress-title">
        {t('progress.title', { name: fileName })} <span className="muted">({formatBytes(fileSize)})</span>
      </h2>
      <progress
        max={100}
        value={percent ?? undefined}
        aria-label={t('progress.title', { name: fileName })}
        aria-valuetext={percent === null ? undefined : t('progress.percent', { n: percent })}
      />
      <p className="progress-figures">
        <span data-testid="progress-percent">{percent === null ? '…' : `${percent}%`}</span>
        <span data-testid="progress-rate">{progress ? formatRate(progress) : '— MB/s'}</span>
        <span data-testid="progress-packets">
          {t('progress.packets', { n: packets, count: formatCount(packets) })}
        </span>
      </p>
      {progress?.phase === 'listing' && (
        <p className="muted" data-testid="progress-listing">
          {t('progress.listing')}
        </p>
      )}
      {percent === 100 && progress?.phase !== 'listing' && (
        <p className="muted" data-testid="progress-analysing">
          {t('progress.analysing')}
        </p>
      )}
      <button ref={cancel} type="button" className="button" onClick={onCancel} data-testid="cancel">
        {t('progress.cancel')}
      </button>
    </section>
  );
}
