// Stepping through a connection packet by packet: first, previous, play/pause, next, last, and the
// playing speed (remembered). The keys ← → Home End do the same anywhere on the page except in text
// fields and menus (use-step-keys.ts).
import { useId } from 'react';
import { formatCount } from '../format';
import { useI18n } from '../i18n/i18n';

export const SPEEDS = [1, 2, 5, 10, 25] as const;

interface Props {
  index: number;
  count: number;
  frame: number;
  playing: boolean;
  speed: number;
  onStep: (to: 'first' | 'prev' | 'next' | 'last') => void;
  onPlay: () => void;
  onSpeed: (packetsPerSecond: number) => void;
}

export function StepControls({ index, count, frame, playing, speed, onStep, onPlay, onSpeed }: Props) {
  const { t } = useI18n();
  const speedId = useId();
  const atStart = index <= 0;
  const atEnd = index >= count - 1;
  return (
    <div className="step-controls" role="toolbar" aria-label={t('step.toolbar')}>
      <button
        type="button"
        className="button icon"
        data-testid="step-first"
        onClick={() => onStep('first')}
        disabled={atStart}
        title={t('step.firstTitle')}
      >
        <span aria-hidden="true">|◀</span>
        <span className="visually-hidden">{t('step.first')}</span>
      </button>
      <button
        type="button"
        className="button icon"
        data-testid="step-prev"
        onClick={() => onStep('prev')}
        disabled={atStart}
        title={t('step.prevTitle')}
      >
        <span aria-hidden="true">◀</span>
        <span className="visually-hidden">{t('step.prev')}</span>
      </button>
      <button
        type="button"
        className="button play"
        data-testid="play"
        aria-pressed={playing}
        onClick={onPlay}
        disabled={atEnd && !playing}
      >
        {playing ? t('step.pause') : t('step.play')}
      </button>
      <button
        type="button"
        className="button icon"
        data-testid="step-next"
        onClick={() => onStep('next')}
        disabled={atEnd}
        title={t('step.nextTitle')}
      >
        <span aria-hidden="true">▶</span>
        <span className="visually-hidden">{t('step.next')}</span>
      </button>
      <button
        type="button"
        className="button icon"
        data-testid="step-last"
        onClick={() => onStep('last')}
        disabled={atEnd}
        title={t('step.lastTitle')}
      >
        <span aria-hidden="true">▶|</span>
        <span className="visually-hidden">{t('step.last')}</span>
      </button>
      <label htmlFor={speedId} className="speed-label">
        {t('step.speed')}
      </label>
      <select
        id={speedId}
        data-testid="play-speed"
        value={speed}
        onChange={(e) => onSpeed(Number(e.currentTarget.value))}
      >
        {SPEEDS.map((s) => (
          <option key={s} value={s}>
            {t('step.perSecond', { n: s })}
          </option>
        ))}
      </select>
      <output className="step-position" data-testid="step-position" aria-live="polite">
        {t('step.position', { i: formatCount(index + 1), n: formatCount(count), frame })}
      </output>
    </div>
  );
}
