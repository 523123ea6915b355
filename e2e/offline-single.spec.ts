// dist-single/wirelens.html opened straight from disk (file://), with no server running for it:
// a capture loads through the file input, is analysed by the inlined worker, and the page requests
// nothing but itself and the worker's blob: URL (issue 6 item 2). Build first: npm run build:single.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { analyze, tcpFlows } from './support/cli';
import { openWithInput } from './support/open';
import { fixture } from './support/paths';
import { repoRoot, watch } from './support/share-servers';

const single = path.join(repoRoot, 'dist-single/wirelens.html');
const pageUrl = pathToFileURL(single).href;

test.beforeAll(() => {
  if (!existsSync(single)) throw new Error(`${single} is missing: run npm run build:single first`);
});

test('the single file opened from disk reads a capture with no server and no network', async ({
  page,
  context,
}) => {
  const w = watch(context, page);
  const file = fixture('l-server-crash.pcap');
  const flows = tcpFlows(analyze(file));
  await page.goto(pageUrl);
  // The examples are not shipped in this file, and the page says so.
  await expect(page.getByTestId('examples-offline')).toBeVisible();
  await expect(page.getByTestId('example')).toHaveCount(0);

  await openWithInput(page, file);
  await expect(page.getByTestId('flow-row')).toHaveCount(flows.length);
  await page.locator('[data-testid="flow-row"][data-stream="1"]').click();
  const packets = page.locator('[data-testid="ladder"][data-stream="1"] [data-testid="packet"]');
  const flow = flows.find((f) => f.stream === 1)!;
  await expect(packets).toHaveCount(flow.packetsClientToServer + flow.packetsServerToClient);
  await page.getByTestId('step-next').click();
  await expect(page.getByTestId('packet-details')).toHaveAttribute(
    'data-frame',
    String(flow.packets![1]!.frame),
  );

  const schemes = new Set(w.requests.map((u) => new URL(u).protocol));
  expect([...schemes].sort()).toEqual(['blob:', 'file:']);
  const files = w.requests.filter((u) => u.startsWith('file:')).map((u) => u.split('#')[0]);
  expect(new Set(files)).toEqual(new Set([pageUrl]));
  expect(w.problems).toEqual([]);
});

test('the single file carries its own policy: hashed inline script and style, blob: worker, no connections', async ({
  page,
}) => {
  await page.goto(pageUrl);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toMatch(/script-src 'sha256-[\w+/=]+'(;|$)/);
  expect(policy).toContain("connect-src 'none'");
  expect(policy).toContain('worker-src blob:');
  expect(policy).not.toContain('unsafe-inline');
  expect(policy).not.toContain('unsafe-eval');
  // `?url=` is refused in plain words rather than attempted.
  await page.goto(`${pageUrl}?url=${encodeURIComponent('https://example.com/x.pcap')}`);
  await expect(page.getByTestId('load-error')).toHaveAttribute('data-reason', 'offline');
  await expect(page.getByTestId('url-error-detail')).toContainText(
    'does not fetch anything from the network',
  );
});
