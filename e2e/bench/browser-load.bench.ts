// The browser benchmark (issue 7 item 2): each input capture loaded through the file input of the
// production page in headless Chromium, one fresh browser per input. Not part of `npm test`: run it
// with `npm run bench:browser` (scripts/bench-browser.mjs), which makes the inputs, passes them here
// in WIRELENS_BENCH_INPUTS, and turns the JSON written to WIRELENS_BENCH_OUT into
// docs/performance-browser.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { type BenchInput, measureLoad } from './measure-load';

const inputs: BenchInput[] = JSON.parse(process.env.WIRELENS_BENCH_INPUTS ?? '[]');
const outDir = process.env.WIRELENS_BENCH_OUT ?? path.resolve('bench-data/browser');
const profile = process.env.WIRELENS_BENCH_PROFILE === '1';
const LOAD_TIMEOUT_MS = 15 * 60_000;

test.describe.configure({ mode: 'serial' });

if (inputs.length === 0) {
  test('browser benchmark', () => {
    test.skip(
      true,
      'no inputs: run `npm run bench:browser`, which generates them and sets WIRELENS_BENCH_INPUTS',
    );
  });
}

for (const input of inputs) {
  test(`load ${input.id} (${(input.bytes / 1e6).toFixed(0)} MB)`, async ({
    playwright,
    launchOptions,
    baseURL,
  }) => {
    test.setTimeout(LOAD_TIMEOUT_MS + 120_000);
    mkdirSync(outDir, { recursive: true });
    const result = await measureLoad(input, {
      chromium: playwright.chromium,
      launchOptions,
      baseURL: baseURL ?? '',
      outDir,
      profile,
      timeoutMs: LOAD_TIMEOUT_MS,
    });
    writeFileSync(
      path.join(outDir, `${input.id}${profile ? '-profiled' : ''}.json`),
      `${JSON.stringify(result, null, 2)}\n`,
    );
    // A benchmark, not a timed test: it fails only when the page could not load the file at all.
    expect(result.status, result.message ?? '').not.toBe('timeout');
  });
}
