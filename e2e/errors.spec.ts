// Bad input is explained in plain words, naming the file; packets before a fault stay visible.
import { readFileSync } from 'node:fs';
import { expect, test } from './support/page-guard';
import { fixture } from './support/paths';

// The first bytes of a PNG file (signature + IHDR), then filler: clearly not a capture.
const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61', 'hex'),
  Buffer.alloc(200, 7),
]);

test('a file that is not a capture gets a plain-words error naming it', async ({ page }) => {
  await page.goto('./');
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'holiday.png', mimeType: 'image/png', buffer: PNG });
  const error = page.getByTestId('load-error');
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute('role', 'alert');
  await expect(error).toContainText('“holiday.png” is not a packet capture.');
  await expect(error).toContainText(/PNG/);
  await expect(page.getByTestId('summary')).toHaveCount(0);
  // The user can go straight on with another file.
  await page.getByTestId('file-input').setInputFiles(fixture('g-stale-keepalive.pcap'));
  await expect(page.getByTestId('packet-count')).toHaveText('13');
  await expect(page.getByTestId('load-error')).toHaveCount(0);
});

test('a capture cut short keeps every complete packet and warns where it ends', async ({ page }) => {
  await page.goto('./');
  const whole = readFileSync(fixture('g-stale-keepalive.pcap'));
  // Cut 10 bytes into... the end of the last record: tshark then shows frames 1-12 and reports the cut.
  const buffer = whole.subarray(0, whole.length - 10);
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'cut.pcap', mimeType: 'application/octet-stream', buffer });
  await expect(page.getByTestId('packet-count')).toHaveText('12');
  const warning = page.getByTestId('warning');
  await expect(warning).toHaveCount(1);
  await expect(warning).toHaveAttribute('data-frame', '13');
  await expect(warning).toContainText('frame 13');
});
