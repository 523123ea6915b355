// The README's screenshots, taken from the production build by the e2e run (so they show what the
// page really does): a stale keep-alive reuse with the reused request selected, and a refused
// connection. Written to docs/screenshots/.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openWithInput } from './support/open';
import { expect, test } from './support/page-guard';
import { fixture } from './support/paths';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/screenshots');

// bypassCSP: Playwright hides the read time with an injected <style>, which the page's policy
// (style-src 'self') rightly refuses; the policy itself is tested in csp.spec.ts.
test.use({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', bypassCSP: true });

/** The read time differs on every run; hidden so the committed pictures change only when the page does. */
const STABLE = '[data-testid="read-in"] { visibility: hidden; }';

test('screenshot: stale keep-alive reuse', async ({ page }) => {
  await page.goto('./');
  await openWithInput(page, fixture('g-stale-keepalive.pcap'));
  await page.locator('[data-testid="evidence-frame"][data-name="request"]').click();
  await expect(page.locator('[data-testid="packet"][aria-current="step"]')).toHaveAttribute(
    'data-frame',
    '12',
  );
  await expect(page.getByTestId('payload-hex')).toBeVisible();
  await page.getByTestId('diagnosis-panel').evaluate((el) => {
    el.scrollTop = 0;
  });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(out, 'stale-keepalive-reuse.png'), fullPage: true, style: STABLE });
});

test('screenshot: connection refused', async ({ page }) => {
  await page.goto('./');
  await openWithInput(page, fixture('connection-refused.pcap'));
  await page.locator('[data-testid="evidence-frame"][data-name="rst"]').click();
  await expect(page.getByTestId('finding').first()).toContainText('RST');
  await page.getByTestId('diagnosis-panel').evaluate((el) => {
    el.scrollTop = 0;
  });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(out, 'connection-refused.png'), fullPage: true, style: STABLE });
});
