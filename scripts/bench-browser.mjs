#!/usr/bin/env node
// `npm run bench:browser [-- --sizes 1G,2G] [--runs N] [--build] [--dist DIR] [--profile] [--no-node] [--no-write]`
// The browser half of issue 7's benchmark: loads the generated mixed-HTTP captures through the file
// input of the production page in headless Chromium (playwright.bench.config.ts, e2e/bench/), compares
// with the Node whole analysis of the same files, and rewrites docs/performance-browser.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundlePhases } from './bench/bundle.mjs';
import { datasetSpecs, ensureDataset, generatorHash } from './bench/datasets.mjs';
import { runPhase } from './bench/measure.mjs';
import { summarizeBrowserProfile } from './bench-browser/browser-profile.mjs';
import {
  bestRun,
  longestTask,
  readInMs,
  targetChecks,
  targetsTable,
  writeBrowserDoc,
} from './bench-browser/browser-report.mjs';
import { messageCost } from './bench-browser/message-cost.mjs';
import { runBrowserLoads } from './bench-browser/run-playwright.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `usage: npm run bench:browser [-- options]
  --sizes LIST     mixed-HTTP capture sizes to load, e.g. 100M,1G,2G (default 1G,2G)
  --runs N         runs per input up to 1.5 GB (default 3); larger inputs run once
  --build          build the production page first (vite build into a temporary directory)
  --dist DIR       the production build to serve (default dist/; ignored with --build)
  --profile        one more load of the first input under the CPU profiler (worker and main thread),
                   against a build without minification; adds a profile section
  --no-node        skip the Node whole-analysis comparison
  --no-write       do not rewrite docs/performance-browser.md
  --data-dir DIR   where the inputs and raw results go (default bench-data/)`;

function options() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1G,2G' },
      runs: { type: 'string', default: '3' },
      build: { type: 'boolean', default: false },
      dist: { type: 'string', default: path.join(root, 'dist') },
      profile: { type: 'boolean', default: false },
      'no-node': { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
      'data-dir': { type: 'string', default: path.join(root, 'bench-data') },
      help: { type: 'boolean', default: false },
    },
  });
  return values;
}

function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?)([MG])B?$/i.exec(text.trim());
  if (!m) throw new Error(`bad size "${text}" (use e.g. 100M, 1G, 2G)`);
  return Number(m[1]) * (m[2].toUpperCase() === 'G' ? 1e9 : 1e6);
}

function commandLine() {
  const args = process.argv.slice(2).join(' ');
  if (process.env.npm_lifecycle_event === 'bench:browser')
    return `npm run bench:browser${args ? ` -- ${args}` : ''}`;
  return `node scripts/bench-browser.mjs${args ? ` ${args}` : ''}`;
}

/** The mixed-HTTP pcap of each size, generated (or reused) by the Node benchmark's generator. */
async function prepareInputs(sizes, dataDir, log) {
  const hash = generatorHash();
  const inputs = [];
  for (const bytes of sizes) {
    const spec = datasetSpecs({ httpBytes: bytes, smallPackets: 1 }, dataDir).find(
      (d) => d.id === 'http-pcap',
    );
    const meta = await ensureDataset(spec, hash, log);
    const id = path.basename(spec.file, '.pcap');
    inputs.push({ id, file: spec.file, bytes: meta.bytes, packets: meta.packets, meta });
  }
  return inputs;
}

function viteBuild(outDir, minify) {
  const args = ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'];
  if (!minify) args.push('--minify', 'false');
  const r = spawnSync('npx', args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`vite build failed (${outDir})`);
}

/** Newest modification time under `dir`, for the stale-build warning. */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function machineInfo(chromium) {
  const cpus = os.cpus();
  const executable = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : '';
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    memGB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    chromium,
    executable,
    loadStart: os.loadavg()[0].toFixed(2),
    loadEnd: '',
    build: '',
    distLabel: '',
  };
}

/** Node's whole analysis of each input, in a fresh process per file. */
async function nodeAnalysis(inputs, log) {
  const { bundles, skipped, cleanup } = await bundlePhases(root, ['analysis']);
  const out = {};
  try {
    for (const input of inputs) {
      if (skipped.analysis) {
        out[input.id] = { error: skipped.analysis };
        continue;
      }
      log(`${input.id}: Node whole analysis`);
      out[input.id] = await runPhase('analysis', input.file, bundles.analysis);
      if (!out[input.id].error) log(`  ${out[input.id].seconds.toFixed(2)} s`);
    }
  } finally {
    await cleanup();
  }
  return out;
}

function logRun(log, r) {
  if (!r) return log('  no result');
  log(
    `  ${r.status}: flow list ${(r.ms.firstRowPainted / 1000).toFixed(2)} s, worker ${((readInMs(r.shown.readIn) ?? 0) / 1000).toFixed(1)} s, longest task ${longestTask(r).toFixed(0)} ms, worker peak ${((r.memory.worker?.total ?? 0) / 1e6).toFixed(0)} MB, renderer peak ${((r.memory.renderer?.hwm ?? 0) / 1e6).toFixed(0)} MB`,
  );
}

async function measureAll(inputs, opts, dist, outDir, log) {
  const runs = Math.max(1, Number(opts.runs) || 1);
  const runsById = Object.fromEntries(inputs.map((i) => [i.id, []]));
  for (let k = 0; k < runs; k++) {
    const these = inputs.filter((i) => k === 0 || i.bytes <= 1.5e9);
    log(`browser run ${k + 1}/${runs}: ${these.map((i) => i.id).join(', ')}`);
    const { results } = await runBrowserLoads({
      root,
      inputs: these.map(({ meta: _m, ...i }) => i),
      dist,
      outDir: path.join(outDir, `run-${k + 1}`),
      profile: false,
    });
    for (const i of these) {
      runsById[i.id].push(results[i.id]);
      logRun(log, results[i.id]);
    }
  }
  return runsById;
}

async function profileFirst(input, outDir, log) {
  const plain = mkdtempSync(path.join(os.tmpdir(), 'wirelens-bench-plain-'));
  try {
    log('building without minification for the profile');
    viteBuild(plain, false);
    const { results } = await runBrowserLoads({
      root,
      inputs: [{ ...input, meta: undefined }],
      dist: plain,
      outDir,
      profile: true,
    });
    const r = results[input.id];
    log(`${input.id}: the worker's result message, part by part (Node)`);
    const message = await messageCost(root, input.file);
    return {
      input: input.id,
      worker: r?.profiles.worker ? summarizeBrowserProfile(r.profiles.worker, plain) : null,
      main: r?.profiles.main ? summarizeBrowserProfile(r.profiles.main, plain) : null,
      longTasks: r ? r.longTasks : [],
      message,
    };
  } finally {
    rmSync(plain, { recursive: true, force: true });
  }
}

