// Starts the analysis worker for dist/: a separate module file next to the page's script.
// The single-file build (vite.single.config.ts) swaps this module for start-worker-inline.ts.
export function startWorker(): Worker {
  // The literal `new Worker(new URL(..., import.meta.url))` form is what Vite recognises and bundles
  // as a separate module worker, with a relative URL that works from any sub-path (base './').
  return new Worker(new URL('./analysis-worker.ts', import.meta.url), {
    type: 'module',
    name: 'wirelens-analysis',
  });
}
