#!/usr/bin/env node
// Makes public/examples/: one small capture per seed case, recorded with tcpdump on loopback while
// real servers and clients (python, Node, nginx) act the case out, each checked with tshark.
//
//   node scripts/examples/make-examples.mjs [--only id,id] [--out DIR] [--attempts N] [--keep]
//
// Run as root (tcpdump). Needs tcpdump, tshark, nginx, python3 and ss (apt-get install -y tcpdump
// tshark nginx python3 iproute2). A run that does not show its case (a timing race lost) is retried
// up to --attempts times; if a case still fails, nothing is written and the script exits 1.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CASES } from './cases/index.mjs';
import { NotReproduced } from './lib/capture-view.mjs';
import { preflight } from './lib/preflight.mjs';
import { stopAll } from './lib/processes.mjs';
import { runCase } from './lib/run-case.mjs';
import { writeExamples } from './lib/write-examples.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    out: { type: 'string', default: path.join(repo, 'public/examples') },
    attempts: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
  },
});

async function attemptCase(c, workDir, attempts) {
  const failures = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const started = Date.now();
    try {
      const results = await runCase(c, workDir, attempt);
      const took = ((Date.now() - started) / 1000).toFixed(1);
      for (const r of results) {
        const drops = r.dropped > 0 ? `; tcpdump reported ${r.dropped} kernel drops, none missing` : '';
        console.log(`  ok   ${r.file}: ${r.frames} frames, ${r.bytes} bytes (${took} s${drops})`);
      }
      return results;
    } catch (e) {
      const kind = e instanceof NotReproduced ? 'not reproduced' : 'failed';
      failures.push(`attempt ${attempt}: ${kind}: ${e.message}`);
      console.log(`  ${kind} (attempt ${attempt}/${attempts}): ${e.message.split('\n')[0]}`);
    }
  }
  throw new Error(`${c.id}: did not reproduce in ${attempts} attempts:\n${failures.join('\n')}`);
}

async function main() {
  const only = values.only?.split(',').map((s) => s.trim());
  const cases = only ? CASES.filter((c) => only.includes(c.id)) : CASES;
  if (only && cases.length !== only.length)
    throw new Error(`unknown case in --only; known: ${CASES.map((c) => c.id)}`);
  const environment = preflight(cases.flatMap((c) => c.ports));
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'wirelens-examples-'));
  const started = Date.now();
  const done = [];
  const failed = [];
  try {
    for (const c of cases) {
      console.log(`${c.id}:`);
      try {
        const attempts = Math.max(Number(values.attempts), c.minAttempts ?? 0);
        done.push({ c, results: await attemptCase(c, workDir, attempts) });
      } catch (e) {
        failed.push(e.message);
      }
    }
    if (failed.length > 0) {
      console.error(`\nFAILED, nothing written:\n${failed.join('\n\n')}`);
      process.exitCode = 1;
      return;
    }
    writeExamples(values.out, done, environment, only !== undefined);
    console.log(`\nwrote ${values.out} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } finally {
    if (values.keep) console.log(`kept the run folders in ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    stopAll().finally(() => process.exit(130));
  });
}

main().catch(async (e) => {
  await stopAll();
  console.error(`make-examples: ${e.message}`);
  process.exit(1);
});
