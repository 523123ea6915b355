// Payload text from a capture is data, never markup (issue 7 item 5): a capture whose HTTP request
// line, headers and status line carry <img onerror>, <script>, <svg onload> and <iframe> is shown
// literally in the ladder, the packet details, the finding and the flow list, no element is made
// from it, no script runs and no dialog opens. The pcap is generated here (e2e/support/markup-pcap.ts);
// tshark 4.0.17 reads it as 11 frames with the request line in frames 4 and 10.
import { expect, type Page, test } from '@playwright/test';
import {
  MARKUP_HEADER,
  MARKUP_REQUEST_LINE,
  MARKUP_SERVER,
  MARKUP_STATUS,
  MARKUP_TARGET,
  markupPcap,
} from './support/markup-pcap';
import { type Running, startStaticServer, watch } from './support/share-servers';

let app: Running;
test.beforeAll(async () => {
  app = await startStaticServer(['--base', '/wirelens/']);
});
test.afterAll(async () => app?.stop());

/** Elements or attributes that only markup from the capture could have made. */
async function injected(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) if (/^on/i.test(a.name)) found.push(`${el.tagName}[${a.name}]`);
    }
    for (const el of document.querySelectorAll('img, iframe, object, embed, b, i')) found.push(el.tagName);
    for (const s of document.querySelectorAll('script')) if (!s.src) found.push('inline SCRIPT');
    if (document.querySelectorAll('script').length !== 1) found.push('an extra SCRIPT');
    for (const k of ['pwned']) if (k in window) found.push(`window.${k}`);
    return found;
  });
}

test('markup and script in a request line, headers and status are shown as text everywhere', async ({
  page,
  context,
}) => {
  const w = watch(context, page);
  await page.goto(app.url);
  await page.getByTestId('file-input').setInputFiles({
    name: 'markup.pcap',
    mimeType: 'application/vnd.tcpdump.pcap',
    buffer: markupPcap(),
  });
  const ladder = page.getByTestId('ladder');
  await expect(ladder).toBeVisible();
  await expect(page.getByTestId('flow-row')).toHaveCount(1);

  // The ladder labels the request arrows with the request line, and the response with its status.
  await expect(ladder).toContainText(`GET ${MARKUP_TARGET.slice(0, 20)}`);
  const labels = await ladder.evaluate((el) => el.textContent ?? '');
  expect(labels).toContain('<img src=x onerror=alert(1)>');

  // The finding cites the request, literally.
  const finding = page.getByTestId('finding').first();
  await expect(finding).toContainText(`GET ${MARKUP_TARGET}`);

  // The packet details of the request and of the response show the payload as text.
  await page.locator('[data-testid="packet"][data-frame="4"]').click();
  const details = page.getByTestId('packet-details');
  await expect(details).toHaveAttribute('data-frame', '4');
  await expect(page.getByTestId('payload-text')).toContainText(MARKUP_REQUEST_LINE);
  await expect(page.getByTestId('payload-text')).toContainText(MARKUP_HEADER);
  await expect(page.getByTestId('payload-text')).toContainText('Host: <b>bold</b>');
  await page.locator('[data-testid="packet"][data-frame="6"]').click();
  await expect(details).toHaveAttribute('data-frame', '6');
  await expect(page.getByTestId('payload-text')).toContainText(MARKUP_STATUS);
  await expect(page.getByTestId('payload-text')).toContainText(MARKUP_SERVER);

  // Switching language re-renders every text: still text.
  await page.getByTestId('language').selectOption('zh-CN');
  await expect(page.getByTestId('finding').first()).toContainText(`GET ${MARKUP_TARGET}`);

  await page.waitForTimeout(300);
  expect(await injected(page)).toEqual([]);
  expect(w.dialogs).toEqual([]);
  expect(w.problems).toEqual([]);
});
