// Starts the analysis worker for the single-file build (dist-single/wirelens.html): the worker's
// code is bundled into the page and started from a blob: URL. Chromium refuses module workers from
// file:// URLs (a file page has an opaque origin), but a blob: URL made by the page is its own.
import AnalysisWorker from './analysis-worker?worker&inline';

export function startWorker(): Worker {
  return new AnalysisWorker({ name: 'wirelens-analysis' });
}
