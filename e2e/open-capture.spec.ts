// Opening scenario captures through the file input. Expected figures come from each scenario's
// manifest.json and `tshark -r FILE -q -z conv,tcp` (tshark 4.0.17), see fixtures/README.md.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { expect, test } from './support/page-guard';
import { fixture } from './support/paths';

test('a scenario capture shows its packet count and its TCP connection', async ({ page }) => {
  await page.goto('./');
  await page.getByTestId('file-input').setInputFiles(fixture('g-stale-keepalive.pcap'));
  const summary = page.getByTestId('summary');
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('g-stale-keepalive.pcap');
  await expect(page.getByTestId('packet-count')).toHaveText('13');
  await expect(page.getByTestId('format')).toHaveText('pcap');
  await expect(page.getByTestId('link-types')).toHaveText('Ethernet (1)');
  const rows = page.getByTestId('flow-row');
  await expect(rows).toHaveCount(1);
  const row = rows.first();
  await expect(row).toHaveAttribute('data-stream', '0');
  await expect(row).toContainText('127.0.0.1:19201');
  await expect(row).toContainText('127.0.0.1:19200');
  await expect(row.locator('[data-col="packets"]')).toHaveText('13');
  // tshark conv,tcp: 1204 bytes in total.
  await expect(row.locator('[data-col="bytes"]')).toHaveText('1.2 kB');
});

test('three refused connections give three rows', async ({ page }) => {
  await page.goto('./');
  await page.getByTestId('file-input').setInputFiles(fixture('connection-refused.pcap'));
  await expect(page.getByTestId('packet-count')).toHaveText('6');
  await expect(page.getByTestId('flow-row')).toHaveCount(3);
  await expect(page.locator('[data-testid="flow-row"][data-stream="2"]')).toContainText('127.0.0.1:42682');
});

test('a tcpdump -i any capture (Linux cooked v2) is read', async ({ page }) => {
  await page.goto('./');
  await page.getByTestId('file-input').setInputFiles(fixture('l-server-crash-any.pcap'));
  await expect(page.getByTestId('packet-count')).toHaveText('67');
  await expect(page.getByTestId('link-types')).toHaveText('Linux cooked v2 (SLL2) (276)');
  await expect(page.getByTestId('flow-row')).toHaveCount(6);
});

test('a gzip-compressed capture is decompressed in the browser', async ({ page }) => {
  await page.goto('./');
  const buffer = gzipSync(readFileSync(fixture('g-stale-keepalive.pcap')));
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'stale.pcap.gz', mimeType: 'application/gzip', buffer });
  await expect(page.getByTestId('packet-count')).toHaveText('13');
  await expect(page.getByTestId('format')).toHaveText('pcap, gzip-compressed');
});

test('another capture can be opened after the first', async ({ page }, testInfo) => {
  await page.goto('./');
  await page.getByTestId('file-input').setInputFiles(fixture('connection-refused.pcap'));
  await expect(page.getByTestId('packet-count')).toHaveText('6');
  await page.getByTestId('file-input').setInputFiles(fixture('g-stale-keepalive.pcap'));
  await expect(page.getByTestId('packet-count')).toHaveText('13');
  await page.screenshot({ path: testInfo.outputPath('summary.png'), fullPage: true });
});
