// Memory during a load, sampled from outside the page (the page's own performance.memory sees only
// the main thread, and measureUserAgentSpecificMemory needs cross-origin isolation, which the
// static page does not ask for):
// - the analysis worker's V8 heap in use and its ArrayBuffer backing stores (CDP Runtime.getHeapUsage
//   on the worker: usedSize + backingStorageSize), the same quantity as the Node bench's "peak heap"
//   (heapUsed + arrayBuffers);
// - the same for the page's main thread;
// - the resident set of every Chromium process (from /proc), and at the end each process's VmHWM, the
//   kernel's own record of its peak resident set. The worker runs inside the page's renderer process,
//   so the renderer's peak is page + worker + Blink: the figure that decides whether the tab dies.
import { readFileSync } from 'node:fs';
import type { CDPSession } from '@playwright/test';
import type { WorkerSession } from './worker-session';

interface HeapUsage {
  usedSize: number;
  totalSize: number;
  backingStorageSize?: number;
}

export interface ChromiumProcess {
  type: string;
  id: number;
  cpuTime: number;
}

/** Resident set now and at its peak, in bytes, or null when the process is gone. */
export function processMemory(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
  } catch {
    return null;
  }
}

export async function chromiumProcesses(browser: CDPSession): Promise<ChromiumProcess[]> {
  const { processInfo } = (await browser.send('SystemInfo.getProcessInfo')) as {
    processInfo: ChromiumProcess[];
  };
  return processInfo;
}

export interface HeapPeak {
  used: number;
  backing: number;
  /** Highest used + backing seen in one sample. */
  total: number;
}

export interface MemorySample {
  /** ms since the sampler started */
  t: number;
  worker: number | null;
  main: number | null;
  rss: Record<number, number>;
}

const emptyPeak = (): HeapPeak => ({ used: 0, backing: 0, total: 0 });

function account(peak: HeapPeak, h: HeapUsage | null): number | null {
  if (!h) return null;
  const backing = h.backingStorageSize ?? 0;
  peak.used = Math.max(peak.used, h.usedSize);
  peak.backing = Math.max(peak.backing, backing);
  peak.total = Math.max(peak.total, h.usedSize + backing);
  return h.usedSize + backing;
}

export class MemorySampler {
  worker: WorkerSession | null = null;
  readonly workerPeak = emptyPeak();
  readonly mainPeak = emptyPeak();
  /** Highest sum of all Chromium processes' RSS in one sample. */
  peakTotalRss = 0;
  readonly samples: MemorySample[] = [];
  private running = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly page: CDPSession,
    private readonly pids: number[],
  ) {}

  start(intervalMs: number): void {
    this.running = true;
    const t0 = performance.now();
    this.loop = (async () => {
      while (this.running) {
        const next = performance.now() + intervalMs;
        await this.sample(performance.now() - t0);
        await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async sample(t: number): Promise<void> {
    const quiet = <T>(p: Promise<T>) => p.catch(() => null);
    const [w, m] = await Promise.all([
      this.worker ? quiet(this.worker.send<HeapUsage>('Runtime.getHeapUsage')) : null,
      quiet(this.page.send('Runtime.getHeapUsage') as Promise<HeapUsage>),
    ]);
    const rss: Record<number, number> = {};
    let total = 0;
    for (const pid of this.pids) {
      const p = processMemory(pid);
      if (!p) continue;
      rss[pid] = p.rss;
      total += p.rss;
    }
    this.peakTotalRss = Math.max(this.peakTotalRss, total);
    this.samples.push({ t, worker: account(this.workerPeak, w), main: account(this.mainPeak, m), rss });
  }
}
