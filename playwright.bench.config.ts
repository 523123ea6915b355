// The browser benchmark's Playwright configuration, separate from playwright.config.ts so that
// `npm test` never runs it. Use `npm run bench:browser` (scripts/bench-browser.mjs): it generates the
// inputs and a build, runs this, and writes docs/performance-browser.md. Same server and Chromium
// flags as the e2e tests; one worker, so that loads never overlap.
import { existsSync } from 'node:fs';
import net from 'node:net';
import { chromium, defineConfig } from '@playwright/test';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

process.env.WIRELENS_BENCH_PORT ??= String(await freePort());
const port = Number(process.env.WIRELENS_BENCH_PORT);
const baseURL = `http://127.0.0.1:${port}/wirelens/`;
const distDir = process.env.WIRELENS_DIST ?? 'dist';

/** Playwright's own Chromium when it was downloaded, otherwise the system one, as in playwright.config.ts. */
function browserLaunch(): { executablePath?: string; args?: string[] } {
  if (existsSync(chromium.executablePath())) return {};
  const system = '/usr/bin/chromium';
  if (!existsSync(system)) return {};
  return {
    executablePath: system,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  };
}

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
