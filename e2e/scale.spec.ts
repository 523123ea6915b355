// Views at scale (issue 7 item 4): a capture with 100 000 TCP connections, generated for the test
// (e2e/support/many-flows-pcap.ts), keeps only the rows in view in the DOM however far the list
// is scrolled, and the keyboard still reaches its last row; and loading it never blocks the page's
// main thread for long (issue 7: no main-thread task over 50 ms during a load), counted in CPU time.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startMainThreadTrace, stopMainThreadTrace } from './bench/main-thread-trace';
import { writeManyFlowsPcap } from './support/many-flows-pcap';
import { openWithInput } from './support/open';
import { expect, test } from './support/page-guard';

const FLOWS = 100_000;
/** Rows in view (9) plus overscan on both sides, plus the row holding the tab stop. */
const MAX_ROWS_IN_DOM = 40;
/**
 * The most CPU time one main-thread task may take from choosing the file to a second after the
 * connection's ladder is drawn: issue 7's 50 ms (`npm run bench:browser` measures it on 1 GB). Here
 * the most was 18 ms (on a machine at load average 10, where the same task took 88 ms of wall time);
 * unpacking the result or computing the list in one task took 400+ ms for 15 000 connections.
 */
const MAX_TASK_CPU_MS = 50;

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

test('loading 100 000 connections runs no long task on the main thread', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await page.goto('./');
  // The main thread's tasks from a Chromium trace: each one's CPU time, which other tests running on
  // the same cores do not inflate (its wall time, what the longtask observer reports, they do).
  const tracing = await startMainThreadTrace(browser, page);
  expect(tracing, 'Chromium tracing could not start').toBe(true);
  await openWithInput(page, file);
  await expect(page.getByTestId('flow-row').first()).toBeVisible({ timeout: 150_000 });
  await expect(page.getByTestId('ladder')).toBeVisible();
  await page.waitForTimeout(1000);
  const tasks = await stopMainThreadTrace(browser, MAX_TASK_CPU_MS);
  expect(tasks, 'no main-thread task in the trace').not.toBeNull();
  expect(
    tasks?.longestCpuMs,
    `most CPU in one task ${tasks?.longestCpuMs.toFixed(0)} ms; longest task ${tasks?.longestWallMs.toFixed(0)} ms of wall time`,
  ).toBeLessThanOrEqual(MAX_TASK_CPU_MS);
});
