// The browser benchmark's Playwright configuration, separate from playwright.config.ts so that
// `npm test` never runs it. Use `npm run bench:browser` (scripts/bench-browser.mjs): it generates the
// inputs and a build, runs this, and writes docs/performance-browser.md. Same server and Chromium
// flags as the e2e tests; one worker, so that loads never overlap.
import { defineConfig } from '@playwright/test';
import { browserLaunch, freePort } from './e2e/support/browser-launch';

process.env.WIRELENS_BENCH_PORT ??= String(await freePort());
const port = Number(process.env.WIRELENS_BENCH_PORT);
const baseURL = `http://127.0.0.1:${port}/wirelens/`;
const distDir = process.env.WIRELENS_DIST ?? 'dist';

export default defineConfig({
  testDir: 'e2e/bench',
  testMatch: '**/*.bench.ts',
  outputDir: 'test-results/bench',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 20 * 60_000,
  reporter: [['list']],
  use: { baseURL, launchOptions: browserLaunch() },
  projects: [{ name: 'chromium' }],
  webServer: {
    command: `node scripts/serve-dist.mjs --port ${port} --base /wirelens/ --dir ${distDir}`,
    url: baseURL,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
