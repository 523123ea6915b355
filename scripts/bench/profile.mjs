// `--profile`: runs a phase once more under V8's sampling profiler and lists the functions with the
// most self time, each named with the TypeScript file it came from (esbuild marks every module in the
// bundle with a `// src/...` comment line, so a generated line maps back to its source file).
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPhaseWith, warmCache } from './measure.mjs';

/** Generated line (1-based) → source file, from esbuild's per-module comment lines. */
function moduleLines(bundleFile) {
  const starts = [];
  readFileSync(bundleFile, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const m = /^\/\/ ((?:src|node_modules)\/\S+\.[cm]?[jt]sx?)$/.exec(line);
      if (m) starts.push([i + 1, m[1]]);
    });
  return (line) => {
    let file = '(bench harness)';
    for (const [start, f] of starts) {
      if (start > line) break;
      file = f;
    }
    return file;
  };
}

/** The `top` functions by self time in a .cpuprofile, as [percent of the busy samples, name, file]. */
export function summarizeProfile(profileFile, bundleFile, top = 12) {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8'));
  const fileOf = bundleFile ? moduleLines(bundleFile) : () => '';
  const bundleUrl = bundleFile ? `file://${bundleFile}` : null;
  const self = new Map();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    // Idle samples are the process waiting (start-up I/O, the harness's GC settling pauses), not work.
    if (hits === 0 || node.callFrame.functionName === '(idle)') continue;
    total += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url === bundleUrl ? fileOf(lineNumber + 1) : url ? path.basename(url) : '';
    const key = `${functionName || '(anonymous)'}\t${where}`;
    self.set(key, (self.get(key) ?? 0) + hits);
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, hits]) => {
      const [name, file] = key.split('\t');
      return [(100 * hits) / total, name, file];
    });
}

/** Runs `phase` on `file` once with --cpu-prof; returns the profile's path (or an error). */
export async function profilePhase(phase, file, bundle, dir, name) {
  await mkdir(dir, { recursive: true });
  const flags = [
    '--cpu-prof',
    '--cpu-prof-dir',
    dir,
    '--cpu-prof-name',
    `${name}.cpuprofile`,
    '--cpu-prof-interval',
    '250',
  ];
  warmCache(file);
  const r = await runPhaseWith(flags, phase, file, bundle);
  if (r.error) return { error: r.error };
  return { profile: path.join(dir, `${name}.cpuprofile`), bundleFile: fileURLToPath(bundle) };
}
