// The loading bar: percent of the file, read speed, packets so far, and Cancel.
import { useEffect, useRef } from 'react';
import type { LoadProgress as Progress } from '../worker/analysis-api';
import { formatBytes, formatCount, formatRate, progressPercent } from './format';

interface Props {
  fileName: string;
  fileSize: number;
  progress: Progress | null;
  onCancel: () => void;
}

export function LoadProgress({ fileName, fileSize, progress, onCancel }: Props) {
  const cancel = useRef<HTMLButtonElement>(null);
  // Focus Cancel when loading starts, so a keyboard user can stop a long load right away.
  useEffect(() => cancel.current?.focus(), []);
  const percent = progress ? progressPercent(progress) : 0;
  return (
    <section className="load-progress" data-testid="progress" aria-labelledby="progress-title">
      <h2 id="progress-title">
        Reading “{fileName}” <span className="muted">({formatBytes(fileSize)})</span>
      </h2>
      <progress
        max={100}
        value={percent ?? undefined}
        aria-label={`Reading ${fileName}`}
        aria-valuetext={percent === null ? undefined : `${percent} percent`}
      />
      <p className="progress-figures">
        <span data-testid="progress-percent">{percent === null ? '…' : `${percent}%`}</span>
        <span data-testid="progress-rate">{progress ? formatRate(progress) : '— MB/s'}</span>
        <span data-testid="progress-packets">{formatCount(progress?.packets ?? 0)} packets</span>
      </p>
      <button ref={cancel} type="button" className="button" onClick={onCancel} data-testid="cancel">
        Cancel
      </button>
    </section>
  );
}
