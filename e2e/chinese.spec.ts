// In 简体中文 every piece of UI text is Chinese: the page is walked in each state — the landing page,
// each example loaded (summary, connection list, the selected connection's ladder, diagnosis and
// packet details at each evidence frame, every connection of it), the Export menu open and an export
// done, and a read error — and any Latin-letter word left in the visible text, the accessible names or
// the tooltips fails the test, unless support/english-left.ts allows it (addresses, numbers, protocol
// tokens, code, units, program names; each rule says why) or it is the capture's own text.
import type { Page } from '@playwright/test';
import { type EnglishWord, englishWords, uiStrings } from './support/english-left';
import { exampleIndex, openExample, selectStream } from './support/exports';
import { expect, test } from './support/page-guard';

test.use({ locale: 'zh-CN' });

async function englishIn(page: Page, state: string, found: string[]): Promise<void> {
  // the findings' texts arrive from the worker after the facts: wait until every card has them
  await expect(page.locator('[data-testid="finding"][aria-busy="true"]')).toHaveCount(0);
  // client libraries are named as their projects name them: the words of the fix menu's options
  const libraries = (await page.locator('[data-testid="fix-library"] option').allTextContents()).flatMap(
    (o) => o.split(/[\s/()]+/),
  );
  const words: EnglishWord[] = englishWords(await uiStrings(page), libraries);
  // each word once per state is enough to find it
  const seen = new Set<string>();
  for (const w of words) {
    if (seen.has(w.word)) continue;
    seen.add(w.word);
    found.push(`${state}: “${w.word}” in ${w.where}: ${w.text.slice(0, 160)}`);
  }
}

test('the landing page is all Chinese', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('language')).toHaveValue('zh-CN');
  await expect(page.getByTestId('example').first()).toBeVisible();
  const found: string[] = [];
  await englishIn(page, 'landing', found);
  expect(found).toEqual([]);
});

for (const example of exampleIndex()) {
  test(`“${example.id}” loaded is all Chinese: summary, list, ladder, diagnosis, details, exports`, async ({
    page,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('./');
    await openExample(page, example.id);
    const found: string[] = [];
    await englishIn(page, 'loaded', found);
    for (const { stream } of example.flows) {
      await selectStream(page, stream);
      await englishIn(page, `stream ${stream}`, found);
      // the packet details at each packet the diagnosis cites
      const evidence = page.getByTestId('evidence-frame');
      for (let i = 0; i < (await evidence.count()); i++) {
        const frame = await evidence.nth(i).getAttribute('data-frame');
        await evidence.nth(i).click();
        await expect(page.getByTestId('packet-details')).toHaveAttribute('data-frame', frame ?? '');
        await englishIn(page, `stream ${stream} frame ${frame}`, found);
      }
    }
    await page.getByTestId('export-button').click();
    await expect(page.getByTestId('export-menu')).toBeVisible();
    await englishIn(page, 'export menu open', found);
    await page.getByTestId('export-filter').click();
    await expect(page.getByTestId('export-status')).toHaveAttribute('data-state', 'done');
    await englishIn(page, 'export done', found);
    expect(found).toEqual([]);
  });
}

test('a read error is all Chinese', async ({ page }) => {
  await page.goto('./');
  await page.getByTestId('file-input').setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('these are my notes, not a capture\n'.repeat(20)),
  });
  await expect(page.getByTestId('load-error')).toBeVisible();
  const found: string[] = [];
  await englishIn(page, 'error', found);
  expect(found).toEqual([]);
});
