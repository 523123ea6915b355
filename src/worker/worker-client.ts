// The page's side of the analysis worker. One worker per capture: it reads and analyses the file,
// sends the result back (columns transferred, unpacked lazily by unpack-result.ts), then stays
// to serve that capture (finding texts per language, frame bytes). Cancel, or opening another file,
// terminates it at once (no cooperative abort to wait for) and the next file gets a fresh one.
import * as Comlink from 'comlink';
import type {
  AnalysisApi,
  AnalysisResult,
  FindingTexts,
  FrameRequest,
  Lang,
  LoadProgress,
} from './analysis-api';
import { type FrameExport, type FrameExportRequest, requestBuffers } from './frame-export';
import { startWorker } from './start-worker';
import { type CaptureDetails, type UnpackedResult, unpackDetails, unpackResult } from './unpack-result';
import type { UrlFailure } from './url-source';

/** What the worker still does for a capture once it is loaded. */
export interface CaptureSession {
  findingTexts(indexes: number[], lang: Lang): Promise<FindingTexts[]>;
  readFrames(requests: FrameRequest[]): Promise<Uint8Array[]>;
  /** A new capture file of the requested frames (its buffers are handed to the worker). */
  exportFrames(request: FrameExportRequest): Promise<FrameExport>;
}

export interface LoadedCapture extends UnpackedResult {
  session: CaptureSession;
  /**
   * The second part of the result (HTTP exchanges, findings): asked for as soon as the first part
   * arrived, so the worker packs it while the page draws the flow list.
   */
  details: Promise<CaptureDetails>;
  /**
   * True for the early flow list of a big file (open()'s `onEarlyList`): the connections without a
   * diagnosis (`diagnosis` null), no details and no session yet (`details` never settles, the
   * session's calls reject). The whole result, a LoadedCapture with `pending` false, replaces it.
   */
  pending: boolean;
}

export interface OpenOptions {
  /** Gets the flow list of a big file before its diagnosis (then open() resolves as usual). */
  onEarlyList?: (early: LoadedCapture) => void;
  /** See OpenFileOptions (analysis-api.ts). */
  earlyListMinBytes?: number;
}

/** The rejection of openUrl() when the capture could not be fetched (nothing was read). */
export class UrlLoadFailed extends Error {
  constructor(readonly failure: UrlFailure) {
    super(`could not fetch ${failure.url}: ${failure.reason}`);
    this.name = 'UrlLoadFailed';
  }
}

/** Thrown (as a rejection) by open() when cancel() stopped the load. */
export class LoadCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'LoadCancelled';
  }
}

export interface AnalysisClient {
  open(file: File, onProgress: (p: LoadProgress) => void, options?: OpenOptions): Promise<LoadedCapture>;
  /** Fetches an absolute http(s) URL in the worker and reads it as it downloads; rejects with UrlLoadFailed. */
  openUrl(url: string, onProgress: (p: LoadProgress) => void): Promise<LoadedCapture>;
  /** Stops the current load at once (its open() rejects with LoadCancelled) and frees the worker. */
  cancel(): void;
}

/** The session of an early list: the worker is still reading, nothing can be asked of it yet. */
const notYet = () => Promise.reject(new Error('the capture is still being analysed'));
const PENDING_SESSION: CaptureSession = { findingTexts: notYet, readFrames: notYet, exportFrames: notYet };

/** The early flow list as the page takes it. */
export function earlyCapture(r: AnalysisResult): LoadedCapture {
  return { ...unpackResult(r), session: PENDING_SESSION, details: new Promise(() => {}), pending: true };
}

function sessionOf(api: Comlink.Remote<AnalysisApi>): CaptureSession {
  return {
    findingTexts: (indexes, lang) => api.findingTexts(indexes, lang),
    readFrames: (requests) => api.readFrames(requests),
    exportFrames: (request) => api.exportFrames(Comlink.transfer(request, requestBuffers(request))),
  };
}

export function createAnalysisClient(): AnalysisClient {
  let current: { worker: Worker; reject: (e: Error) => void } | null = null;
  const stop = () => {
    current?.worker.terminate();
    current = null;
  };
  /** Runs one load in a fresh worker; a newer load replaces the capture before it (or a load under way). */
  const run = (
    call: (api: Comlink.Remote<AnalysisApi>) => Promise<AnalysisResult | UrlFailure>,
  ): Promise<LoadedCapture> => {
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
      call(api).then(
        (r) => {
          if ('reason' in r) reject(new UrlLoadFailed(r));
          else {
            const first = unpackResult(r);
            const details = api.details().then((d) => unpackDetails(first, d));
            // A load replaced before its details came has nobody waiting for them.
            details.catch(() => {});
            resolve({ ...first, session: sessionOf(api), details, pending: false });
          }
        },
        (e: unknown) => reject(e instanceof Error ? e : new Error(String(e))),
      );
    });
  };
  return {
    open: (file, onProgress, options = {}) =>
      run((api) => {
        const { onEarlyList, earlyListMinBytes } = options;
        const early = onEarlyList && Comlink.proxy((r: AnalysisResult) => onEarlyList(earlyCapture(r)));
        return api.open(file, Comlink.proxy(onProgress), early, { earlyListMinBytes });
      }),
    openUrl: (url, onProgress) =>
      run(async (api) => {
        const r = await api.openUrl(
          url,
          globalThis.location?.protocol ?? 'https:',
          Comlink.proxy(onProgress),
        );
        return r.failure ?? r.result;
      }),
    cancel() {
      const c = current;
      stop();
      c?.reject(new LoadCancelled());
    },
  };
}
