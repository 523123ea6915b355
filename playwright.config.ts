// Browser tests run against the PRODUCTION build (dist/), served by scripts/serve-dist.mjs under a
// sub-path (/wirelens/) so relative asset and worker URLs are exercised as a static host would serve them.
// Build first: `npm run build` (npm test does it in order).
import { defineConfig, devices } from '@playwright/test';
import { browserLaunch, freePort } from './e2e/support/browser-launch';

process.env.WIRELENS_E2E_PORT ??= String(await freePort());
const port = Number(process.env.WIRELENS_E2E_PORT);
const baseURL = `http://127.0.0.1:${port}/wirelens/`;
/** The build to test; dist/ unless WIRELENS_DIST names another (e.g. a build made with other options). */
const distDir = process.env.WIRELENS_DIST ?? 'dist';

const ci = Boolean(process.env.CI);

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: true,
  forbidOnly: ci,
  retries: 0,
  // Two cores in CI, shared with the static server and the worker thread of each page.
  workers: ci ? 2 : undefined,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // The JSON report feeds the pass/fail count npm test prints last.
  reporter: [
    ['list'],
    ['json', { outputFile: '.test-summary/e2e.json' }],
    ...(ci ? [] : [['html', { open: 'never' }] as const]),
  ],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], launchOptions: browserLaunch() } }],
  webServer: {
    command: `node scripts/serve-dist.mjs --port ${port} --base /wirelens/ --dir ${distDir}`,
    url: baseURL,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
