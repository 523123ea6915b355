// Renders the dev harness (harness.tsx) in headless Chromium and saves screenshots of ladders, for
// checking the drawing by eye. Bundles with esbuild into a temp folder and serves it through
// Playwright's request routing (no server, no files written in the repo).
//   node src/ui/diagram/dev/screenshot.mjs [outDir]
// Uses /usr/bin/chromium (PLAYWRIGHT_CHROMIUM overrides) and ../shared/scenarios for the captures.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../../..');
const scenarios = path.resolve(repo, '../shared/scenarios');
const outDir = path.resolve(process.argv[2] ?? path.join(tmpdir(), 'wirelens-ladder'));
const site = path.join(outDir, 'site');
mkdirSync(site, { recursive: true });

await build({
  entryPoints: [path.join(here, 'harness.tsx')],
  bundle: true,
  format: 'esm',
  jsx: 'automatic',
  outdir: site,
  define: { 'process.env.NODE_ENV': '"development"' },
  logLevel: 'warning',
});
writeFileSync(
  path.join(site, 'index.html'),
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ladder</title>' +
    '<link rel="stylesheet" href="harness.css"><style>body{margin:0;background:#f8fafc;color:#0f172a}' +
    '@media (prefers-color-scheme: dark){body{background:#0b1120;color:#e2e8f0}}</style></head><body>' +
    '<div id="root"></div><script type="module" src="harness.js"></script></body></html>',
);

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const browser = await chromium.launch({
  executablePath: process.env.PLAYWRIGHT_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.on('console', (m) => {
  if (m.type() === 'error' || m.type() === 'warning') console.log(`[page ${m.type()}] ${m.text()}`);
});
page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));
await page.route('http://ladder.local/**', (route) => {
  const url = new URL(route.request().url());
  const file = url.pathname.startsWith('/scenarios/')
    ? path.join(scenarios, url.pathname.slice('/scenarios/'.length))
    : path.join(site, url.pathname);
  try {
    const body = readFileSync(file);
    route.fulfill({ body, contentType: TYPES[path.extname(file)] ?? 'application/octet-stream' });
  } catch {
    route.fulfill({ status: 404, body: 'not found' });
  }
});

