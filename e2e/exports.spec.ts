// The Export menu of the selected connection, checked from outside the page:
// - the Mermaid sequence diagram of every connection of every example parses with the `mermaid`
//   package (in this Node process, on the exact text the page saved) and carries a note for each
//   side's first FIN and RST at the frame tshark shows it (via the command's per-packet JSON);
// - the connection's capture file holds the frames `tshark -Y "tcp.stream eq N"` selects in the
//   original (count, times, seq, flags, lengths, link type) and opens in Wirelens again as the same
//   connection;
// - the SVG and PNG pictures are produced (well-formed SVG with the legend and one arrow per packet,
//   PNG signature and size);
// - the Markdown report is the one `wirelens analyze --format markdown` writes, in either language;
// - the Wireshark filter is copied, and the menu works from the keyboard.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import mermaid from 'mermaid';
import { analyze, type CliFlow, tcpFlows } from './support/cli';
import {
  exampleIndex,
  examplesDir,
  exportDownload,
  openExample,
  repoDir,
  selectStream,
} from './support/exports';
import { openWithInput } from './support/open';
import { expect, test } from './support/page-guard';
import { fixture } from './support/paths';

const TSHARK = '/usr/bin/tshark';
const work = mkdtempSync(path.join(tmpdir(), 'wirelens-exports-'));

