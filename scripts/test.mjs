#!/usr/bin/env node
// `npm test`: every check in order, stopping at the first failure with a message saying which step
// failed and how to repeat it alone.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { ensureDependencies, run } from './ensure-deps.mjs';

const STEPS = [
  { name: 'typecheck', script: 'typecheck', what: 'tsc --noEmit' },
  { name: 'lint', script: 'lint', what: 'biome check .' },
  { name: 'unit tests', script: 'test:unit', what: 'vitest run' },
  { name: 'build', script: 'build', what: 'vite build + CLI bundle' },
  { name: 'single file', script: 'build:single', what: 'dist-single/wirelens.html' },
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

/** Passed/failed counts from the unit (Vitest) and e2e (Playwright) JSON reports of this run. */
function counts() {
  const read = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null);
  const unit = read('.test-summary/unit.json');
  const e2e = read('.test-summary/e2e.json');
  const u = unit ? { passed: unit.numPassedTests, failed: unit.numFailedTests } : { passed: 0, failed: 0 };
  const e = e2e
    ? { passed: e2e.stats.expected ?? 0, failed: (e2e.stats.unexpected ?? 0) + (e2e.stats.flaky ?? 0) }
    : { passed: 0, failed: 0 };
  return { u, e };
}

/** The last line is the plain 'N passed, N failed' that CI reads. */
function printCounts() {
  const { u, e } = counts();
  console.log(`unit: ${u.passed} passed, ${u.failed} failed`);
  console.log(`e2e: ${e.passed} passed, ${e.failed} failed`);
  console.log(`tests: ${u.passed + e.passed} passed, ${u.failed + e.failed} failed`);
}

ensureDependencies();
rmSync('.test-summary', { recursive: true, force: true });
const started = Date.now();
for (const [i, step] of STEPS.entries()) {
  if (step.script === 'test:e2e') await ensureBrowser();
  console.log(`\n▶ [${i + 1}/${STEPS.length}] ${step.name}: ${step.what}`);
  const t = Date.now();
  if (run('npm', ['run', '--silent', step.script]) !== 0) {
    console.error(`\n✗ npm test stopped: ${step.name} failed (${step.what}).`);
    console.error(`  Fix what is reported above, then repeat this step alone with: npm run ${step.script}`);
    printCounts();
    process.exit(1);
  }
  console.log(`✓ ${step.name} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
}
console.log(`\n✓ all checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
printCounts();
