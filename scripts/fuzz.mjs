#!/usr/bin/env node
// `npm run fuzz [-- --count N] [--minutes M] [--seed S] [--workers W] [--max-file BYTES] [--no-write]`
// A long fuzz campaign: the corpus files of ../shared damaged in every way docs/fuzzing.md lists,
// each through the whole pipeline (reader, flows, HTTP, rules, JSON) in worker threads under a
// watchdog. Prints the figures and rewrites the generated section of docs/fuzzing.md.
// `--case N` replays one case of a seed in this process (with `--save FILE` to keep its input).
import { randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleEngine, corpusFiles, runCampaign } from './fuzz/campaign.mjs';
import { figuresMarkdown, writeFiguresSection } from './fuzz/fuzzing-doc.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedDir = path.resolve(root, '../shared');

const USAGE = `usage: npm run fuzz [-- options]
  --count N        cases to run (default 200000); the first ones are the truncation sweep
  --minutes M      stop after M minutes even if fewer cases ran
  --seed S         the seed (default: a random one, printed); the same seed gives the same cases
  --workers W      worker threads (default: the number of cores)
  --max-file B     leave out corpus files larger than B bytes (default: none)
  --budget-ms T    time budget of one case (default 10000); the watchdog kills a worker after 2T + 5 s
  --no-write       do not rewrite docs/fuzzing.md
  --case N         replay case N of --seed in this process and print what happened
  --save FILE      with --case: write the damaged input to FILE`;

function options() {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '200000' },
      minutes: { type: 'string' },
      seed: { type: 'string' },
      workers: { type: 'string' },
      'max-file': { type: 'string' },
      'budget-ms': { type: 'string', default: '10000' },
      'no-write': { type: 'boolean', default: false },
      case: { type: 'string' },
      save: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  return values;
}

async function replay(o, seed) {
  const files = corpusFiles(sharedDir, o['max-file'] ? Number(o['max-file']) : undefined);
  const { url, cleanup } = await bundleEngine(root);
  try {
    const { createEngine } = await import(url);
    const engine = await createEngine({ files, seed, budgetMs: Number(o['budget-ms']) });
    const index = Number(o.case);
    console.log(engine.describe(index));
    if (o.save) {
      writeFileSync(o.save, engine.input(index));
      console.log(`input written to ${o.save}`);
    }
    const r = await engine.run(index);
    console.log(JSON.stringify({ ...r, failure: undefined }, null, 1));
    console.log(r.failure ? `FAILED: ${r.failure}` : 'passed');
    return r.failure ? 1 : 0;
  } finally {
    await cleanup();
  }
}

function printFigures(run) {
  console.log(
    `\n${run.cases} cases in ${run.seconds.toFixed(1)} s (${run.casesPerSecond.toFixed(0)}/s), seed ${run.seed}`,
  );
  console.log(`outcomes: ${JSON.stringify(run.outcomes)}`);
  for (const [kind, v] of Object.entries(run.perKind))
    if (v.cases > 0)
      console.log(
        `  ${kind.padEnd(26)} ${String(v.cases).padStart(8)} ${v.failed ? `${v.failed} FAILED` : ''}`,
      );
  console.log(`slowest case ${run.slowest.ms.toFixed(0)} ms (#${run.slowest.index} ${run.slowest.subject})`);
  const mib = (n) => `${(n / 2 ** 20).toFixed(1)} MiB`;
  console.log(
    `largest growth in a case: ArrayBuffers ${mib(run.buffers.maxGrowth)} (#${run.buffers.index}), heap ${mib(run.heap.maxGrowth)} (#${run.heap.index})`,
  );
  console.log(`${run.failureCount} failures`);
  for (const f of run.failures.slice(0, 20)) console.log(`  ${f.message}`);
}

async function main() {
  const o = options();
  if (o.help) return console.log(USAGE);
  const seed = o.seed !== undefined ? Number(o.seed) >>> 0 : randomInt(2 ** 31);
  if (o.case !== undefined) return replay(o, seed);
  const workers = Number(o.workers ?? os.cpus().length) || 1;
  const loadStart = os.loadavg()[0].toFixed(1);
  console.log(
    `fuzz campaign: seed ${seed}, up to ${o.count} cases${o.minutes ? ` or ${o.minutes} min` : ''}, ${workers} workers`,
  );
  const run = await runCampaign({
    root,
    sharedDir,
    seed,
    count: Number(o.count),
    seconds: o.minutes ? Number(o.minutes) * 60 : Number.POSITIVE_INFINITY,
    workers,
    maxFile: o['max-file'] ? Number(o['max-file']) : Number.POSITIVE_INFINITY,
    budgetMs: Number(o['budget-ms']),
    log: (s) => console.log(s),
  });
  printFigures(run);
  if (!o['no-write']) {
    const args = process.argv.slice(2).join(' ');
    const meta = {
      command: `npm run fuzz${args ? ` -- ${args}` : ''}`,
      date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, load average ${loadStart} at the start and ${os.loadavg()[0].toFixed(1)} at the end`,
    };
    writeFiguresSection(path.join(root, 'docs/fuzzing.md'), figuresMarkdown(run, meta), '# Fuzzing');
    console.log('docs/fuzzing.md updated');
  }
  return run.failureCount > 0 ? 1 : 0;
}

process.exitCode = await main();
