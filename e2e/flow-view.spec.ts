// The selected connection: its ladder against the command's per-packet JSON (`--packets`, which the
// CLI tests check against tshark), the finding's evidence links, stepping with keys and buttons, the
// packet details, and the URL hash that brings the view back after a reload.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { analyze, tcpFlows } from './support/cli';
import { openWithInput } from './support/open';
import { expect, test } from './support/page-guard';
import { fixture } from './support/paths';

const STALE = fixture('g-stale-keepalive.pcap');

test('the ladder of the reset connection has one arrow per frame, with RST, FIN and the idle gaps', async ({
  page,
}) => {
  const flow = tcpFlows(analyze(STALE))[0]!;
  await page.goto('./');
  await openWithInput(page, STALE);
  const ladder = page.locator(`[data-testid="ladder"][data-stream="${flow.stream}"]`);
  await expect(ladder).toBeVisible();
  const packets = ladder.getByTestId('packet');
  await expect(packets).toHaveCount(flow.packetsClientToServer + flow.packetsServerToClient);
  const shown = await packets.evaluateAll((els) =>
    els.map((e) => ({
      frame: Number(e.getAttribute('data-frame')),
      dir: e.getAttribute('data-dir'),
      flags: e.getAttribute('data-flags'),
    })),
  );
  expect(shown).toEqual(flow.packets!.map((p) => ({ frame: p.frame, dir: p.dir, flags: p.flags })));
  const rst = flow.packets!.filter((p) => p.flags.includes('RST'));
  const fin = flow.packets!.filter((p) => p.flags.includes('FIN'));
  expect(rst.length).toBeGreaterThan(0);
  expect(fin.length).toBeGreaterThan(0);
  for (const p of [...rst, ...fin]) {
    await expect(ladder.locator(`[data-testid="packet"][data-frame="${p.frame}"]`)).toHaveAttribute(
      'data-flags',
      p.flags,
    );
  }
  const gaps = ladder.getByTestId('idle-gap');
  await expect(gaps).toHaveCount(flow.idleGaps!.length);
  for (const [i, g] of flow.idleGaps!.entries()) {
    await expect(gaps.nth(i)).toHaveAttribute('data-seconds', g.seconds.toFixed(3));
    await expect(gaps.nth(i)).toContainText(g.seconds.toFixed(3));
  }
});

test('each evidence link of the finding moves the current step to its frame', async ({ page }) => {
  const cli = analyze(STALE);
  const finding = cli.findings[0]!;
  await page.goto('./');
  await openWithInput(page, STALE);
  const card = page.locator(`[data-testid="finding"][data-rule="${finding.rule}"]`);
  await expect(card).toContainText(finding.title);
  await expect(card).toContainText(finding.explanation.slice(0, 80));
  const links = card.getByTestId('evidence-frame');
  await expect(links).toHaveCount(Object.keys(finding.keyFrames).length);
  for (const frame of Object.values(finding.keyFrames)) {
    await card.locator(`[data-testid="evidence-frame"][data-frame="${frame}"]`).click();
    await expect(page.locator('[data-testid="packet"][aria-current="step"]')).toHaveAttribute(
      'data-frame',
      String(frame),
    );
    await expect(page.getByTestId('packet-details')).toHaveAttribute('data-frame', String(frame));
    await expect(page).toHaveURL(new RegExp(`#stream=0&frame=${frame}$`));
  }
});

test('evidence in another connection selects that connection', async ({ page }) => {
  const file = fixture('l-server-crash.pcap');
  const cli = analyze(file);
  const flows = tcpFlows(cli);
  const streamOf = (frame: number) => flows.find((f) => f.packets!.some((p) => p.frame === frame))!.stream;
  const crash = cli.findings.find((f) => f.streams.length > 1)!;
  await page.goto('./');
  await openWithInput(page, file);
  const card = page.locator(`[data-testid="finding"][data-rule="${crash.rule}"]`).first();
  const frames = Object.values(crash.keyFrames);
  // The capture-wide finding cites packets of several connections.
  expect(new Set(frames.map(streamOf)).size).toBeGreaterThan(1);
  for (const frame of frames) {
    await card.locator(`[data-testid="evidence-frame"][data-frame="${frame}"]`).click();
    await expect(page.getByTestId('ladder')).toHaveAttribute('data-stream', String(streamOf(frame)));
    await expect(page.locator('[data-testid="packet"][aria-current="step"]')).toHaveAttribute(
      'data-frame',
      String(frame),
    );
    await expect(page.locator(`[data-testid="flow-row"][data-stream="${streamOf(frame)}"]`)).toHaveAttribute(
      'aria-selected',
      'true',
    );
  }
});

test('← and → step through the packets; Home, End, the buttons and Play do too', async ({ page }) => {
  const flow = tcpFlows(analyze(STALE))[0]!;
  const frames = flow.packets!.map((p) => p.frame);
  await page.goto('./');
  await openWithInput(page, STALE);
  const current = page.locator('[data-testid="packet"][aria-current="step"]');
  const details = page.getByTestId('packet-details');
  await expect(current).toHaveAttribute('data-frame', String(frames[0]));
  await page.keyboard.press('ArrowRight');
  await expect(current).toHaveAttribute('data-frame', String(frames[1]));
  await expect(details).toHaveAttribute('data-frame', String(frames[1]));
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(current).toHaveAttribute('data-frame', String(frames[3]));
  await page.keyboard.press('ArrowLeft');
  await expect(current).toHaveAttribute('data-frame', String(frames[2]));
  await expect(details).toHaveAttribute('data-frame', String(frames[2]));
  const p = flow.packets![2]!;
  await expect(details.getByTestId('detail-flags')).toHaveText(p.flags);
  await expect(details.getByTestId('detail-seq')).toHaveText(String(p.seq));
  await expect(details.getByTestId('detail-ack')).toHaveText(String(p.ack));
  await expect(details.getByTestId('detail-client-state')).toHaveText(p.clientState);
  await expect(details.getByTestId('detail-server-state')).toHaveText(p.serverState);
  await page.keyboard.press('End');
  await expect(current).toHaveAttribute('data-frame', String(frames.at(-1)));
  await expect(page.getByTestId('step-next')).toBeDisabled();
  await page.getByTestId('step-prev').click();
  await expect(details).toHaveAttribute('data-frame', String(frames.at(-2)));
  await page.keyboard.press('Home');
  await expect(details).toHaveAttribute('data-frame', String(frames[0]));
  await page.getByTestId('step-next').click();
  await expect(details).toHaveAttribute('data-frame', String(frames[1]));

  await page.getByTestId('play-speed').selectOption('25');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'true');
  await expect(details).toHaveAttribute('data-frame', String(frames.at(-1)), { timeout: 5000 });
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
});

