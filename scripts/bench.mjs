#!/usr/bin/env node
// `npm run bench [-- --full] [--only http-pcap,small-pcap] [--runs N] [--no-tshark] [--no-write]`
// Generates (or reuses) the benchmark captures in bench-data/, times a plain read, the Wirelens capture
// reader, reader + flows and the whole analysis (each in a fresh process) and tshark on the same files,
// prints the table and rewrites docs/performance.md. See scripts/bench/ for the pieces.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundlePhases } from './bench/bundle.mjs';
import { datasetSpecs, ensureDataset, ensureTinyCapture, generatorHash, SIZES } from './bench/datasets.mjs';
import { bestOf, bestTshark, runPhase, runTshark, tsharkInfo } from './bench/measure.mjs';
import { writePerformanceDoc } from './bench/performance-doc.mjs';
import { profilePhase, summarizeProfile } from './bench/profile.mjs';
import { inputsTable, profileTables, resultsTable, targetChecks, targetsTable } from './bench/report.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WIRELENS_PHASES = ['reader', 'flows', 'analysis'];

const USAGE = `usage: npm run bench [-- options]
  --full               1 GB mixed HTTP (pcap and pcapng) and 10 M small packets (default: quick, 100 MB / 1 M)
  --http-bytes N       size of the mixed HTTP captures in bytes (overrides the mode)
  --small-packets N    packets in the small-packet capture (overrides the mode)
  --only IDS           comma-separated inputs: http-pcap, http-pcapng, small-pcap
  --runs N             timing runs per Wirelens phase, best kept (default 3; 2 with --full)
  --tshark-runs N      runs of tshark per input, best kept (default 2; 1 with --full)
  --no-tshark          skip tshark
  --no-write           do not rewrite docs/performance.md
  --profile            also run each Wirelens phase once under the CPU profiler (bench-data/profiles/)
                       and list the functions with the most self time
  --generate-only      make the inputs and stop
  --doc-from FILE      rewrite docs/performance.md from a saved run (bench-data/last-run.json) and stop
  --data-dir DIR       where the inputs go (default bench-data/)`;

function options() {
  const { values } = parseArgs({
    options: {
      full: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      'http-bytes': { type: 'string' },
      'small-packets': { type: 'string' },
      only: { type: 'string' },
      runs: { type: 'string' },
      'tshark-runs': { type: 'string' },
      'no-tshark': { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
      'generate-only': { type: 'boolean', default: false },
      'doc-from': { type: 'string' },
      profile: { type: 'boolean', default: false },
      'data-dir': { type: 'string', default: path.join(root, 'bench-data') },
      help: { type: 'boolean', default: false },
    },
  });
  return values;
}

function machineInfo(tshark) {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    memGB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    tshark: tshark?.version ?? null,
    loadStart: os.loadavg()[0].toFixed(2),
    loadEnd: '',
  };
}

function commandLine() {
  const args = process.argv.slice(2).join(' ');
  if (process.env.npm_lifecycle_event === 'bench') return `npm run bench${args ? ` -- ${args}` : ''}`;
  return `node scripts/bench.mjs${args ? ` ${args}` : ''}`;
}

async function prepareInputs(opts, log) {
  const mode = opts.full ? 'full' : 'quick';
  const sizes = { ...SIZES[mode] };
  if (opts['http-bytes']) sizes.httpBytes = Number(opts['http-bytes']);
  if (opts['small-packets']) sizes.smallPackets = Number(opts['small-packets']);
  const custom = Boolean(opts['http-bytes'] || opts['small-packets']);
  log(
    `sizes: ${custom ? 'custom' : mode} — mixed HTTP ${(sizes.httpBytes / 1e6).toFixed(0)} MB (pcap + pcapng), small packets ${sizes.smallPackets / 1e6} M`,
  );
  const only = opts.only ? opts.only.split(',') : null;
  const hash = generatorHash();
  const datasets = [];
  const metas = {};
  for (const spec of datasetSpecs(sizes, opts['data-dir'])) {
    const needed =
      !only || only.includes(spec.id) || (spec.id === 'http-pcap' && only.includes('http-pcapng'));
    if (!needed) continue;
    metas[spec.id] = await ensureDataset(
      spec,
      hash,
      log,
      spec.samePacketsAs ? metas[spec.samePacketsAs].packets : undefined,
    );
    const shownFile = path.relative(root, spec.file).startsWith('..')
      ? spec.file
      : path.relative(root, spec.file);
    if (!only || only.includes(spec.id)) datasets.push({ ...spec, shownFile, meta: metas[spec.id] });
  }
  return { mode: custom ? 'custom' : mode, datasets };
}