async function setLanguage(page: Page, lang: 'en' | 'zh-CN'): Promise<void> {
  await page.getByTestId('language').selectOption(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

/** Each side's first packet with `flag`, as the note names it. */
function firstWith(flow: CliFlow, flag: string): { side: 'Client' | 'Server'; frame: number }[] {
  const out: { side: 'Client' | 'Server'; frame: number }[] = [];
  for (const dir of ['c2s', 's2c'] as const) {
    const p = flow.packets?.find((x) => x.dir === dir && x.flags.split(',').includes(flag));
    if (p) out.push({ side: dir === 'c2s' ? 'Client' : 'Server', frame: p.frame });
  }
  return out;
}

for (const example of exampleIndex()) {
  test(`Mermaid export of every connection of “${example.id}” parses and notes FIN and RST`, async ({
    page,
  }) => {
    const cli = analyze(path.join(examplesDir, example.file));
    await page.goto('./');
    await openExample(page, example.id);
    for (const lang of ['en', 'zh-CN'] as const) {
      await setLanguage(page, lang);
      for (const flow of tcpFlows(cli)) {
        await selectStream(page, flow.stream);
        const { name, bytes } = await exportDownload(page, 'mermaid-save');
        expect(name).toMatch(new RegExp(`-tcp-stream-${flow.stream}\\.mmd$`));
        const text = bytes.toString('utf8');
        expect(text.startsWith('sequenceDiagram\n')).toBe(true);
        await expect(
          mermaid.parse(text),
          `${example.id} stream ${flow.stream} ${lang}`,
        ).resolves.toMatchObject({
          diagramType: 'sequence',
        });
        const notes = text.split('\n').filter((l) => l.trimStart().startsWith('Note over '));
        for (const flag of ['FIN', 'RST']) {
          for (const { side, frame } of firstWith(flow, flag)) {
            const frameWord = lang === 'en' ? `frame ${frame}` : `包 ${frame}`;
            const note = notes.find(
              (l) => l.includes(`Note over ${side}:`) && l.includes(flag) && l.includes(frameWord),
            );
            expect(
              note,
              `${flag} note of ${side} at ${frameWord} in ${example.id} stream ${flow.stream}`,
            ).toBeTruthy();
          }
        }
        // every message names a frame of this connection, once, in order
        const frames = [...text.matchAll(/[(（](?:frame|包) (\d+)[)）]$/gm)].map((m) => Number(m[1]));
        const own = flow.packets?.map((p) => p.frame) ?? [];
        expect(frames.every((f) => own.includes(f))).toBe(true);
        expect([...frames].sort((a, b) => a - b)).toEqual(frames);
      }
    }
  });
}

test('the copied Mermaid text is the saved one', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('./');
  await openExample(page, 'keepalive-race');
  const saved = (await exportDownload(page, 'mermaid-save')).bytes.toString('utf8');
  await page.getByTestId('export-button').click();
  await page.getByTestId('export-mermaid-copy').click();
  await expect(page.getByTestId('export-status')).toContainText('Mermaid');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(saved);
});

const TSHARK_FIELDS = [
  'frame.time_epoch',
  'frame.len',
  'frame.cap_len',
  'tcp.seq_raw',
  'tcp.ack_raw',
  'tcp.flags',
];

function tsharkRows(file: string, filter?: string): string[] {
  const args = ['-r', file, '-T', 'fields', ...TSHARK_FIELDS.flatMap((f) => ['-e', f])];
  if (filter) args.push('-Y', filter);
  return execFileSync(TSHARK, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    .trim()
    .split('\n');
}

/** Link type of a classic pcap file (the global header's last field, in the file's byte order). */
function pcapLinkType(bytes: Buffer): number {
  const le = bytes.readUInt32LE(0) === 0xa1b2c3d4 || bytes.readUInt32LE(0) === 0xa1b23c4d;
  return le ? bytes.readUInt32LE(20) : bytes.readUInt32BE(20);
}

const PCAP_CASES: [string, string][] = [
  [path.join(examplesDir, 'nginx-502-upstream-refused.pcap'), 'nginx 502, four connections on loopback'],
  [fixture('l-server-crash-any.pcap'), 'Linux cooked capture (tcpdump -i any)'],
];

for (const [original, what] of PCAP_CASES) {
  test(`the pcap export of each connection re-opens in tshark and in Wirelens: ${what}`, async ({ page }) => {
    test.skip(!existsSync(TSHARK), 'tshark is not installed at /usr/bin/tshark');
    const flows = tcpFlows(analyze(original));
    const originalBytes = readFileSync(original);
    for (const flow of flows) {
      await page.goto('./');
      await openWithInput(page, original);
      await selectStream(page, flow.stream);
      const { name, bytes } = await exportDownload(page, 'pcap');
      expect(name).toBe(`${path.basename(original, '.pcap')}-tcp-stream-${flow.stream}.pcap`);
      const out = path.join(work, name);
      writeFileSync(out, bytes);
      // tshark: the same frames, in the same order, with the same times, lengths, seq, ack and flags
      const want = tsharkRows(original, `tcp.stream eq ${flow.stream}`);
      expect(want.length).toBe(flow.packets?.length);
      expect(tsharkRows(out)).toEqual(want);
      expect(pcapLinkType(bytes)).toBe(pcapLinkType(originalBytes));
      // Wirelens: one connection with the same packets (renumbered from frame 1)
      await openWithInput(page, out);
      await expect(page.getByTestId('flow-row')).toHaveCount(1);
      const packets = page.getByTestId('ladder').getByTestId('packet');
      await expect(packets).toHaveCount(flow.packets?.length ?? 0);
      const shown = await packets.evaluateAll((els) =>
        els.map((e) => `${e.getAttribute('data-dir')} ${e.getAttribute('data-flags')}`),
      );
      expect(shown).toEqual(flow.packets?.map((p) => `${p.dir} ${p.flags}`));
    }
  });
}

test('the ladder exports as an SVG picture with its legend and as a PNG', async ({ page }) => {
  const cli = analyze(path.join(examplesDir, 'stale-keepalive-reuse.pcap'));
  const flow = tcpFlows(cli)[0]!;
  await page.goto('./');
  await openExample(page, 'stale-keepalive-reuse');
  for (const lang of ['en', 'zh-CN'] as const) {
    await setLanguage(page, lang);
    const svg = await exportDownload(page, 'svg');
    expect(svg.name).toBe('stale-keepalive-reuse-tcp-stream-0.svg');
    const text = svg.bytes.toString('utf8');
    expect(text.startsWith('<?xml')).toBe(true);
    // parsed by the browser's XML parser, as a standalone file would be
    const facts = await page.evaluate((source) => {
      const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
      const root = doc.documentElement;
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: root.localName,
        ns: root.namespaceURI,
        width: Number(root.getAttribute('width')),
        legend: [...doc.querySelectorAll('.ladder-picture-legend-text')].map((t) => t.textContent),
        frames: [...doc.querySelectorAll('.ladder-packet[data-frame]')].map((g) =>
          Number(g.getAttribute('data-frame')),
        ),
        styleAttributes: doc.querySelectorAll('[style]').length,
      };
    }, text);
    expect(facts.error).toBeNull();
    expect(facts).toMatchObject({ root: 'svg', ns: 'http://www.w3.org/2000/svg', styleAttributes: 0 });
    const legend = await page.locator('.ladder-legend li').allTextContents();
    expect(facts.legend).toEqual(legend);
    expect(facts.frames).toEqual(flow.packets!.map((p) => p.frame));
    const png = await exportDownload(page, 'png');
    expect(png.name).toBe('stale-keepalive-reuse-tcp-stream-0.png');
    expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.bytes.toString('latin1', 12, 16)).toBe('IHDR');
    // drawn at twice the picture's size
    expect(png.bytes.readUInt32BE(16)).toBe(facts.width * 2);
  }
});

