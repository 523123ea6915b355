// The page's side of the analysis worker. One worker per capture: it reads and analyses the file,
// sends the result back (buffers transferred, the table rebuilt into a PacketTable here), then stays
// to serve that capture (finding texts per language, frame bytes). Cancel, or opening another file,
// terminates it at once (no cooperative abort to wait for) and the next file gets a fresh one.
import * as Comlink from 'comlink';
import type { PacketTable } from '../capture/packet-table';
import type {
  AnalysisApi,
  AnalysisResult,
  FindingTexts,
  FrameRequest,
  Lang,
  LoadProgress,
} from './analysis-api';
import { fromTransferable } from './table-transfer';

/** What the worker still does for a capture once it is loaded. */
export interface CaptureSession {
  findingTexts(indexes: number[], lang: Lang): Promise<FindingTexts[]>;
  readFrames(requests: FrameRequest[]): Promise<Uint8Array[]>;
}

export interface LoadedCapture extends AnalysisResult<PacketTable> {
  session: CaptureSession;
}

/** Thrown (as a rejection) by open() when cancel() stopped the load. */
export class LoadCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'LoadCancelled';
  }
}

export interface AnalysisClient {
  open(file: File, onProgress: (p: LoadProgress) => void): Promise<LoadedCapture>;
  /** Stops the current load at once (its open() rejects with LoadCancelled) and frees the worker. */
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

function sessionOf(api: Comlink.Remote<AnalysisApi>): CaptureSession {
  return {
    findingTexts: (indexes, lang) => api.findingTexts(indexes, lang),
    readFrames: (requests) => api.readFrames(requests),
  };
}

export function createAnalysisClient(): AnalysisClient {
  let current: { worker: Worker; reject: (e: Error) => void } | null = null;
  const stop = () => {
    current?.worker.terminate();
    current = null;
  };
  return {
    open(file, onProgress) {
      // A newer file replaces the capture before it (or a load still under way, which ends as cancelled).
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
          (r) =>
            resolve({ ...r, table: r.table ? fromTransferable(r.table) : null, session: sessionOf(api) }),
          (e: unknown) => reject(e instanceof Error ? e : new Error(String(e))),
        );
      });
    },
    cancel() {
      const c = current;
      stop();
      c?.reject(new LoadCancelled());
    },
  };
}
