import { expect, test } from './support/page-guard';

test('the page says what Wirelens is and promises nothing leaves the browser', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByRole('heading', { level: 1, name: 'Wirelens' })).toBeVisible();
  await expect(page.locator('.intro')).toContainText('ladder diagram');
  await expect(page.locator('.intro')).toContainText('nothing leaves your computer');
  await expect(page.getByText('Nothing is uploaded.')).toBeVisible();
  await expect(page.getByTestId('file-input')).toHaveAttribute('type', 'file');
  // The file input must have an accessible name (its label).
  await expect(page.getByLabel('Choose a capture file…')).toHaveCount(1);
});

test('keyboard alone reaches the file picker and opens the example', async ({ page }) => {
  await page.goto('./');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('file-input')).toBeFocused();
  await page.keyboard.press('Tab');
  const example = page.getByRole('button', { name: /Open example/ });
  await expect(example).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('summary')).toBeVisible();
  // From ../shared/scenarios/g-stale-keepalive/manifest.json: 13 frames.
  await expect(page.getByTestId('packet-count')).toHaveText('13');
  // Focus moves to the result, so the keyboard user continues from there.
  await expect(page.getByRole('heading', { name: /g-stale-keepalive\.pcap/ })).toBeFocused();
});

test('?example= opens the example on load', async ({ page }) => {
  await page.goto('./?example=g-stale-keepalive');
  await expect(page.getByTestId('packet-count')).toHaveText('13');
});
