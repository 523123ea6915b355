// What the browser benchmark records inside the page, installed with page.addInitScript so it runs
// before any of the app's scripts (and so before the file is chosen):
// - every main-thread long task (PerformanceObserver 'longtask': tasks over 50 ms) and every long
//   animation frame ('long-animation-frame', with the scripts that ran in it, for attribution);
// - when the file was chosen (the file input's change event, capture phase);
// - when the first flow row and the summary's headline entered the DOM (MutationObserver), and when
//   the frame showing them was painted (a task posted from the next animation frame runs after it).
// The function is serialised into the page: it must not use anything from this module's scope.

export interface ProbeLongTask {
  start: number;
  duration: number;
}

export interface ProbeScript {
  invoker: string;
  sourceURL: string;
  sourceFunctionName: string;
  sourceCharPosition: number;
  duration: number;
}

export interface ProbeFrame {
  start: number;
  duration: number;
  blockingDuration: number;
  /** ms of the frame's rendering update (from renderStart to its end), and of style and layout in it. */
  renderMs: number;
  styleLayoutMs: number;
  scripts: ProbeScript[];
}

export interface ProbeState {
  longTasks: ProbeLongTask[];
  frames: ProbeFrame[];
  /** performance.now() values in the page; null until the event happened. */
  chosenAt: number | null;
  progressAt: number | null;
  firstRowAt: number | null;
  firstRowPaintedAt: number | null;
  headlineAt: number | null;
  headlinePaintedAt: number | null;
  errorAt: number | null;
}

declare global {
  interface Window {
    __wirelensBench?: ProbeState;
  }
}

export function installPageProbe(): void {
  const b: ProbeState = {
    longTasks: [],
    frames: [],
    chosenAt: null,
    progressAt: null,
    firstRowAt: null,
    firstRowPaintedAt: null,
    headlineAt: null,
    headlinePaintedAt: null,
    errorAt: null,
  };
  window.__wirelensBench = b;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  interface LoafScript {
    invoker?: string;
    sourceURL?: string;
    sourceFunctionName?: string;
    sourceCharPosition?: number;
    duration: number;
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & {
        blockingDuration?: number;
        renderStart?: number;
        styleAndLayoutStart?: number;
        scripts?: LoafScript[];
      })[]) {
        const end = e.startTime + e.duration;
        b.frames.push({
          start: e.startTime,
          duration: e.duration,
          blockingDuration: e.blockingDuration ?? 0,
          renderMs: e.renderStart ? end - e.renderStart : 0,
          styleLayoutMs: e.styleAndLayoutStart ? end - e.styleAndLayoutStart : 0,
          scripts: (e.scripts ?? []).map((s) => ({
            invoker: s.invoker ?? '',
            sourceURL: s.sourceURL ?? '',
            sourceFunctionName: s.sourceFunctionName ?? '',
            sourceCharPosition: s.sourceCharPosition ?? -1,
            duration: s.duration,
          })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {
    // long-animation-frame needs Chromium 123+; the long tasks alone still answer the question.
  }
  const afterPaint = (set: (t: number) => void) =>
    requestAnimationFrame(() => setTimeout(() => set(performance.now()), 0));
  document.addEventListener(
    'change',
    (e) => {
      const t = e.target as HTMLElement | null;
      if (t?.dataset?.testid === 'file-input') b.chosenAt = performance.now();
    },
    true,
  );
  new MutationObserver(() => {
    if (b.chosenAt === null) return;
    const now = performance.now();
    if (b.progressAt === null && document.querySelector('[data-testid="progress"]')) b.progressAt = now;
    if (b.errorAt === null && document.querySelector('[data-testid="load-error"]')) b.errorAt = now;
    if (b.firstRowAt === null && document.querySelector('[data-testid="flow-row"]')) {
      b.firstRowAt = now;
      afterPaint((t) => {
        b.firstRowPaintedAt = t;
      });
    }
    const headline = document.querySelector('[data-testid="headline"]');
    if (b.headlineAt === null && headline?.textContent?.trim()) {
      b.headlineAt = now;
      afterPaint((t) => {
        b.headlinePaintedAt = t;
      });
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
}
