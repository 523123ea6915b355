// The page's load state machine: idle → loading (with progress) → done, or back to idle on Cancel.
// One analysis client for the page; it keeps the worker of the capture on screen (finding texts,
// frame bytes) until the next load or Cancel replaces it.
// A newer load or a cancel makes an older load's result stale; the token check drops it.
// A capture comes from a file (dropped or picked), an example, or a URL (`?url=`, fetched and read
// in the worker as it downloads); the source is kept with the result for the "Copy link" button.
// A big file shows its flow list before its diagnosis (open-capture.ts reads it twice): the load is
// `done` with a `pending` capture as soon as the list arrives, the diagnosis' progress goes on in
// `progress`, and the whole result replaces the capture under the same loadId (the view stays
// mounted, keeping its selection and scroll).
import { startTransition, useCallback, useEffect, useRef, useState } from 'react';
import type { LoadProgress } from '../worker/analysis-api';
import { nameOfUrl, type UrlFailure } from '../worker/url-source';
import {
  type AnalysisClient,
  createAnalysisClient,
  LoadCancelled,
  type LoadedCapture,
  UrlLoadFailed,
} from '../worker/worker-client';
import { type CaptureSource, showSourceInUrl } from './capture-source';
import { readStored } from './storage';

export const EARLY_LIST_KEY = 'wirelens.earlyListMinBytes';

export type LoadState =
  | { phase: 'idle' }
  | { phase: 'loading'; fileName: string; fileSize: number; progress: LoadProgress | null }
  /**
   * `loadId` tells one load from the next, also of the same file (the view starts afresh).
   * `progress`: the diagnosis' progress while `capture.pending`.
   */
  | {
      phase: 'done';
      capture: LoadedCapture;
      loadId: number;
      source: CaptureSource;
      progress: LoadProgress | null;
    }
  /**
   * The worker itself failed (not the file): nothing to show but the message. `urlFailure` says why
   * a capture named by a URL could not be fetched.
   */
  | { phase: 'failed'; fileName: string; message: string; urlFailure?: UrlFailure };

/**
 * The two-pass threshold, when a test set one: localStorage `wirelens.earlyListMinBytes` (e2e sets it
 * before the page loads, to get the early list on a small fixture). Users never need it.
 */
function earlyListMinBytes(): number | undefined {
  const v = Number(readStored(EARLY_LIST_KEY) ?? Number.NaN);
  return Number.isFinite(v) && v >= 0 ? v : undefined;
}

export function useCaptureLoader(): {
  state: LoadState;
  load: (file: File, source?: CaptureSource) => void;
  /** Fetches and reads an absolute http(s) URL (resolve it with resolveCaptureUrl first). */
  loadUrl: (url: URL, given: string) => void;
  cancel: () => void;
  fail: (fileName: string, message: string, urlFailure?: UrlFailure) => void;
} {
  const [state, setState] = useState<LoadState>({ phase: 'idle' });
  const client = useRef<AnalysisClient | null>(null);
  const token = useRef(0);

  useEffect(() => () => client.current?.cancel(), []);

  /** Runs one load; `start` is given the progress callback and the client. */
  const run = useCallback(
    (
      fileName: string,
      fileSize: number,
      source: CaptureSource,
      start: (
        c: AnalysisClient,
        onProgress: (p: LoadProgress) => void,
        onEarlyList: (early: LoadedCapture) => void,
      ) => Promise<LoadedCapture>,
    ) => {
      client.current ??= createAnalysisClient();
      const mine = ++token.current;
      showSourceInUrl(source);
      setState({ phase: 'loading', fileName, fileSize, progress: null });
      const onProgress = (progress: LoadProgress) => {
        if (token.current !== mine) return;
        // A download's size is known from Content-Length, or only as it grows.
        const size = fileSize || (progress.bytesTotal ?? progress.bytesRead);
        setState((s) => {
          if (s.phase === 'loading') return { ...s, fileSize: size, progress };
          return s.phase === 'done' && s.capture.pending ? { ...s, progress } : s;
        });
      };
      const done = (capture: LoadedCapture): LoadState => ({
        phase: 'done',
        capture,
        loadId: mine,
        source,
        progress: null,
      });
      // The early list at once (the list and the summary alone are a short render); the whole result
      // as a transition: React renders it in slices of a few ms between which the page stays
      // responsive, instead of one long task (issue 7: no main-thread task over 50 ms while a capture
      // loads). Not the early list: a transition could still be waiting when the result arrives, and
      // then the list would never be seen.
      const showEarly = (capture: LoadedCapture) => {
        if (token.current === mine) setState(done(capture));
      };
      const show = (capture: LoadedCapture) => {
        if (token.current === mine) startTransition(() => setState(done(capture)));
      };
      start(client.current, onProgress, showEarly).then(show, (e: unknown) => {
        if (token.current !== mine || e instanceof LoadCancelled) return;
        const message = e instanceof Error ? e.message : String(e);
        const urlFailure = e instanceof UrlLoadFailed ? e.failure : undefined;
        setState({ phase: 'failed', fileName, message, ...(urlFailure && { urlFailure }) });
      });
    },
    [],
  );

  const load = useCallback(
    (file: File, source: CaptureSource = { kind: 'file' }) =>
      run(file.name, file.size, source, (c, onProgress, onEarlyList) =>
        c.open(file, onProgress, { onEarlyList, earlyListMinBytes: earlyListMinBytes() }),
      ),
    [run],
  );

  const loadUrl = useCallback(
    (url: URL, given: string) =>
      run(nameOfUrl(url), 0, { kind: 'url', url: given }, (c, onProgress) => c.openUrl(url.href, onProgress)),
    [run],
  );

  const cancel = useCallback(() => {
    token.current++;
    client.current?.cancel();
    setState({ phase: 'idle' });
  }, []);

  const fail = useCallback((fileName: string, message: string, urlFailure?: UrlFailure) => {
    token.current++;
    setState({ phase: 'failed', fileName, message, ...(urlFailure && { urlFailure }) });
  }, []);

  return { state, load, loadUrl, cancel, fail };
}
