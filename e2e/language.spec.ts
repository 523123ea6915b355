// English and 简体中文: the switcher changes the page's words and the analysis' texts, which come from
// the same core as `wirelens analyze --lang zh-CN`; the choice is remembered.
import { analyze } from './support/cli';
import { openWithInput } from './support/open';
import { expect, test } from './support/page-guard';
import { fixture } from './support/paths';

test('switching to 简体中文 translates the page and the diagnosis, and is remembered', async ({ page }) => {
  const file = fixture('g-stale-keepalive.pcap');
  const en = analyze(file, 'en');
  const zh = analyze(file, 'zh-CN');
  await page.goto('./');
  await openWithInput(page, file);
  await expect(page.getByTestId('headline')).toHaveText(en.summary.headline);
  const finding = page.getByTestId('finding').first();
  await expect(finding).toContainText(en.findings[0]!.title);

  await page.getByTestId('language').selectOption('zh-CN');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('headline')).toHaveText(zh.summary.headline);
  await expect(finding).toContainText(zh.findings[0]!.title);
  await expect(page.getByTestId('step-next')).toHaveAttribute('title', '下一个包（→）');
  await expect(page.getByTestId('play')).toHaveText('播放');
  await expect(page.locator('.flow-list h2')).toHaveText('1 条 TCP 连接');
  // The capture was not read again: the same worker answered.
  await expect(page.getByTestId('flow-row')).toHaveCount(1);

  await page.reload();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('打开抓包文件');
  await page.getByTestId('language').selectOption('en');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Open a capture');
});

test('the language defaults from the browser', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto('./');
  await expect(page.getByTestId('language')).toHaveValue('zh-CN');
  await expect(page.getByText('不会上传到任何地方')).toBeVisible();
  await context.close();
});
