import { expect, test } from './support/page-guard';
import { fixture } from './support/paths';
import { syntheticPcapDuringTests } from './support/synthetic-pcap';
import { trackWorkers } from './support/workers';

const big = syntheticPcapDuringTests(300e6);

test('Cancel terminates the worker mid-read and the next file loads in a fresh one', async ({ page }) => {
  await page.goto('./');
  const workers = trackWorkers(page);

  await page.getByTestId('file-input').setInputFiles(big());
  const progress = page.getByTestId('progress');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText('big.pcap');
  // Wait for a real progress report (packets counted, speed measured) so the read is under way.
  await expect(page.getByTestId('progress-packets')).not.toHaveText('0 packets');
  await expect(page.getByTestId('progress-rate')).toHaveText(/\d MB\/s/);
  const percent = Number((await page.getByTestId('progress-percent').textContent())?.replace('%', ''));
  expect(percent).toBeLessThan(100);
  await expect(page.getByTestId('cancel')).toBeFocused();

  const clicked = Date.now();
  await page.getByTestId('cancel').click();
  await expect(progress).toBeHidden({ timeout: 2000 });
  await expect.poll(() => workers[0]?.closed, { timeout: 2000 }).toBe(true);
  expect(Date.now() - clicked).toBeLessThan(2000);
  await expect(page.getByTestId('summary')).toHaveCount(0);
  await expect(page.getByTestId('file-input')).toBeAttached();

  await page.getByTestId('file-input').setInputFiles(fixture('g-stale-keepalive.pcap'));
  await expect(page.getByTestId('packet-count')).toHaveText('13');
  expect(workers.length).toBe(2);
});
