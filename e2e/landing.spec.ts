import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './support/page-guard';

/** The examples the build ships (dist/examples/index.json, made by scripts/examples/), if any. */
function shippedExamples(): { id: string; file: string; frames: number }[] {
  const index = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/examples/index.json');
  if (!existsSync(index)) return [];
  return (
    (JSON.parse(readFileSync(index, 'utf8')) as { examples?: { id: string; file: string; frames: number }[] })
      .examples ?? []
  );
}
// public/examples/index.json is committed, so the build always ships it.
const firstExample = shippedExamples()[0] ?? {
  id: 'stale-keepalive-reuse',
  file: 'stale-keepalive-reuse.pcap',
  frames: 11,
};

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

test('the examples are listed with their titles', async ({ page }) => {
  await page.goto('./');
  const examples = page.getByTestId('example');
  await expect(examples.first()).toBeVisible();
  const shipped = shippedExamples();
  if (shipped.length > 0) await expect(examples).toHaveCount(shipped.length);
});

test('keyboard alone reaches the language, the file picker and opens an example', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('example').first()).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('language')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('file-input')).toBeFocused();
  await page.keyboard.press('Tab');
  const example = page.getByTestId('example').first();
  await expect(example).toBeFocused();
  await expect(example).toHaveAccessibleName(/^Open example: /);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('summary')).toBeVisible();
  await expect(page.getByTestId('packet-count')).toHaveText(String(firstExample.frames));
  // Focus moves to the result, so the keyboard user continues from there.
  await expect(
    page.getByRole('heading', { name: new RegExp(firstExample.file.replace('.', '\\.')) }),
  ).toBeFocused();
});

test('?example= opens the example on load', async ({ page }) => {
  await page.goto(`./?example=${firstExample.id}`);
  await expect(page.getByTestId('packet-count')).toHaveText(String(firstExample.frames));
});
