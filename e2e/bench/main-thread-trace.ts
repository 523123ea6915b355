// The page's main-thread tasks from a Chromium trace, with their CPU time. The longtask observer
// gives each task's wall time, which on a shared machine includes the time the thread sat runnable
// but descheduled (a 66 ms task was 18 ms of CPU in a trace taken at load average 8 on 2 cores).
// The trace's RunTask events carry both: `dur` (wall) and `tdur` (the thread's own CPU time).
import type { Browser, Page } from '@playwright/test';

export interface MainThreadTasks {
  /** Tasks of the page's main thread (CrRendererMain) while the trace ran. */
  tasks: number;
  longestWallMs: number;
  /** CPU time of that longest task. */
  longestWallCpuMs: number;
  /** The most CPU any one task took. */
  longestCpuMs: number;
  /** Tasks over `budgetMs` of CPU. */
  overBudgetCpu: number;
}

/** RunTask is recorded under this category (with `tdur`). */
const CATEGORIES = ['disabled-by-default-devtools.timeline'];

export async function startMainThreadTrace(browser: Browser, page: Page): Promise<boolean> {
  try {
    await browser.startTracing(page, { categories: CATEGORIES });
    return true;
  } catch {
    return false;
  }
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

export async function stopMainThreadTrace(
  browser: Browser,
  budgetMs: number,
): Promise<MainThreadTasks | null> {
  let events: TraceEvent[];
  try {
    const parsed = JSON.parse((await browser.stopTracing()).toString('utf8'));
    events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  } catch {
    return null;
  }
  return mainThreadTasks(events, budgetMs);
}

/** The tasks of the busiest CrRendererMain (a spare renderer may exist and do nothing). */
export function mainThreadTasks(events: TraceEvent[], budgetMs: number): MainThreadTasks | null {
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.name !== 'RunTask' || e.ph !== 'X' || !mains.has(key)) continue;
    const list = byThread.get(key) ?? [];
    list.push(e);
    byThread.set(key, list);
  }
  const busy = (l: TraceEvent[]) => l.reduce((s, e) => s + (e.tdur ?? 0), 0);
  const tasks = [...byThread.values()].sort((a, b) => busy(b) - busy(a))[0];
  if (!tasks || tasks.length === 0) return null;
  const ms = (us: number | undefined) => (us ?? 0) / 1000;
  const longest = tasks.reduce((a, b) => ((b.dur ?? 0) > (a.dur ?? 0) ? b : a));
  return {
    tasks: tasks.length,
    longestWallMs: ms(longest.dur),
    longestWallCpuMs: ms(longest.tdur),
    longestCpuMs: Math.max(...tasks.map((e) => ms(e.tdur))),
    overBudgetCpu: tasks.filter((e) => ms(e.tdur) > budgetMs).length,
  };
}
