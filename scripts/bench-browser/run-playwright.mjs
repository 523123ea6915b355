// Runs the Playwright side of the browser benchmark (playwright.bench.config.ts, e2e/bench/) once over
// the given inputs and reads back the JSON each load wrote.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

function playwrightBin(root) {
  const local = path.join(root, 'node_modules/.bin/playwright');
  return existsSync(local) ? [local, []] : ['npx', ['playwright']];
}

/**
 * Loads every input in a fresh Chromium against the build in `dist`. Returns the results by input id
 * (null for an input whose test did not write one) and Playwright's exit code.
 */
export async function runBrowserLoads({ root, inputs, dist, outDir, profile }) {
  const suffix = profile ? '-profiled' : '';
  for (const input of inputs) rmSync(path.join(outDir, `${input.id}${suffix}.json`), { force: true });
  const [bin, pre] = playwrightBin(root);
  const code = await new Promise((resolve) => {
    const child = spawn(bin, [...pre, 'test', '-c', 'playwright.bench.config.ts'], {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        WIRELENS_DIST: dist,
        WIRELENS_BENCH_INPUTS: JSON.stringify(inputs),
        WIRELENS_BENCH_OUT: outDir,
        WIRELENS_BENCH_PROFILE: profile ? '1' : '0',
      },
    });
    child.on('close', (c) => resolve(c));
  });
  const results = {};
  for (const input of inputs) {
    const file = path.join(outDir, `${input.id}${suffix}.json`);
    results[input.id] = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  }
  return { code, results };
}