function chromiumVersion() {
  for (const bin of ['/usr/bin/chromium']) {
    try {
      return execFileSync(bin, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
        .replace(/^Chromium\s+/, '')
        .trim()
        .split(' ')[0];
    } catch {
      // fall back to the version the loads report
    }
  }
  return null;
}

async function main() {
  const opts = options();
  if (opts.help) return console.log(USAGE);
  const log = (line) => console.log(line);
  const notes = [];
  const inputs = await prepareInputs(opts.sizes.split(',').map(parseSize), opts['data-dir'], log);
  const machine = machineInfo(chromiumVersion());
  let dist = path.resolve(opts.dist);
  let tempDist = null;
  if (opts.build) {
    tempDist = mkdtempSync(path.join(os.tmpdir(), 'wirelens-bench-dist-'));
    log('building the production page');
    viteBuild(tempDist, true);
    dist = tempDist;
    machine.build = 'production build made by this run (`vite build`, minified) in a temporary directory';
    machine.distLabel = '--build';
  } else {
    if (!existsSync(path.join(dist, 'index.html')))
      throw new Error(`no build in ${dist}: run npm run build, or pass --build`);
    machine.build = 'production build (`npm run build`)';
    machine.distLabel = path.relative(root, dist) || dist;
    if (newestMtime(path.join(root, 'src')) > statSync(path.join(dist, 'index.html')).mtimeMs)
      notes.push(
        `The build in ${path.relative(root, dist)}/ is older than some file in src/: these figures are for that older build (use --build).`,
      );
  }
  const outDir = path.join(opts['data-dir'], 'browser');
  mkdirSync(outDir, { recursive: true });
  try {
    const runsById = await measureAll(inputs, opts, dist, outDir, log);
    const profiles = opts.profile ? await profileFirst(inputs[0], outDir, log) : null;
    const node = opts['no-node'] ? {} : await nodeAnalysis(inputs, log);
    machine.loadEnd = os.loadavg()[0].toFixed(2);
    machine.chromium ??= Object.values(runsById).flat().find(Boolean)?.chromium ?? 'unknown';
    const busiest = Math.max(Number(machine.loadStart), Number(machine.loadEnd));
    if (busiest > machine.cores / 2)
      notes.push(
        `The machine was busy during this run (load average up to ${busiest} on ${machine.cores} cores): wall times are inflated; the renderer CPU column is the steadier figure.`,
      );
    for (const i of inputs) {
      const best = bestRun(runsById[i.id]);
      if (!best)
        notes.push(
          `${i.id}: no run completed (${runsById[i.id].map((r) => r?.status ?? 'no result').join(', ')}).`,
        );
    }
    const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const run = {
      inputs,
      runsById,
      node,
      profiles,
      machine,
      command: commandLine(),
      date,
      notes,
      root,
      dist,
    };
    writeFileSync(path.join(outDir, 'last-run.json'), `${JSON.stringify(run, null, 2)}\n`);
    console.log(`\n${targetsTable(targetChecks(inputs, runsById))}\n`);
    if (!opts['no-write']) {
      writeBrowserDoc(path.join(root, 'docs/performance-browser.md'), run);
      console.log('docs/performance-browser.md rewritten.');
    }
    for (const n of notes) console.log(`note: ${n}`);
  } finally {
    if (tempDist) rmSync(tempDist, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
