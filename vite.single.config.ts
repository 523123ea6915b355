// The single-file build (`npm run build:single` → dist-single/wirelens.html): one HTML file with the
// script, the stylesheet and the analysis worker inlined, for machines without a network or a web
// server. scripts/build-single.mjs runs this config, then writes the page's own CSP (hashes of the
// inline script and style) and inlines the favicon.
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';

const workerDir = path.resolve(import.meta.dirname, 'src/worker');

/**
 * Swaps the worker starter for the inline one: Chromium will not start a module worker from a
 * file:// URL, but will from a blob: URL the page made from the worker's bundled code.
 */
function inlineWorker(): Plugin {
  return {
    name: 'wirelens-inline-worker',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source !== './start-worker' || !importer) return null;
      if (path.dirname(importer) !== workerDir) return null;
      return path.join(workerDir, 'start-worker-inline.ts');
    },
  };
}

export default defineConfig({
  base: './',
  mode: 'single',
  // No examples (fetch() of local files is blocked on file:// pages) and no separate favicon.
  publicDir: false,
  plugins: [react(), inlineWorker(), viteSingleFile({ removeViteModuleLoader: true })],
  // A classic worker: Chromium refuses a module worker from a blob: URL of a file:// page (its
  // origin is opaque, and module scripts need a CORS-same-origin fetch), a classic one it starts.
  worker: { format: 'iife' },
  build: {
    target: 'es2022',
    outDir: 'dist-single',
    emptyOutDir: true,
    sourcemap: false,
    // There is nothing to preload: the page is one file.
    modulePreload: { polyfill: false },
  },
});
