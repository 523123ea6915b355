// Bundles the Wirelens TypeScript entry points each phase needs with esbuild, on the fly, so the
// benchmark measures the current sources without a prior `npm run build`.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** The modules each phase imports, relative to the repository root, with the names it uses. */
export const PHASE_MODULES = {
  reader: [
    ['src/capture/read-capture.ts', 'readCapture'],
    ['src/capture/node/file-source.ts', 'NodeFileSource'],
  ],
  flows: [
    ['src/capture/read-capture.ts', 'readCapture'],
    ['src/capture/node/file-source.ts', 'NodeFileSource'],
    ['src/flows/flow-builder.ts', 'createFlowBuilder'],
  ],
  analysis: [
    ['src/capture/node/file-source.ts', 'NodeFileSource'],
    ['src/analysis/diagnose.ts', null],
    ['src/analysis/analyze-capture.ts', 'analyzeCapture'],
  ],
};

/** The source files a phase needs that do not exist yet (an empty list means it can be built). */
export function missingModules(root, phase) {
  return PHASE_MODULES[phase].map(([file]) => file).filter((file) => !existsSync(path.join(root, file)));
}

/**
 * Bundles one ESM file per phase into a fresh temporary directory. Returns the directory, the bundle
 * URL per phase that was built, and the reason per phase that was not.
 */
export async function bundlePhases(root, phases) {
  const dir = await mkdtemp(path.join(tmpdir(), 'wirelens-bench-'));
  const bundles = {};
  const skipped = {};
  for (const phase of phases) {
    const missing = missingModules(root, phase);
    if (missing.length > 0) {
      skipped[phase] = `not built yet (missing ${missing.join(', ')})`;
      continue;
    }
    const contents = PHASE_MODULES[phase]
      .filter(([, name]) => name)
      .map(([file, name]) => `export { ${name} } from ${JSON.stringify(`./${file}`)};`)
      .join('\n');
    const outfile = path.join(dir, `${phase}.mjs`);
    try {
      await build({
        stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: `bench-${phase}.ts` },
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        outfile,
        logLevel: 'silent',
      });
      bundles[phase] = pathToFileURL(outfile).href;
    } catch (e) {
      skipped[phase] = `does not bundle: ${String(e.message ?? e)
        .split('\n')
        .slice(0, 3)
        .join(' ')}`;
    }
  }
  return { dir, bundles, skipped, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
