// dist/ from a plain static server under a sub-path nobody configured the build for
// (/tools/wirelens/, no CSP or other header: serve-dist --plain, as GitHub Pages or a bucket would
// serve it). The main flow works there, and every request the page makes while a user opens a
// capture, picks a connection and steps through it is for one of the app's own files (issue 6
// item 1, issue 7 item 5: "the page makes no network request on its own").
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { analyze, tcpFlows } from './support/cli';
import { openWithInput } from './support/open';
import { fixture } from './support/paths';
import { type Running, repoRoot, startStaticServer, watch } from './support/share-servers';

const CRASH = fixture('l-server-crash.pcap');
let server: Running;

test.beforeAll(async () => {
  server = await startStaticServer(['--base', '/tools/wirelens/', '--plain']);
});
test.afterAll(async () => server?.stop());

/** Every file of dist/ as a URL path under `base` (index.html also as the directory itself). */
function appFiles(base: string): Set<string> {
  const dist = path.join(repoRoot, 'dist');
  const files = readdirSync(dist, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dist, path.join(d.parentPath, d.name)).split(path.sep).join('/'));
  return new Set([base, ...files.map((f) => `${base}${f}`)]);
}

test('under /tools/wirelens/ on a plain static host: open a capture, see its rows, open a flow, step', async ({
  page,
  context,
}) => {
  const w = watch(context, page);
  const flows = tcpFlows(analyze(CRASH));
  const res = await page.goto(server.url);
  expect(res?.headers()['content-security-policy']).toBeUndefined();
  await openWithInput(page, CRASH);
  await expect(page.getByTestId('flow-row')).toHaveCount(flows.length);
  const target = flows.find((f) => f.stream === 2)!;
  await page.locator('[data-testid="flow-row"][data-stream="2"]').click();
  const ladder = page.locator('[data-testid="ladder"][data-stream="2"]');
  await expect(ladder).toBeVisible();
  const frames = target.packets!.map((p) => p.frame);
  const current = ladder.locator('[data-testid="packet"][aria-current="step"]');
  await expect(current).toHaveAttribute('data-frame', String(frames[0]));
  await page.getByTestId('step-next').click();
  await page.getByTestId('step-next').click();
  await expect(current).toHaveAttribute('data-frame', String(frames[2]));
  await expect(page.getByTestId('packet-details')).toHaveAttribute('data-frame', String(frames[2]));
  await expect(page).toHaveURL(new RegExp(`/tools/wirelens/#stream=2&frame=${frames[2]}$`));
  expect(w.problems).toEqual([]);
});

test('the main flow requests nothing but the app’s own files: landing → open file → select flow → step', async ({
  page,
  context,
}) => {
  const w = watch(context, page);
  const origin = new URL(server.url).origin;
  const base = new URL(server.url).pathname;
  await page.goto(server.url);
  await expect(page.getByTestId('example').first()).toBeVisible();
  const atLanding = w.requests.length;
  await openWithInput(page, CRASH);
  await expect(page.getByTestId('flow-row').first()).toBeVisible();
  await page.locator('[data-testid="flow-row"][data-stream="3"]').click();
  await expect(page.locator('[data-testid="ladder"][data-stream="3"]')).toBeVisible();
  await page.getByTestId('step-next').click();
  await page.keyboard.press('ArrowRight');
  await page.getByTestId('step-last').click();
  // Give anything lazy a moment to show itself.
  await page.waitForTimeout(500);

  const own = appFiles(base);
  const foreign = w.requests.filter((u) => {
    const url = new URL(u);
    return url.origin !== origin || !own.has(url.pathname);
  });
  expect(foreign, 'requests to anything but the files of dist/').toEqual([]);
  // The landing page loads the page, its script and stylesheet and the example list; after that,
  // opening and exploring a local capture loads only the analysis worker's script (or another
  // script chunk of the build), and the browser asks for the page's icon again when the hash changes.
  const later = w.requests
    .slice(atLanding)
    .map((u) => new URL(u).pathname.slice(base.length))
    .filter((p) => p !== 'favicon.svg');
  expect(later.filter((p) => /^assets\/analysis-worker-[\w-]+\.js$/.test(p))).toHaveLength(1);
  expect(later.filter((p) => !/^assets\/[\w-]+\.js$/.test(p))).toEqual([]);
  expect(w.problems).toEqual([]);
});