const shots = [
  { name: 'g-stale-keepalive', query: 'capture=/scenarios/g-stale-keepalive/capture.pcap&frame=12' },
  { name: 'f-keepalive-race', query: 'capture=/scenarios/f-keepalive-race/capture.pcap&frame=13' },
  { name: 'n-zero-window', query: 'capture=/scenarios/n-zero-window/capture.pcap&frame=14&height=700' },
  { name: 'm-retransmission-timeout', query: 'capture=/scenarios/m-retransmission-timeout/capture.pcap' },
  { name: 'connection-refused', query: 'capture=/scenarios/connection-refused/capture.pcap' },
  { name: 'k-close-wait-leak', query: 'capture=/scenarios/k-close-wait-leak/capture.pcap&stream=3' },
];
for (const s of shots) {
  await page.goto(`http://ladder.local/index.html?${s.query}`);
  await page.waitForSelector('[data-testid="ladder"] [data-testid="packet"]');
  const count = await page.locator('[data-testid="packet"]').count();
  const gaps = await page
    .locator('[data-testid="idle-gap"]')
    .evaluateAll((e) => e.map((x) => x.getAttribute('data-seconds')));
  const file = path.join(outDir, `${s.name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`${s.name}: ${count} packet arrows in the DOM, idle gaps ${JSON.stringify(gaps)} -> ${file}`);
}

// dark colour scheme
await page.emulateMedia({ colorScheme: 'dark' });
await page.goto('http://ladder.local/index.html?capture=/scenarios/g-stale-keepalive/capture.pcap&frame=12');
await page.waitForSelector('[data-testid="packet"]');
await page.screenshot({ path: path.join(outDir, 'g-stale-keepalive-dark.png') });
await page.emulateMedia({ colorScheme: 'light' });

// interaction: click selects, the harness's ← / → move aria-current, + and ctrl-wheel zoom
{
  await page.goto('http://ladder.local/index.html?capture=/scenarios/g-stale-keepalive/capture.pcap');
  await page.waitForSelector('[data-testid="packet"]');
  const current = () => page.locator('[aria-current="step"]').getAttribute('data-frame');
  await page.locator('[data-testid="packet"][data-frame="10"] .ladder-shaft').click({ force: true });
  const afterClick = await current();
  await page.keyboard.press('ArrowRight');
  const afterRight = await current();
  const zoomBefore = await page.locator('.ladder-zoom-level').textContent();
  await page.locator('.ladder-scroll').focus();
  await page.keyboard.press('+');
  const zoomPlus = await page.locator('.ladder-zoom-level').textContent();
  const box = await page.locator('.ladder-scroll').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -120);
  await page.keyboard.up('Control');
  await page.waitForTimeout(100);
  const zoomWheel = await page.locator('.ladder-zoom-level').textContent();
  const flags = await page
    .locator('[data-testid="packet"]')
    .evaluateAll((e) =>
      e.map(
        (x) =>
          `${x.getAttribute('data-frame')}:${x.getAttribute('data-dir')}:${x.getAttribute('data-flags')}`,
      ),
    );
  console.log(
    `interaction: click→${afterClick}, ArrowRight→${afterRight}, zoom ${zoomBefore} → + ${zoomPlus} → ctrl-wheel ${zoomWheel}`,
  );
  console.log(`g packets: ${flags.join(' ')}`);
  await page.screenshot({ path: path.join(outDir, 'g-zoomed.png') });
}

// capture text is text: markup in an HTTP request line must not become elements or run
{
  await page.goto('http://ladder.local/index.html?markup=1');
  await page.waitForSelector('[data-testid="packet"]');
  const r = await page.evaluate(() => ({
    elements: document.querySelectorAll('[data-testid="ladder"] img, [data-testid="ladder"] script').length,
    pwned: window.pwned ?? null,
    text: document.querySelector('[data-testid="packet"][data-frame="2"] .ladder-http')?.textContent ?? '',
  }));
  console.log(
    `markup: ${r.elements} img/script elements, pwned=${r.pwned}, drawn as text: ${JSON.stringify(r.text)}`,
  );
}

// 1 M packets: only the visible window is in the DOM, scrolling redraws within a frame
await page.goto('http://ladder.local/index.html?synthetic=1000000');
await page.waitForSelector('[data-testid="packet"]', { timeout: 60_000 });
const scroll = page.locator('.ladder-scroll');
const stats = await scroll.evaluate(async (el) => {
  const longTasks = [];
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) longTasks.push(Math.round(e.duration));
  }).observe({ type: 'longtask' });
  const frames = [];
  for (let k = 1; k <= 40; k++) {
    const t = performance.now();
    el.scrollTop = (el.scrollHeight * k) / 41;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    frames.push(performance.now() - t);
  }
  const zoomStart = performance.now();
  document.querySelectorAll('.ladder-zoom button')[1].click();
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const zoomMs = performance.now() - zoomStart;
  await new Promise((r) => setTimeout(r, 100));
  return {
    packets: document.querySelectorAll('[data-testid="packet"]').length,
    frames: frames.sort((a, b) => a - b),
    zoomMs,
    longTasks,
  };
});
await page.screenshot({ path: path.join(outDir, 'synthetic-1m.png') });
console.log(
  `synthetic 1M: ${stats.packets} packet arrows in the DOM; scroll-to-paint median ${stats.frames[20].toFixed(1)} ms, max ${stats.frames[39].toFixed(1)} ms; ` +
    `zoom step ${stats.zoomMs.toFixed(0)} ms; long tasks ${JSON.stringify(stats.longTasks)}`,
);
await browser.close();
