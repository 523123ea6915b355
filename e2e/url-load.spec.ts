// Load by URL (issue 6 item 4): `?url=<capture>` fetched as a stream in the worker, together with
// `#stream=N&frame=M` landing on that exact packet; the "Copy link" button giving that link back;
// a download with progress and Cancel; and the failures (CORS, unreachable, HTTP error, a scheme
// that is not http) explained in plain words. Frame numbers come from the command's JSON (whose
// per-packet fields the CLI tests check against tshark), never from the page.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, type Page, test } from '@playwright/test';
import { analyze, tcpFlows } from './support/cli';
import { openWithInput } from './support/open';
import { fixture } from './support/paths';
import {
  fixtureBytes,
  type Running,
  startCaptureServer,
  startStaticServer,
  watch,
} from './support/share-servers';
import { writeSyntheticPcap } from './support/synthetic-pcap';

const CRASH = fixture('l-server-crash.pcap');
const flows = tcpFlows(analyze(CRASH));
const frameOf = (stream: number, i: number) => flows.find((f) => f.stream === stream)!.packets![i]!.frame;

let app: Running;
test.beforeAll(async () => {
  app = await startStaticServer(['--base', '/tools/wirelens/', '--also', '/tools/captures/=e2e/fixtures']);
});
test.afterAll(async () => app?.stop());

async function expectAt(page: Page, stream: number, frame: number): Promise<void> {
  await expect(page.getByTestId('packet-details')).toHaveAttribute('data-frame', String(frame));
  const ladder = page.locator(`[data-testid="ladder"][data-stream="${stream}"]`);
  await expect(ladder.locator('[data-testid="packet"][aria-current="step"]')).toHaveAttribute(
    'data-frame',
    String(frame),
  );
  await expect(page.locator(`[data-testid="flow-row"][data-stream="${stream}"]`)).toHaveAttribute(
    'aria-selected',
    'true',
  );
}

test('?url= of a capture next to Wirelens, with a hash, lands on that packet; Copy link gives it back', async ({
  page,
  context,
  browser,
}) => {
  const w = watch(context, page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const frame = frameOf(3, 3);
  await page.goto(`${app.url}?url=../captures/l-server-crash.pcap#stream=3&frame=${frame}`);
  await expectAt(page, 3, frame);
  await expect(page.getByTestId('flow-row')).toHaveCount(flows.length);
  // The worker fetched it (the recorder sees worker requests too).
  expect(w.requests).toContain(new URL('../captures/l-server-crash.pcap', app.url).href);

  await page.getByTestId('step-next').click();
  const next = frameOf(3, 4);
  await expectAt(page, 3, next);
  await page.getByTestId('copy-link').click();
  const link = `${app.url}?url=..%2Fcaptures%2Fl-server-crash.pcap#stream=3&frame=${next}`;
  await expect(page.getByTestId('share-url')).toHaveValue(link);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

  // The link, opened by a colleague (a fresh browser context), lands on the same packet.
  const other = await browser.newContext();
  const theirs = await other.newPage();
  await theirs.goto(link);
  await expectAt(theirs, 3, next);
  await other.close();
  expect(w.problems).toEqual([]);
});

test('?url= on another server that allows CORS loads it, named by its file', async ({ page, context }) => {
  const w = watch(context, page);
  const files = await startCaptureServer(
    { 'l-server-crash.pcap': fixtureBytes('l-server-crash.pcap') },
    { cors: true },
  );
  try {
    const frame = frameOf(1, 2);
    const capture = `${files.url}l-server-crash.pcap`;
    await page.goto(`${app.url}?url=${encodeURIComponent(capture)}#stream=1&frame=${frame}`);
    await expectAt(page, 1, frame);
    await expect(page.getByTestId('summary')).toContainText('l-server-crash.pcap');
    expect(files.hits).toEqual(['GET /l-server-crash.pcap']);
    // No cookie, no Referer: the capture's server learns nothing about the page.
    expect(w.problems).toEqual([]);
  } finally {
    await files.stop();
  }
});

test('a capture on a server without CORS headers is explained in plain words', async ({ page, context }) => {
  const w = watch(context, page);
  const files = await startCaptureServer(
    { 'x.pcap': fixtureBytes('g-stale-keepalive.pcap') },
    { cors: false },
  );
  const host = new URL(files.url).host;
  try {
    await page.goto(`${app.url}?url=${encodeURIComponent(`${files.url}x.pcap`)}`);
    const error = page.getByTestId('load-error');
    await expect(error).toHaveAttribute('data-reason', 'cors');
    await expect(page.getByTestId('url-error-detail')).toHaveText(
      `The server at ${host} does not allow other sites to read this file (CORS). Download the file and drop it here, or host it next to Wirelens (on the same site).`,
    );
    await expect(error).toContainText(`${files.url}x.pcap`);
    // The browser logs the refused read itself; nothing else may appear.
    for (const p of w.problems) expect(p).toMatch(/CORS policy|net::ERR_FAILED/);
  } finally {
    await files.stop();
  }
});

test('an unreachable server, an HTTP error and a non-http address each get their own words', async ({
  page,
}) => {
  const closed = http.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));

  await page.goto(`${app.url}?url=${encodeURIComponent(`http://127.0.0.1:${port}/x.pcap`)}`);
  await expect(page.getByTestId('load-error')).toHaveAttribute('data-reason', 'unreachable');
  await expect(page.getByTestId('url-error-detail')).toContainText(
    `The server at 127.0.0.1:${port} could not be reached`,
  );

  await page.goto(`${app.url}?url=../captures/no-such.pcap`);
  await expect(page.getByTestId('load-error')).toHaveAttribute('data-reason', 'http');
  await expect(page.getByTestId('url-error-detail')).toContainText('answered “404 Not Found”');

  await page.goto(`${app.url}?url=${encodeURIComponent('javascript:alert(1)')}`);
  await expect(page.getByTestId('load-error')).toHaveAttribute('data-reason', 'bad-url');
  await expect(page.getByTestId('url-error-detail')).toContainText('“javascript:alert(1)” is not an address');
});

