// A real drag-and-drop: the events a browser fires when a file is dragged over the window and
// dropped, carrying a DataTransfer built in the page from the fixture's bytes.
import { readFileSync } from 'node:fs';
import { expect, test } from './support/page-guard';
import { fixture } from './support/paths';

test('dropping a capture anywhere on the window opens it', async ({ page }) => {
  await page.goto('./');
  const bytes = readFileSync(fixture('g-stale-keepalive.pcap')).toString('base64');
  const dataTransfer = await page.evaluateHandle((b64) => {
    const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([data], 'dropped.pcap', { type: 'application/vnd.tcpdump.pcap' }));
    return dt;
  }, bytes);

  // Over the page heading, not a special zone: the whole window is the target.
  await page.dispatchEvent('h1', 'dragenter', { dataTransfer });
  const accepted = await page.evaluate((dt) => {
    const e = new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt });
    document.querySelector('h1')?.dispatchEvent(e);
    return e.defaultPrevented;
  }, dataTransfer);
  expect(accepted, 'dragover must be accepted, or the browser refuses the drop').toBe(true);
  await expect(page.getByText('Drop the capture to open it')).toBeVisible();

  await page.dispatchEvent('h1', 'drop', { dataTransfer });
  await expect(page.getByText('Drop the capture to open it')).toBeHidden();
  await expect(page.getByTestId('summary')).toContainText('dropped.pcap');
  await expect(page.getByTestId('packet-count')).toHaveText('13');
  await expect(page.getByTestId('flow-row')).toHaveCount(1);
  await expect(page.getByTestId('flow-row').first()).toHaveAttribute('data-stream', '0');
});

test('dragging across the page and out again leaves no overlay behind', async ({ page }) => {
  await page.goto('./');
  const dataTransfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['x'], 'x.pcap'));
    return dt;
  });
  await page.dispatchEvent('h1', 'dragenter', { dataTransfer });
  await page.dispatchEvent('.intro', 'dragenter', { dataTransfer });
  await page.dispatchEvent('h1', 'dragleave', { dataTransfer });
  await expect(page.getByText('Drop the capture to open it')).toBeVisible();
  await page.dispatchEvent('.intro', 'dragleave', { dataTransfer });
  await expect(page.getByText('Drop the capture to open it')).toBeHidden();
});
