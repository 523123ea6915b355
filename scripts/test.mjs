#!/usr/bin/env node
// `npm test`: every check in order, stopping at the first failure with a message saying which step
// failed and how to repeat it alone.
import { existsSync } from 'node:fs';
import { ensureDependencies, run } from './ensure-deps.mjs';

const STEPS = [
  { name: 'typecheck', script: 'typecheck', what: 'tsc --noEmit' },
  { name: 'lint', script: 'lint', what: 'biome check .' },
  { name: 'unit tests', script: 'test:unit', what: 'vitest run' },
  { name: 'build', script: 'build', what: 'vite build + CLI bundle' },
  { name: 'e2e tests', script: 'test:e2e', what: 'playwright test against the production build' },
];

/** Playwright needs a Chromium: its own download, or the system one (Debian: apt-get install chromium). */
async function ensureBrowser() {
  if (existsSync('/usr/bin/chromium')) return;
  const { chromium } = await import('@playwright/test');
  if (existsSync(chromium.executablePath())) return;
  console.log("No Chromium found: downloading Playwright's (npx playwright install chromium)…");
  if (run('npx', ['playwright', 'install', 'chromium']) !== 0) {
    console.error(
      'Could not install a browser for the e2e tests. Install one with `sudo apt-get install chromium`.',
    );
    process.exit(1);
  }
}

ensureDependencies();
const started = Date.now();
for (const [i, step] of STEPS.entries()) {
  if (step.script === 'test:e2e') await ensureBrowser();
  console.log(`\n▶ [${i + 1}/${STEPS.length}] ${step.name}: ${step.what}`);
  const t = Date.now();
  if (run('npm', ['run', '--silent', step.script]) !== 0) {
    console.error(`\n✗ npm test stopped: ${step.name} failed (${step.what}).`);
    console.error(`  Fix what is reported above, then repeat this step alone with: npm run ${step.script}`);
    process.exit(1);
  }
  console.log(`✓ ${step.name} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
}
console.log(`\n✓ all checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
