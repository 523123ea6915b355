// Views at scale (issue 7 item 4): a capture with 100 000 TCP connections, generated for the test
// (e2e/support/many-flows-pcap.ts), keeps only the rows in view in the DOM however far the list
// is scrolled, and the keyboard still reaches its last row; and loading it never blocks the page's
// main thread for long (issue 7: no main-thread task over 50 ms during a load).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeManyFlowsPcap } from './support/many-flows-pcap';
import { openWithInput } from './support/open';
import { expect, test } from './support/page-guard';

const FLOWS = 100_000;
/** Rows in view (9) plus overscan on both sides, plus the row holding the tab stop. */
const MAX_ROWS_IN_DOM = 40;
/**
 * The longest main-thread task allowed from choosing the file to a second after the connection's
 * ladder is drawn. The target is 50 ms (`npm run bench:browser` measures it on 1 GB); this bound
 * leaves room for a CI machine running other tests at the same time, and still fails when the result
 * is unpacked or the list computed in one task (that took 400+ ms for 15 000 connections).
 */
const MAX_TASK_MS = 150;

let dir = '';
let file = '';

test.beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'wirelens-scale-'));
  file = path.join(dir, 'many-flows.pcap');
  writeManyFlowsPcap(file, FLOWS);
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a list of 100 000 connections keeps only the visible rows in the DOM', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('./');
  await openWithInput(page, file);
  await expect(page.getByTestId('summary')).toBeVisible({ timeout: 150_000 });
  await expect(page.locator('.flow-list h2')).toContainText('100,000 TCP connections');
  const rows = page.getByTestId('flow-row');
  const count = async () => rows.count();
  expect(await count()).toBeGreaterThan(5);
  expect(await count()).toBeLessThanOrEqual(MAX_ROWS_IN_DOM);
  // Problem connections first: every seventh connection of the file is refused.
  await expect(rows.first()).toHaveAttribute('data-diagnosis', 'connection-refused');

  const body = page.getByTestId('flow-scroll');
  for (const fraction of [0.25, 0.5, 1]) {
    await body.evaluate((el, f) => {
      el.scrollTop = (el.scrollHeight - el.clientHeight) * f;
    }, fraction);
    await page.waitForTimeout(100);
    expect(await count()).toBeLessThanOrEqual(MAX_ROWS_IN_DOM);
  }
  // The bottom of the list: the last healthy connection, stream 99 999.
  await expect(page.locator(`[data-testid="flow-row"][data-stream="${FLOWS - 1}"]`)).toBeVisible();

  // Keyboard: Home and End go to the ends of the whole list, not only of the rendered rows.
  await page.locator(`[data-testid="flow-row"][data-stream="${FLOWS - 1}"]`).focus();
  await page.keyboard.press('Home');
  await expect(rows.first()).toBeFocused();
  await expect(page.locator('[data-testid="flow-row"]:focus')).toHaveAttribute(
    'data-diagnosis',
    'connection-refused',
  );
  await page.keyboard.press('End');
  await expect(page.locator(`[data-testid="flow-row"][data-stream="${FLOWS - 1}"]`)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ladder')).toHaveAttribute('data-stream', String(FLOWS - 1));
  expect(await count()).toBeLessThanOrEqual(MAX_ROWS_IN_DOM);
});

test('loading 100 000 connections runs no long task on the main thread', async ({ page }) => {
  test.setTimeout(180_000);
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: { start: number; duration: number }[]; chosenAt: number };
    w.longTasks = [];
    w.chosenAt = Number.POSITIVE_INFINITY;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    document.addEventListener('change', () => (w.chosenAt = performance.now()), true);
  });
  await page.goto('./');
  await openWithInput(page, file);
  await expect(page.getByTestId('flow-row').first()).toBeVisible({ timeout: 150_000 });
  await expect(page.getByTestId('ladder')).toBeVisible();
  await page.waitForTimeout(1000);
  const tasks = await page.evaluate(() => {
    const w = window as unknown as { longTasks: { start: number; duration: number }[]; chosenAt: number };
    return w.longTasks.filter((t) => t.start >= w.chosenAt).map((t) => Math.round(t.duration));
  });
  expect(Math.max(0, ...tasks), `long tasks during the load: ${tasks.join(', ')} ms`).toBeLessThanOrEqual(
    MAX_TASK_MS,
  );
});