test('a download shows its progress against Content-Length, and Cancel stops it', async ({ page }, info) => {
  const file = info.outputPath('big.pcap');
  writeSyntheticPcap(file, 12 * 1024 * 1024);
  const bytes = (await import('node:fs')).readFileSync(file);
  let aborted = false;
  // 12 MB at about 6 MB/s: long enough to watch.
  const slow = http.createServer((req, res) => {
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Length': bytes.length });
    let at = 0;
    const tick = setInterval(() => {
      if (at >= bytes.length) {
        clearInterval(tick);
        res.end();
        return;
      }
      res.write(bytes.subarray(at, at + 64 * 1024));
      at += 64 * 1024;
    }, 10);
    res.on('close', () => {
      clearInterval(tick);
      if (at < bytes.length) aborted = true;
    });
    req.resume();
  });
  await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/big.pcap`;
    await page.goto(`${app.url}?url=${encodeURIComponent(url)}`);
    await expect(page.getByTestId('progress')).toContainText('big.pcap');
    await expect(page.getByTestId('progress')).toContainText(`(${(bytes.length / 1e6).toFixed(1)} MB)`);
    await expect(page.getByTestId('progress-percent')).toHaveText(/^([1-9]|[1-8]\d)%$/);
    await page.getByTestId('cancel').click();
    await expect(page.getByTestId('progress')).toHaveCount(0);
    await expect(page.getByTestId('example').first()).toBeVisible();
    await expect.poll(() => aborted).toBe(true);
  } finally {
    slow.closeAllConnections();
    await new Promise<void>((r) => slow.close(() => r()));
  }
});

test('Copy link for an example names it; for a local file it says the file must be shared too', async ({
  page,
}) => {
  await page.goto(app.url);
  const first = page.getByTestId('example').first();
  const id = await first.getAttribute('data-example');
  await first.click();
  await expect(page.getByTestId('ladder')).toBeVisible();
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('share-url')).toHaveValue(
    new RegExp(`^${app.url.replace(/[.?]/g, '\\$&')}\\?example=${id}#stream=\\d+&frame=\\d+$`),
  );

  await openWithInput(page, CRASH);
  await expect(page.getByTestId('flow-row')).toHaveCount(flows.length);
  // The example's name left the address with it: a reload would not bring the example back.
  expect(new URL(page.url()).search).toBe('');
  await page.getByTestId('copy-link').click();
  const note = page.getByTestId('share-note');
  await expect(note).toHaveAttribute('data-source', 'file');
  await expect(note).toContainText('a link cannot carry a file: share the file too');
  await expect(note).toContainText('export it as a pcap');
  await expect(page.getByTestId('share-url')).toHaveCount(0);
});
