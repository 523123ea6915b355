// Keyboard alone reaches every control of the loaded page, in a sensible order, and operates them.
import type { Page } from '@playwright/test';
import { openWithInput } from './support/open';
import { expect, test } from './support/page-guard';
import { fixture } from './support/paths';

/** What has focus, as a short name: its test id, or its tag and accessible text. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return 'body';
    const id = el.dataset.testid ?? el.closest<HTMLElement>('[data-testid]')?.dataset.testid;
    if (el.dataset.testid) return el.dataset.testid;
    return `${el.tagName.toLowerCase()}${id ? ` in ${id}` : ''}:${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}`;
  });
}

test('Tab reaches every control of a loaded capture, and Enter / Space operate them', async ({ page }) => {
  await page.goto('./');
  await openWithInput(page, fixture('l-server-crash.pcap'));
  await expect(page.getByTestId('ladder')).toBeVisible();
  // One step in, so that no step button is disabled (a disabled button is rightly not focusable).
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('step-first')).toBeEnabled();
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  const seen: string[] = [];
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (seen.includes(f) && f === seen[0]) break;
    seen.push(f);
  }
  for (const control of [
    'file-input',
    'language',
    'diagnosis-chip',
    'flow-filter',
    'flow-row',
    'step-first',
    'step-prev',
    'play',
    'step-next',
    'step-last',
    'play-speed',
    'evidence-frame',
    'fix-library',
  ]) {
    expect(seen, `Tab never reached ${control}; reached: ${seen.join(' | ')}`).toContain(control);
  }
  // The sort buttons and the ladder's own controls are reached too.
  expect(seen.some((s) => s.startsWith('button') && s.includes('Stream'))).toBe(true);
  expect(seen.some((s) => s.includes('in ladder') || s.startsWith('section') || s.includes('Ladder'))).toBe(
    true,
  );
  // The list is one tab stop (roving tabindex), not one per row.
  expect(seen.filter((s) => s === 'flow-row')).toHaveLength(1);

  // Operate: a row with Enter, a step with the focused button, the fix library with the keyboard.
  const row = page.locator('[data-testid="flow-row"][data-stream="2"]');
  await page.locator('[data-testid="flow-row"][tabindex="0"]').focus();
  while (!(await row.evaluate((el) => el === document.activeElement))) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ladder')).toHaveAttribute('data-stream', '2');
  const before = await page.getByTestId('packet-details').getAttribute('data-frame');
  await page.getByTestId('step-next').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('packet-details')).not.toHaveAttribute('data-frame', before ?? '');
  await page.getByTestId('evidence-frame').first().focus();
  await page.keyboard.press('Enter');
  const frame = await page.getByTestId('evidence-frame').first().getAttribute('data-frame');
  await expect(page.getByTestId('packet-details')).toHaveAttribute('data-frame', frame ?? '');
});
