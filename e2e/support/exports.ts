// Helpers for the export tests: the example index, opening an example from the landing page, choosing
// a connection in the list, and taking one entry of the Export menu as a download.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect } from './page-guard';
import { fixturesDir } from './paths';

export const repoDir = path.resolve(fixturesDir, '../..');
export const examplesDir = path.join(repoDir, 'public/examples');

export interface ExampleEntry {
  id: string;
  file: string;
  frames: number;
  flows: { stream: number; diagnosis: string }[];
}

export function exampleIndex(): ExampleEntry[] {
  const index = JSON.parse(readFileSync(path.join(examplesDir, 'index.json'), 'utf8')) as {
    examples: ExampleEntry[];
  };
  return index.examples;
}

/** Opens an example by clicking it on the landing page (the page must be on the landing page). */
export async function openExample(page: Page, id: string): Promise<void> {
  await page.locator(`[data-testid="example"][data-example="${id}"]`).click();
  await expect(page.getByTestId('flow-view')).toBeVisible();
}

/** Selects the connection with Wireshark stream number `stream` in the list. */
export async function selectStream(page: Page, stream: number): Promise<void> {
  await page.locator(`[data-testid="flow-row"][data-stream="${stream}"]`).click();
  await expect(page.getByTestId('flow-view')).toHaveAttribute('data-stream', String(stream));
}

export interface Downloaded {
  name: string;
  bytes: Buffer;
}

/** Chooses Export → `kind` and returns the file the page offers. */
export async function exportDownload(page: Page, kind: string): Promise<Downloaded> {
  await page.getByTestId('export-button').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(`export-${kind}`).click(),
  ]);
  const file = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(file) };
}