test('the Markdown report is the one the command writes, in the page’s language', async ({ page }) => {
  test.setTimeout(90_000);
  for (const example of exampleIndex().filter((e) =>
    ['upstream-refused-502', 'close-wait-leak'].includes(e.id),
  )) {
    await page.goto('./');
    await openExample(page, example.id);
    for (const lang of ['en', 'zh-CN'] as const) {
      await setLanguage(page, lang);
      const { name, bytes } = await exportDownload(page, 'markdown');
      expect(name).toBe(`${example.file.replace(/\.pcap$/, '')}-report${lang === 'en' ? '' : '.zh-CN'}.md`);
      const cli = execFileSync(
        'node',
        [
          path.join(repoDir, 'bin/wirelens.mjs'),
          'analyze',
          example.file,
          '--format',
          'markdown',
          '--lang',
          lang,
        ],
        { cwd: examplesDir, encoding: 'utf8' },
      );
      const report = bytes.toString('utf8');
      expect(report.trimEnd()).toBe(cli.trimEnd());
      const charts = [...report.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
      expect(charts.length).toBeGreaterThan(0);
      for (const c of charts) await expect(mermaid.parse(c)).resolves.toBeTruthy();
    }
  }
});

test('the Wireshark filter of the connection is copied and selects its packets', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const file = path.join(examplesDir, 'nginx-502-upstream-refused.pcap');
  const flow = tcpFlows(analyze(file)).find((f) => f.stream === 2)!;
  await page.goto('./');
  await openExample(page, 'upstream-refused-502');
  await selectStream(page, 2);
  await page.getByTestId('export-button').click();
  await expect(page.getByTestId('export-filter')).toContainText('tcp.stream eq 2');
  await page.getByTestId('export-filter').click();
  await expect(page.getByTestId('export-status')).toContainText('tcp.stream eq 2');
  const filter = await page.evaluate(() => navigator.clipboard.readText());
  expect(filter).toBe('tcp.stream eq 2');
  if (existsSync(TSHARK)) expect(tsharkRows(file, filter).length).toBe(flow.packets?.length);
});

test('the Export menu works from the keyboard', async ({ page }) => {
  await page.goto('./');
  await openExample(page, 'stale-keepalive-reuse');
  const button = page.getByTestId('export-button');
  await button.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByTestId('export-menu');
  await expect(menu).toBeVisible();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('export-svg')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('export-png')).toBeFocused();
  await page.keyboard.press('End');
  await expect(page.getByTestId('export-filter')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('export-svg')).toBeFocused();
  // ← → step through the packets elsewhere on the page, not inside the menu
  const current = page.locator('[data-testid="packet"][aria-current="step"]');
  await expect(current).toHaveAttribute('data-frame', '1');
  await page.keyboard.press('ArrowRight');
  await expect(current).toHaveAttribute('data-frame', '1');
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(button).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByTestId('export-filter')).toBeFocused();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.keyboard.press('Home').then(() => page.keyboard.press('Enter')),
  ]);
  expect(download.suggestedFilename()).toBe('stale-keepalive-reuse-tcp-stream-0.svg');
  await expect(page.getByTestId('export-status')).toHaveText(
    'Saved “stale-keepalive-reuse-tcp-stream-0.svg”.',
  );
});

/** A pcap of one connection of `n` data segments client → server (no handshake), 1 ms apart. */
function longFlowPcap(file: string, n: number): void {
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(65535, 16);
  head.writeUInt32LE(1, 20);
  const records = Buffer.alloc(n * (16 + 64));
  for (let i = 0; i < n; i++) {
    const o = i * 80;
    records.writeUInt32LE(1_700_000_000, o);
    records.writeUInt32LE(i * 1000, o + 4);
    records.writeUInt32LE(64, o + 8);
    records.writeUInt32LE(64, o + 12);
    const f = o + 16;
    records.writeUInt16BE(0x0800, f + 12);
    records.writeUInt8(0x45, f + 14);
    records.writeUInt16BE(50, f + 16);
    records.writeUInt8(64, f + 22);
    records.writeUInt8(6, f + 23);
    records.writeUInt32BE(0x0a000001, f + 26);
    records.writeUInt32BE(0x0a000002, f + 30);
    records.writeUInt16BE(40000, f + 34);
    records.writeUInt16BE(80, f + 36);
    records.writeUInt32BE(1000 + i * 10, f + 38);
    records.writeUInt32BE(5000, f + 42);
    records.writeUInt8(0x50, f + 46);
    records.writeUInt8(0x18, f + 47);
    records.writeUInt16BE(65535, f + 48);
  }
  writeFileSync(file, Buffer.concat([head, records]));
}

test('a long connection’s picture holds the documented number of packets around the current one', async ({
  page,
}) => {
  const file = path.join(work, 'long-flow.pcap');
  longFlowPcap(file, 3000);
  await page.goto('./');
  await openWithInput(page, file);
  await expect(page.getByTestId('flow-view')).toBeVisible();
  await page.getByTestId('step-last').click();
  await expect(page.getByTestId('packet-details')).toHaveAttribute('data-frame', '3000');
  const read = async (kind: string) => {
    const { bytes } = await exportDownload(page, kind);
    return bytes;
  };
  const svg = (await read('svg')).toString('utf8');
  const facts = await page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
    return {
      frames: [...doc.querySelectorAll('.ladder-packet[data-frame]')].map((g) =>
        Number(g.getAttribute('data-frame')),
      ),
      notes: [...doc.querySelectorAll('.ladder-picture-note')].map((t) => t.textContent).join(' '),
      height: Number(doc.documentElement.getAttribute('height')),
    };
  }, svg);
  // SVG_MAX_PACKETS (2000) arrows, ending with the current (last) packet
  expect(facts.frames.length).toBe(2000);
  expect(facts.frames.at(-1)).toBe(3000);
  expect(facts.notes).toContain('packets 1001–3000 of 3000');
  const png = await read('png');
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  // PNG_MAX_HEIGHT (8000 px) for the diagram, at most twice that in device pixels
  expect(png.readUInt32BE(20)).toBeLessThanOrEqual(2 * 8600);
});
