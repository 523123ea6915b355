import { analyze, tcpFlows } from './support/cli';
import { allFlowRows } from './support/flow-rows';
import { openWithInput } from './support/open';
import { expect, test } from './support/page-guard';
import { fixture } from './support/paths';
import { syntheticPcapDuringTests } from './support/synthetic-pcap';
import { trackWorkers } from './support/workers';

interface PendingSnapshot {
  summaryBusy: string | null;
  pendingText: string;
  headline: boolean;
  rows: { stream: string; diagnosis: string | null; cell: string; busy: string | null }[];
}

declare global {
  interface Window {
    __pendingSeen?: PendingSnapshot | null;
  }
}

/** Forces two reads for any file and records the page the first time the early list is in the DOM. */
function recordPendingList(): void {
  localStorage.setItem('wirelens.earlyListMinBytes', '0');
  window.__pendingSeen = null;
  new MutationObserver(() => {
    if (window.__pendingSeen) return;
    const pending = document.querySelector('[data-testid="diagnosis-pending"]');
    const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="flow-row"]')];
    if (!pending || rows.length === 0) return;
    window.__pendingSeen = {
      summaryBusy: document.querySelector('[data-testid="summary"]')?.getAttribute('aria-busy') ?? null,
      pendingText: pending.textContent ?? '',
      headline: document.querySelector('[data-testid="headline"]') !== null,
      rows: rows.map((r) => {
        const cell = r.querySelector('[data-col="diagnosis"]');
        return {
          stream: r.dataset.stream ?? '',
          diagnosis: r.dataset.diagnosis ?? null,
          cell: cell?.textContent ?? '',
          busy: cell?.getAttribute('aria-busy') ?? null,
        };
      }),
    };
  }).observe(document, { childList: true, subtree: true });
}

test('a two-pass load shows the list pending, then the diagnosis the command gives', async ({ page }) => {
  const name = 'l-server-crash.pcap';
  const cli = analyze(fixture(name));
  await page.addInitScript(recordPendingList);
  await page.goto('./');
  await openWithInput(page, fixture(name));
  await expect(page.getByTestId('headline')).toHaveText(cli.summary.headline);

  const seen = await page.evaluate(() => window.__pendingSeen ?? null);
  expect(seen, 'the early list was never shown').not.toBeNull();
  expect(seen?.summaryBusy).toBe('true');
  expect(seen?.pendingText).toContain('Diagnosing the connections');
  expect(seen?.headline).toBe(false);
  // Stream order while pending, no diagnosis yet, every diagnosis cell busy.
  const tcp = tcpFlows(cli);
  expect(seen?.rows.map((r) => Number(r.stream))).toEqual(
    tcp
      .map((f) => f.stream)
      .sort((a, b) => a - b)
      .slice(0, seen?.rows.length),
  );
  for (const r of seen?.rows ?? [])
    expect(r).toMatchObject({ diagnosis: null, cell: 'analysing…', busy: 'true' });

  // The whole result: the command's diagnoses, nothing busy any more, the worst connection drawn.
  await expect(page.getByTestId('summary')).not.toHaveAttribute('aria-busy');
  await expect(page.getByTestId('diagnosis-pending')).toHaveCount(0);
  const expected = tcp.map((f) => ({ stream: f.stream, diagnosis: f.diagnosis }));
  await expect.poll(() => allFlowRows(page)).toEqual(expected);
  const first = page.getByTestId('flow-row').first();
  await expect(page.getByTestId('ladder')).toHaveAttribute(
    'data-stream',
    (await first.getAttribute('data-stream')) ?? '',
  );
});

test.describe('in 简体中文', () => {
  test.use({ locale: 'zh-CN' });

  test('the pending list and summary speak Chinese', async ({ page }) => {
    await page.addInitScript(recordPendingList);
    await page.goto('./');
    await openWithInput(page, fixture('g-stale-keepalive.pcap'));
    await expect(page.getByTestId('headline')).toBeVisible();
    const seen = await page.evaluate(() => window.__pendingSeen ?? null);
    expect(seen, 'the early list was never shown').not.toBeNull();
    expect(seen?.pendingText).toContain('正在诊断连接');
    expect(seen?.rows.map((r) => r.cell)).toEqual(seen?.rows.map(() => '分析中…'));
  });
});

test.describe('a big file under the default threshold', () => {
  const big = syntheticPcapDuringTests(200e6);

  test('a connection chosen while the diagnosis is pending stays chosen when it arrives', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.goto('./');
    await openWithInput(page, big());
    await expect(page.getByTestId('progress-listing')).toBeVisible();
    const pending = page.getByTestId('diagnosis-pending');
    await expect(pending).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('summary')).toHaveAttribute('aria-busy', 'true');
    const row = page.locator('[data-testid="flow-row"][data-stream="3"]');
    await row.click();
    await expect(row).toHaveAttribute('aria-selected', 'true');
    // Not an error: the connection is known, its analysis is not done yet.
    const waiting = page.getByTestId('flow-view-pending');
    await expect(waiting).toContainText('Connection 3: still analysing');
    await expect(waiting).toHaveAttribute('aria-busy', 'true');
    await expect(page.getByTestId('load-error')).toHaveCount(0);

    await expect(page.getByTestId('headline')).toBeVisible({ timeout: 90_000 });
    await expect(pending).toHaveCount(0);
    await expect(waiting).toHaveCount(0);
    await expect(page.locator('[data-testid="flow-row"][data-stream="3"]')).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await expect(page.getByTestId('ladder')).toHaveAttribute('data-stream', '3');
    await expect(page).toHaveURL(/#stream=3&/);
  });

  test('Cancel while the diagnosis is pending stops the worker and goes back to the picker', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.goto('./');
    const workers = trackWorkers(page);
    await openWithInput(page, big());
    await expect(page.getByTestId('diagnosis-pending')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('flow-row').first()).toBeVisible();
    const clicked = Date.now();
    await page.getByTestId('cancel').click();
    await expect(page.getByTestId('summary')).toHaveCount(0, { timeout: 2000 });
    await expect(page.getByTestId('flow-row')).toHaveCount(0);
    await expect.poll(() => workers[0]?.closed, { timeout: 2000 }).toBe(true);
    expect(Date.now() - clicked).toBeLessThan(2000);
    await expect(page.getByTestId('file-input')).toBeAttached();
    // The diagnosis never arrives afterwards.
    await page.waitForTimeout(500);
    await expect(page.getByTestId('headline')).toHaveCount(0);
  });
});
