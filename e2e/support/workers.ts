// The Web Workers a page starts, and whether each has been closed (Cancel terminates the analysis
// worker rather than asking it to stop, so a test can check that it is gone).
import type { Page } from '@playwright/test';

export interface TrackedWorker {
  closed: boolean;
}

/** Starts recording the workers `page` creates from now on, in order of creation. */
export function trackWorkers(page: Page): TrackedWorker[] {
  const workers: TrackedWorker[] = [];
  page.on('worker', (w) => {
    const entry = { closed: false };
    workers.push(entry);
    w.on('close', () => {
      entry.closed = true;
    });
  });
  return workers;
}
