// The page's load state machine: idle → loading (with progress) → done, or back to idle on Cancel.
// One analysis client for the page; it keeps the worker of the capture on screen (finding texts,
// frame bytes) until the next load or Cancel replaces it.
// A newer load or a cancel makes an older load's result stale; the token check drops it.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LoadProgress } from '../worker/analysis-api';
import {
  type AnalysisClient,
  createAnalysisClient,
  LoadCancelled,
  type LoadedCapture,
} from '../worker/worker-client';

export type LoadState =
  | { phase: 'idle' }
  | { phase: 'loading'; fileName: string; fileSize: number; progress: LoadProgress | null }
  /** `loadId` tells one load from the next, also of the same file (the view starts afresh). */
  | { phase: 'done'; capture: LoadedCapture; loadId: number }
  /** The worker itself failed (not the file): nothing to show but the message. */
  | { phase: 'failed'; fileName: string; message: string };

export function useCaptureLoader(): {
  state: LoadState;
  load: (file: File) => void;
  cancel: () => void;
  fail: (fileName: string, message: string) => void;
} {
  const [state, setState] = useState<LoadState>({ phase: 'idle' });
  const client = useRef<AnalysisClient | null>(null);
  const token = useRef(0);

  useEffect(() => () => client.current?.cancel(), []);

  const load = useCallback((file: File) => {
    client.current ??= createAnalysisClient();
    const mine = ++token.current;
    setState({ phase: 'loading', fileName: file.name, fileSize: file.size, progress: null });
    const onProgress = (progress: LoadProgress) => {
      if (token.current === mine) setState((s) => (s.phase === 'loading' ? { ...s, progress } : s));
    };
    client.current.open(file, onProgress).then(
      (capture) => {
        if (token.current === mine) setState({ phase: 'done', capture, loadId: mine });
      },
      (e: unknown) => {
        if (token.current !== mine || e instanceof LoadCancelled) return;
        setState({
          phase: 'failed',
          fileName: file.name,
          message: e instanceof Error ? e.message : String(e),
        });
      },
    );
  }, []);

  const cancel = useCallback(() => {
    token.current++;
    client.current?.cancel();
    setState({ phase: 'idle' });
  }, []);

  const fail = useCallback((fileName: string, message: string) => {
    token.current++;
    setState({ phase: 'failed', fileName, message });
  }, []);

  return { state, load, cancel, fail };
}