test('the packet details show the request line and its first bytes as text and hex', async ({ page }) => {
  const cli = analyze(STALE);
  const request = cli.findings[0]!.keyFrames.request!;
  await page.goto('./');
  await openWithInput(page, STALE);
  await page.locator(`[data-testid="evidence-frame"][data-frame="${request}"]`).click();
  const details = page.getByTestId('packet-details');
  await expect(details.getByTestId('detail-http')).toHaveText(/^GET \/g\/2 HTTP\/1\.1$/);
  // tshark -r g-stale-keepalive.pcap -Y frame.number==12 -T fields -e tcp.payload starts 474554202f672f32
  await expect(details.getByTestId('payload-text')).toContainText('GET /g/2 HTTP/1.1\\r\\n');
  await expect(details.getByTestId('payload-hex')).toContainText('0000  47 45 54 20 2f 67 2f 32');
});

test('payload bytes are read again from a compressed capture too', async ({ page }) => {
  const buffer = gzipSync(readFileSync(STALE));
  await page.goto('./');
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'stale.pcap.gz', mimeType: 'application/gzip', buffer });
  await page.locator('[data-testid="evidence-frame"][data-name="request"]').click();
  await expect(page.getByTestId('payload-hex')).toContainText('0000  47 45 54 20 2f 67 2f 32');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  // Frame 9 is a bare ACK: no payload, no bytes to show.
  await expect(page.getByTestId('packet-details')).toHaveAttribute('data-frame', '9');
  await expect(page.getByTestId('payload')).toHaveCount(0);
  await page.keyboard.press('ArrowLeft');
  // Frame 8, the response body (tshark: tcp.payload 68656c6c6f2066726f6d202f672f310a = "hello from /g/1\n").
  await expect(page.getByTestId('payload-text')).toContainText('hello from /g/1\\n');
});

test('the URL hash holds stream and frame, and reloading then opening the same file restores them', async ({
  page,
}) => {
  const file = fixture('l-server-crash.pcap');
  const flows = tcpFlows(analyze(file));
  const target = flows[3]!;
  const frame = target.packets![2]!.frame;
  await page.goto('./');
  await openWithInput(page, file);
  await page.locator(`[data-testid="flow-row"][data-stream="${target.stream}"]`).click();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('packet-details')).toHaveAttribute('data-frame', String(frame));
  await expect(page).toHaveURL(new RegExp(`#stream=${target.stream}&frame=${frame}$`));
  const historyLength = await page.evaluate(() => history.length);

  await page.reload();
  await expect(page).toHaveURL(new RegExp(`#stream=${target.stream}&frame=${frame}$`));
  await openWithInput(page, file);
  await expect(page.getByTestId('ladder')).toHaveAttribute('data-stream', String(target.stream));
  await expect(page.locator('[data-testid="packet"][aria-current="step"]')).toHaveAttribute(
    'data-frame',
    String(frame),
  );
  await expect(page.getByTestId('packet-details')).toHaveAttribute('data-frame', String(frame));
  await expect(page.locator(`[data-testid="flow-row"][data-stream="${target.stream}"]`)).toHaveAttribute(
    'aria-selected',
    'true',
  );
  // Moving replaced the history entry instead of adding one per step.
  expect(await page.evaluate(() => history.length)).toBe(historyLength);
});

test('a link with a hash opens that packet of the capture it is opened with', async ({ page }) => {
  const file = fixture('k-close-wait-leak.pcap');
  const flow = tcpFlows(analyze(file))[17]!;
  const frame = flow.packets!.at(-1)!.frame;
  await page.goto(`./#stream=${flow.stream}&frame=${frame}`);
  await openWithInput(page, file);
  await expect(page.getByTestId('packet-details')).toHaveAttribute('data-frame', String(frame));
  // The list scrolled to show the selected connection.
  await expect(page.locator(`[data-testid="flow-row"][data-stream="${flow.stream}"]`)).toBeInViewport();
});

test('the fix is shown for the client library chosen, and the choice is remembered', async ({ page }) => {
  const cli = analyze(STALE);
  const fix = (cli.findings[0] as unknown as { fixes: { library: string; name: string; text: string }[] })
    .fixes;
  const go = fix.find((f) => f.library === 'go')!;
  await page.goto('./');
  await openWithInput(page, STALE);
  const card = page.getByTestId('finding').first();
  await card.getByTestId('fix-library').selectOption('go');
  await expect(card.getByTestId('fix-text')).toHaveText(go.text);
  await page.reload();
  await openWithInput(page, STALE);
  await expect(page.getByTestId('fix-library').first()).toHaveValue('go');
  await expect(page.getByTestId('fix-text').first()).toHaveText(go.text);
});