async function measureDataset(ds, bundles, skipped, tshark, runs, log) {
  const { phaseRuns, tsharkRuns } = runs;
  const m = {};
  log(`${ds.id}: plain read`);
  // At least two runs: the first of a full-size run may read the file from disk while every later
  // phase finds it in the page cache, which would put the floor above the phases it is the floor of.
  m.plain = await bestOf(Math.max(2, phaseRuns), 'plain', ds.file);
  for (const phase of WIRELENS_PHASES) {
    if (skipped[phase]) {
      m[phase] = { skipped: skipped[phase] };
      continue;
    }
    log(`${ds.id}: ${phase}`);
    m[phase] = await bestOf(phaseRuns, phase, ds.file, bundles[phase]);
    if (m[phase].error) log(`  failed: ${m[phase].error.split('\n')[0]}`);
    else
      log(
        `  ${(m[phase].packets / m[phase].seconds / 1e6).toFixed(2)} M packets/s, ${m[phase].seconds.toFixed(3)} s`,
      );
  }
  if (tshark) {
    log(`${ds.id}: tshark -q -z conv,tcp (${tsharkRuns === 1 ? 'one run' : `best of ${tsharkRuns}`})`);
    m.tshark = await bestTshark(tsharkRuns, tshark.bin, ds.file);
    if (!m.tshark.error) log(`  ${m.tshark.wall.toFixed(1)} s`);
  } else {
    m.tshark = { skipped: 'tshark not installed' };
  }
  return m;
}

/** Top self-time functions per Wirelens phase of `ds`, from one profiled run each. */
async function profileDataset(ds, bundles, dir, log) {
  const out = {};
  for (const [phase, bundle] of Object.entries(bundles)) {
    log(`${ds.id}: ${phase} under the profiler`);
    const p = await profilePhase(phase, ds.file, bundle, dir, `${ds.id}-${phase}`);
    out[phase] = p.error
      ? { error: p.error }
      : { top: summarizeProfile(p.profile, p.bundleFile), file: p.profile };
  }
  return out;
}

async function main() {
  const opts = options();
  if (opts.help) return console.log(USAGE);
  if (opts['doc-from']) {
    writePerformanceDoc(
      path.join(root, 'docs/performance.md'),
      JSON.parse(readFileSync(opts['doc-from'], 'utf8')),
    );
    return console.log(`docs/performance.md rewritten from ${opts['doc-from']}.`);
  }
  const log = (s) => console.log(s);
  const tshark = opts['no-tshark'] ? null : tsharkInfo();
  const machine = machineInfo(tshark);
  const notes = [];
  if (!tshark)
    notes.push(
      opts['no-tshark']
        ? 'tshark skipped (--no-tshark).'
        : 'tshark is not installed: no tshark column (Debian: apt-get install tshark).',
    );
  const { mode, datasets } = await prepareInputs(opts, log);
  if (opts['generate-only']) return;
  // tshark takes minutes on the full inputs: one run of everything there; best of 3 (Wirelens) and
  // of 2 (tshark) on the quick ones.
  const runs = {
    phaseRuns: Math.max(1, Number(opts.runs ?? (mode === 'full' ? 2 : 3)) || 1),
    tsharkRuns: Math.max(1, Number(opts['tshark-runs'] ?? (mode === 'full' ? 1 : 2)) || 1),
  };
  const { bundles, skipped, cleanup } = await bundlePhases(root, WIRELENS_PHASES);
  for (const [phase, why] of Object.entries(skipped)) notes.push(`${phase} phase skipped: ${why}.`);
  try {
    if (tshark) {
      const tiny = await runTshark(tshark.bin, await ensureTinyCapture(opts['data-dir']));
      if (!tiny.error)
        notes.push(`tshark start-up (a 1-packet file): ${tiny.wall.toFixed(2)} s, included in its times.`);
    }
    const node = await runPhase('plain', path.join(root, 'package.json'));
    if (!node.error)
      notes.push(
        `Node start-up (a phase process reading a 1 KB file): ${node.wall.toFixed(2)} s, included in the *process* column.`,
      );
    const measurements = {};
    const profiles = {};
    for (const ds of datasets) {
      measurements[ds.id] = await measureDataset(ds, bundles, skipped, tshark, runs, log);
      for (const [phase, r] of Object.entries(measurements[ds.id])) {
        if (r.error) notes.push(`${ds.id}, ${phase}: failed: ${r.error.split('\n').slice(0, 2).join(' ')}`);
      }
      if (opts.profile)
        profiles[ds.id] = await profileDataset(ds, bundles, path.join(opts['data-dir'], 'profiles'), log);
    }
    machine.loadEnd = os.loadavg()[0].toFixed(2);
    const busiest = Math.max(Number(machine.loadStart), Number(machine.loadEnd));
    if (busiest > machine.cores / 2)
      notes.push(
        `The machine was busy during this run (load average up to ${busiest} on ${machine.cores} cores): wall times are inflated and noisy; the CPU columns are the steadier comparison.`,
      );
    const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const run = { datasets, measurements, profiles, machine, command: commandLine(), date, mode, notes };
    console.log(`\nWirelens benchmark, ${mode} sizes, ${date}`);
    console.log(
      `${machine.cores} cores (${machine.cpu}), Node ${machine.node}, ${machine.tshark ?? 'no tshark'}\n`,
    );
    console.log(`${inputsTable(datasets)}\n\n${resultsTable(datasets, measurements)}\n`);
    if (opts.profile) console.log(`${profileTables(profiles)}\n`);
    console.log(`${targetsTable(targetChecks(datasets, measurements))}\n`);
    // The raw run, so that the page can be re-rendered (--doc-from) without measuring again.
    writeFileSync(path.join(opts['data-dir'], 'last-run.json'), JSON.stringify(run, null, 1));
    if (!opts['no-write']) {
      writePerformanceDoc(path.join(root, 'docs/performance.md'), run);
      console.log('docs/performance.md rewritten.');
    }
    for (const n of notes) console.log(`note: ${n}`);
  } finally {
    await cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
