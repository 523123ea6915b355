// The ladder at scale (issue 7 item 4): one TCP connection of 1 000 000 packets, generated for the test
// (e2e/support/long-flow-pcap.ts), draws only the arrows in view however far it is scrolled, its last
// frame is reachable by scrolling and by End, and stepping works at the far end.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { type LongFlow, writeLongFlowPcap } from './support/long-flow-pcap';
import { openWithInput } from './support/open';
import { expect, test } from './support/page-guard';

const PACKETS = 1_000_000;
/**
 * The ladder's content area is about 500 px and an arrow takes at least 38 px (label 18 + slope 12 +
 * padding 8, ladder-layout.ts), so about 14 arrows are in view plus a couple of overscan ones (15 seen); 30
 * leaves room for font and viewport differences while staying far below "everything".
 */
const MAX_ARROWS_IN_DOM = 30;

let dir = '';
let file = '';
let flow: LongFlow;

test.beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'wirelens-ladder-'));
  file = path.join(dir, 'long-flow.pcap');
  flow = writeLongFlowPcap(file, PACKETS);
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Frame numbers of the arrows in the DOM, in order. */
async function arrowFrames(page: Page): Promise<number[]> {
  return page
    .getByTestId('packet')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-frame'))).sort((a, b) => a - b));
}

/** Waits two frames: the ladder redraws on the animation frame after a scroll. */
async function nextFrames(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

test('the ladder of a 1 000 000-packet connection keeps only the arrows in view in the DOM', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto('./');
  await openWithInput(page, file);
  const ladder = page.getByTestId('ladder');
  await expect(ladder).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('packet-count')).toHaveText('1,000,000');
  await expect(page.locator('.ladder-hint')).toContainText('1,000,000 packets');

  // At the top: the handshake, and only a window of arrows.
  const top = await arrowFrames(page);
  expect(top.length).toBeGreaterThan(5);
  expect(top.length).toBeLessThanOrEqual(MAX_ARROWS_IN_DOM);
  expect(top[0]).toBe(1);
  await expect(page.locator('[data-testid="packet"][data-frame="1"]')).toHaveAttribute('data-flags', 'SYN');

  // Scrolled to the middle and to the bottom of the scroll area: still a window, and at the bottom
  // the window ends with the connection's last frame.
  const scroller = page.locator('.ladder-scroll');
  for (const fraction of [0.5, 1]) {
    await scroller.evaluate((el, f) => {
      el.scrollTop = (el.scrollHeight - el.clientHeight) * f;
    }, fraction);
    await nextFrames(page);
    const frames = await arrowFrames(page);
    expect(frames.length).toBeGreaterThan(5);
    expect(frames.length).toBeLessThanOrEqual(MAX_ARROWS_IN_DOM);
    if (fraction === 0.5) {
      expect(frames[0]).toBeGreaterThan(PACKETS * 0.4);
      expect(frames.at(-1)).toBeLessThan(PACKETS * 0.6);
    }
  }
  const last = page.locator(`[data-testid="packet"][data-frame="${flow.lastFrame}"]`);
  await expect(last).toBeVisible();
  // The client's last ACK after both FINs.
  await expect(last).toHaveAttribute('data-flags', 'ACK');
  await expect(page.locator(`[data-testid="packet"][data-frame="${flow.lastFrame - 2}"]`)).toHaveAttribute(
    'data-flags',
    'FIN,ACK',
  );
});

test('Home and End step to the ends of a 1 000 000-packet ladder and stepping works there', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto('./');
  await openWithInput(page, file);
  await expect(page.getByTestId('ladder')).toBeVisible({ timeout: 60_000 });
  const current = page.locator('[data-testid="packet"][aria-current="step"]');
  const details = page.getByTestId('packet-details');
  await expect(current).toHaveAttribute('data-frame', '1');

  // End: the last packet becomes the step, the ladder scrolls to it, the arrows stay a window.
  await page.keyboard.press('End');
  await expect(current).toHaveAttribute('data-frame', String(flow.lastFrame));
  await expect(current).toBeVisible();
  await expect(details).toHaveAttribute('data-frame', String(flow.lastFrame));
  await expect(page.getByTestId('step-next')).toBeDisabled();
  await expect(page.getByTestId('step-position')).toContainText('1,000,000');
  expect((await arrowFrames(page)).length).toBeLessThanOrEqual(MAX_ARROWS_IN_DOM);

  // Stepping back and forth at the far end.
  await page.keyboard.press('ArrowLeft');
  await expect(current).toHaveAttribute('data-frame', String(flow.lastFrame - 1));
  await expect(details).toHaveAttribute('data-frame', String(flow.lastFrame - 1));
  // The server's FIN: relative seq 1, and it acknowledges every client byte plus the client's FIN.
  await expect(details.getByTestId('detail-flags')).toHaveText('FIN,ACK');
  await expect(details.getByTestId('detail-seq')).toHaveText('1');
  await expect(details.getByTestId('detail-ack')).toHaveText(String(flow.clientBytes + 2));
  await page.getByTestId('step-prev').click();
  await expect(current).toHaveAttribute('data-frame', String(flow.lastFrame - 2));
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(current).toHaveAttribute('data-frame', String(flow.lastFrame));
  await expect(page.getByTestId('step-next')).toBeDisabled();

  // Home goes back to the first packet across the whole connection.
  await page.keyboard.press('Home');
  await expect(current).toHaveAttribute('data-frame', '1');
  await expect(current).toBeVisible();
  expect((await arrowFrames(page)).length).toBeLessThanOrEqual(MAX_ARROWS_IN_DOM);
});
