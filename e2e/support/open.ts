// Two ways into the page: the file input, and a real drag-and-drop (the events a browser fires when a
// file is dragged over the window and dropped, carrying a DataTransfer built in the page from the
// file's bytes).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';

export async function openWithInput(page: Page, file: string): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(file);
}

export async function openWithDrop(page: Page, file: string, name = path.basename(file)): Promise<void> {
  const bytes = readFileSync(file).toString('base64');
  const dataTransfer = await page.evaluateHandle(
    ({ b64, name }) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], name, { type: 'application/vnd.tcpdump.pcap' }));
      return dt;
    },
    { b64: bytes, name },
  );
  await page.dispatchEvent('h1', 'dragenter', { dataTransfer });
  await page.dispatchEvent('h1', 'dragover', { dataTransfer });
  await page.dispatchEvent('h1', 'drop', { dataTransfer });
}
