// The page's load state machine: idle → loading (with progress) → done, or back to idle on Cancel.
// One analysis client for the page; it keeps the worker of the capture on screen (finding texts,
// frame bytes) until the next load or Cancel replaces it.
// A newer load or a cancel makes an older load's result stale; the token check drops it.
// A capture comes from a file (dropped or picked), an example, or a URL (`?url=`, fetched and read
// in the worker as it downloads); the source is kept with the result for the "Copy link" button.
import { useCallback, useEffect, useRef, useState } from 'react';
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

export type LoadState =
  | { phase: 'idle' }
  | { phase: 'loading'; fileName: string; fileSize: number; progress: LoadProgress | null }
  /** `loadId` tells one load from the next, also of the same file (the view starts afresh). */
  | { phase: 'done'; capture: LoadedCapture; loadId: number; source: CaptureSource }
  /**
   * The worker itself failed (not the file): nothing to show but the message. `urlFailure` says why
   * a capture named by a URL could not be fetched.
   */
  | { phase: 'failed'; fileName: string; message: string; urlFailure?: UrlFailure };

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
      start: (c: AnalysisClient, onProgress: (p: LoadProgress) => void) => Promise<LoadedCapture>,
    ) => {
      client.current ??= createAnalysisClient();
      const mine = ++token.current;
      showSourceInUrl(source);
      setState({ phase: 'loading', fileName, fileSize, progress: null });
      const onProgress = (progress: LoadProgress) => {
        if (token.current !== mine) return;
        // A download's size is known from Content-Length, or only as it grows.
        const size = fileSize || (progress.bytesTotal ?? progress.bytesRead);
        setState((s) => (s.phase === 'loading' ? { ...s, fileSize: size, progress } : s));
      };
      start(client.current, onProgress).then(
        (capture) => {
          if (token.current === mine) setState({ phase: 'done', capture, loadId: mine, source });
        },
        (e: unknown) => {
          if (token.current !== mine || e instanceof LoadCancelled) return;
          const message = e instanceof Error ? e.message : String(e);
          const urlFailure = e instanceof UrlLoadFailed ? e.failure : undefined;
          setState({ phase: 'failed', fileName, message, ...(urlFailure && { urlFailure }) });
        },
      );
    },
    [],
  );

  const load = useCallback(
    (file: File, source: CaptureSource = { kind: 'file' }) =>
      run(file.name, file.size, source, (c, onProgress) => c.open(file, onProgress)),
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
