// Every scenario capture in e2e/fixtures (copies of ../shared/scenarios, see fixtures/README.md),
// opened through the file input and through a real drag-and-drop: the page lists the same TCP
// connections with the same diagnoses, counts and headline as the command's JSON for that file
// (`wirelens analyze FILE --json`, the same core in Node).
import { readdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { analyze, tcpFlows } from './support/cli';
import { allFlowRows } from './support/flow-rows';
import { openWithDrop, openWithInput } from './support/open';
import { expect, test } from './support/page-guard';
import { fixture, fixturesDir } from './support/paths';

const captures = readdirSync(fixturesDir).filter((f) => f.endsWith('.pcap'));

async function expectSameAsCommand(page: Page, name: string): Promise<void> {
  const cli = analyze(fixture(name));
  await expect(page.getByTestId('summary')).toBeVisible();
  await expect(page.getByTestId('packet-count')).toHaveText(cli.packets.toLocaleString('en-US'));
  await expect(page.getByTestId('headline')).toHaveText(cli.summary.headline);
  const expected = tcpFlows(cli).map((f) => ({ stream: f.stream, diagnosis: f.diagnosis }));
  await expect.poll(() => allFlowRows(page)).toEqual(expected);
  const chips = page.getByTestId('diagnosis-chip');
  await expect(chips).toHaveCount(Object.keys(cli.summary.counts).length);
  for (const [label, n] of Object.entries(cli.summary.counts)) {
    await expect(page.locator(`[data-testid="diagnosis-chip"][data-label="${label}"]`)).toContainText(
      String(n),
    );
  }
  const idle = page.getByTestId('idle-timeout');
  await expect(idle).toHaveCount(cli.summary.idleTimeouts.length);
  for (const [i, e] of cli.summary.idleTimeouts.entries()) await expect(idle.nth(i)).toHaveText(e.text);
  // The first connection in the list (the worst) is shown with its ladder.
  const first = page.getByTestId('flow-row').first();
  await expect(page.getByTestId('ladder')).toHaveAttribute(
    'data-stream',
    (await first.getAttribute('data-stream')) ?? '',
  );
}

for (const name of captures) {
  test(`${name} through the file input: connections and diagnoses as the command gives them`, async ({
    page,
  }) => {
    await page.goto('./');
    await openWithInput(page, fixture(name));
    await expectSameAsCommand(page, name);
  });

  test(`${name} through drag-and-drop: connections and diagnoses as the command gives them`, async ({
    page,
  }) => {
    await page.goto('./');
    await openWithDrop(page, fixture(name));
    await expect(page.getByTestId('summary')).toContainText(name);
    await expectSameAsCommand(page, name);
  });
}

test('a diagnosis chip filters the list, and the filter box finds by port and diagnosis', async ({
  page,
}) => {
  const name = 'l-server-crash.pcap';
  const cli = analyze(fixture(name));
  await page.goto('./');
  await openWithInput(page, fixture(name));
  const rows = page.getByTestId('flow-row');
  await expect(rows).toHaveCount(tcpFlows(cli).length);
  const [label, n] = Object.entries(cli.summary.counts)[0] ?? ['', 0];
  const chip = page.locator(`[data-testid="diagnosis-chip"][data-label="${label}"]`);
  await chip.click();
  await expect(chip).toHaveAttribute('aria-pressed', 'true');
  await expect(rows).toHaveCount(n);
  await chip.click();
  await expect(rows).toHaveCount(tcpFlows(cli).length);

  const target = tcpFlows(cli)[1]!;
  const port = target.client.split(':').pop();
  await page.getByTestId('flow-filter').fill(`port:${port}`);
  await expect(rows).toHaveCount(
    tcpFlows(cli).filter((f) => f.client.endsWith(`:${port}`) || f.server.endsWith(`:${port}`)).length,
  );
  await expect(rows.first()).toHaveAttribute('data-stream', String(target.stream));
  await page.getByTestId('flow-filter').fill('no-such-connection');
  await expect(rows).toHaveCount(0);
});
