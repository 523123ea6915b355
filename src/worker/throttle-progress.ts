// Keeps progress messages to the page at about ten a second however often the reader reports:
// each report is a postMessage and a React render, and a flood of them would slow the very read
// they describe. The last report is always delivered (flush) so the bar ends at the true totals.
import type { Progress } from '../capture/types';
import type { LoadProgress } from './analysis-api';

export interface ProgressThrottle {
  report(p: Progress): void;
  /** Delivers the most recent report if the interval swallowed it. */
  flush(): void;
}

export function throttleProgress(
  send: (p: LoadProgress) => void,
  intervalMs = 100,
  now: () => number = () => performance.now(),
): ProgressThrottle {
  const started = now();
  let lastSent = Number.NEGATIVE_INFINITY;
  let pending: Progress | null = null;
  const deliver = (p: Progress, t: number) => {
    lastSent = t;
    pending = null;
    send({ bytesRead: p.bytesRead, bytesTotal: p.bytesTotal, packets: p.packets, elapsedMs: t - started });
  };
  return {
    report(p) {
      const t = now();
      if (t - lastSent >= intervalMs) deliver(p, t);
      else pending = p;
    },
    flush() {
      if (pending) deliver(pending, now());
    },
  };
}
