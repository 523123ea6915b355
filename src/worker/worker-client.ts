// The page's side of the analysis worker. One worker per load: Cancel terminates it at once (no
// cooperative abort to wait for) and the next file gets a fresh one. The table arrives as transferred
// buffers and is rebuilt into a PacketTable here.
import * as Comlink from 'comlink';
import type { PacketTable } from '../capture/packet-table';
import type { AnalysisApi, AnalysisResult, LoadProgress } from './analysis-api';
import { fromTransferable } from './table-transfer';

export type LoadedCapture = AnalysisResult<PacketTable>;

/** Thrown (as a rejection) by open() when cancel() stopped the load. */
export class LoadCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'LoadCancelled';
  }
}

export interface AnalysisClient {
  open(file: File, onProgress: (p: LoadProgress) => void): Promise<LoadedCapture>;
  /** Stops the current load at once; its open() rejects with LoadCancelled. */
  cancel(): void;
}

function startWorker(): Worker {
  // The literal `new Worker(new URL(..., import.meta.url))` form is what Vite recognises and bundles
  // as a separate module worker, with a relative URL that works from any sub-path (base './').
  return new Worker(new URL('./analysis-worker.ts', import.meta.url), {
    type: 'module',
    name: 'wirelens-analysis',
  });
}

export function createAnalysisClient(): AnalysisClient {
  let current: { worker: Worker; reject: (e: Error) => void } | null = null;
  const stop = () => {
    current?.worker.terminate();
    current = null;
  };
  return {
    open(file, onProgress) {
      // A newer file replaces a load still under way: that one ends as cancelled.
      const previous = current;
      stop();
      previous?.reject(new LoadCancelled());
      const worker = startWorker();
      const api = Comlink.wrap<AnalysisApi>(worker);
      return new Promise<LoadedCapture>((resolve, reject) => {
        current = { worker, reject };
        worker.addEventListener('error', (e) =>
          reject(new Error(`the analysis worker failed to start: ${e.message}`)),
        );
        api.open(file, Comlink.proxy(onProgress)).then(
          (r) => resolve({ ...r, table: r.table ? fromTransferable(r.table) : null }),
          (e: unknown) => reject(e instanceof Error ? e : new Error(String(e))),
        );
      }).finally(() => {
        // Each load has its own worker; once the result is in, free it (unless a newer load replaced it).
        if (current?.worker === worker) stop();
      });
    },
    cancel() {
      const c = current;
      stop();
      c?.reject(new LoadCancelled());
    },
  };
}
