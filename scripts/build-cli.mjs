#!/usr/bin/env node
// Bundles the Node command (src/cli/main.ts) into dist-cli/wirelens.mjs, which bin/wirelens.mjs loads.
// Runs as the second half of `npm run build`; until src/cli/main.ts exists there is nothing to bundle.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'src/cli/main.ts');

if (!existsSync(entry)) {
  console.log('build-cli: src/cli/main.ts does not exist yet; no CLI bundle built');
} else {
  try {
    await build({
      entryPoints: [entry],
      outfile: path.join(root, 'dist-cli/wirelens.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: true,
      logLevel: 'warning',
      // A dependency written as CommonJS may call require() inside the ESM bundle; give it one.
      banner: {
        js: "import { createRequire as __wirelensRequire } from 'node:module'; const require = __wirelensRequire(import.meta.url);",
      },
    });
  } catch {
    // esbuild has already printed each error with its file and line.
    console.error('build-cli: bundling src/cli/main.ts failed (errors above)');
    process.exit(1);
  }
  console.log('build-cli: dist-cli/wirelens.mjs');
}
