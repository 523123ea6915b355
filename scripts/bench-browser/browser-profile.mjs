// Summaries of the CPU profiles the browser benchmark takes with --profile (V8's sampling profiler on
// the analysis worker and on the page's main thread, through CDP). The profiled run uses a build
// without minification, whose bundles keep a `// src/...` comment line before each module (as
// esbuild's do), so a generated line maps back to its TypeScript file and function names are real.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const MODULE_LINE = /^\/\/ ((?:src|node_modules)\/\S+\.[cm]?[jt]sx?)$/;

/** Generated line (1-based) → source file of one bundle. */
function moduleLines(bundleFile) {
  const starts = [];
  readFileSync(bundleFile, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const m = MODULE_LINE.exec(line);
      if (m) starts.push([i + 1, m[1]]);
    });
  return (line) => {
    let file = '(bundle preamble)';
    for (const [start, f] of starts) {
      if (start > line) break;
      file = f;
    }
    return file;
  };
}

/** Maps a profile call frame's script URL to the bundle of `distDir` it was served from. */
function sourceResolver(distDir) {
  const cache = new Map();
  return (url, lineNumber) => {
    if (!url) return '';
    const m = /\/assets\/([^/?#]+\.js)/.exec(url);
    if (!m) return path.basename(url);
    let lines = cache.get(m[1]);
    if (lines === undefined) {
      try {
        lines = moduleLines(path.join(distDir, 'assets', m[1]));
      } catch {
        lines = null;
      }
      cache.set(m[1], lines);
    }
    return lines ? lines(lineNumber + 1) : m[1];
  };
}

/** The layer a source file belongs to: src/capture, src/flows, ..., or the package for node_modules. */
export function layerOf(file) {
  if (file.startsWith('src/')) return file.split('/').slice(0, 2).join('/');
  if (file.startsWith('node_modules/')) return file.split('/')[1] ?? file;
  return file || '(native)';
}

/**
 * Self time of a .cpuprofile: total and idle milliseconds, and the busy samples grouped by function
 * and by layer, as [percent of busy, name, file] / [percent, layer].
 */
export function summarizeBrowserProfile(profileFile, distDir, top = 12) {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8'));
  const resolve = sourceResolver(distDir);
  const hits = new Map();
  for (const id of profile.samples ?? []) hits.set(id, (hits.get(id) ?? 0) + 1);
  const intervalMs = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples?.length ?? 1);
  const byFunction = new Map();
  const byLayer = new Map();
  let busy = 0;
  let idle = 0;
  for (const node of profile.nodes) {
    const n = hits.get(node.id) ?? 0;
    if (n === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += n;
      continue;
    }
    busy += n;
    const file = resolve(url, lineNumber);
    const key = `${functionName || '(anonymous)'}\t${file}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + n);
    const layer = functionName.startsWith('(') ? functionName : layerOf(file);
    byLayer.set(layer, (byLayer.get(layer) ?? 0) + n);
  }
  const pct = (n) => (100 * n) / Math.max(1, busy);
  return {
    busyMs: busy * intervalMs,
    idleMs: idle * intervalMs,
    functions: [...byFunction.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, n]) => [pct(n), ...key.split('\t')]),
    layers: [...byLayer.entries()].sort((a, b) => b[1] - a[1]).map(([layer, n]) => [pct(n), layer]),
  };
}
