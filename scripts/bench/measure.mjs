// Runs each measurement in its own process: the Wirelens phases through phase-child.mjs, and tshark
// under /usr/bin/time for its peak memory. Wall time is taken around the whole process.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const CHILD = path.join(here, 'phase-child.mjs');
const TIMEOUT_MS = 30 * 60 * 1000;

/** Runs `cmd args`, returning its stdout, exit code and wall seconds; kills it after TIMEOUT_MS. */
function run(cmd, args) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: signal ? `signal ${signal}` : code,
        wall: (performance.now() - t0) / 1000,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      });
    });
  });
}

/** One run of a phase in a fresh `node --expose-gc` process, with its memory figures. */
export function runPhase(phase, file, bundle) {
  return runPhaseWith([], phase, file, bundle);
}

/** Same, with extra Node flags (the profiler's) and child arguments (`--timing`). */
export async function runPhaseWith(nodeFlags, phase, file, bundle, childArgs = []) {
  const args = [...nodeFlags, '--expose-gc', CHILD, phase, file];
  if (bundle) args.push(bundle);
  args.push(...childArgs);
  const r = await run(process.execPath, args);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  let result;
  try {
    result = JSON.parse(line);
  } catch {
    result = { phase, error: `exit ${r.code}: ${(r.stderr || r.stdout).trim().slice(0, 500)}` };
  }
  return { ...result, wall: r.wall };
}

const WARM_CHUNK = 16 << 20;
let warmBuffer = null;

/**
 * Reads `file` through once so that the timed run finds it in the page cache. This machine's kernel
 * reclaims cold page-cache pages on its own (DAMON), so a file read a minute ago can come from disk
 * again: one full-size run measured 3.5 s instead of 0.58 s that way. Every timed run (ours and
 * tshark's) is preceded by this, so all of them read from memory.
 */
export function warmCache(file) {
  warmBuffer ??= Buffer.allocUnsafe(WARM_CHUNK);
  const fd = openSync(file, 'r');
  try {
    let pos = 0;
    for (;;) {
      const n = readSync(fd, warmBuffer, 0, WARM_CHUNK, pos);
      if (n === 0) break;
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
}

/** Figures a timing run does not take; they come from the phase's memory run. */
const MEMORY_FIELDS = [
  'baseRss',
  'loadedHeap',
  'peakHeap',
  'retainedBytes',
  'tableBytes',
  'warnings',
  'truncated',
  'findings',
  'maxRss',
];

/**
 * `runs` timing runs of a phase, the fastest (least disturbed by other work on the machine) kept,
 * plus one memory run whose figures are merged in. Times come only from timing runs: the memory
 * run's forced GCs and waits would otherwise count against Wirelens in the whole-process ratios.
 */
export async function bestOf(runs, phase, file, bundle) {
  let best = null;
  for (let i = 0; i < runs; i++) {
    warmCache(file);
    const r = await runPhaseWith([], phase, file, bundle, ['--timing']);
    if (r.error) return r;
    if (!best || r.seconds < best.seconds) best = { ...r, runs };
  }
  const mem = await runPhase(phase, file, bundle);
  if (mem.error) return mem;
  for (const k of MEMORY_FIELDS) if (k in mem) best[k] = mem[k];
  return best;
}

export function tsharkInfo() {
  for (const bin of ['/usr/bin/tshark', 'tshark']) {
    try {
      const v = execFileSync(bin, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      return { bin, version: v.split('\n')[0].trim() };
    } catch {
      // try the next candidate
    }
  }
  return null;
}

/**
 * `tshark -q -z conv,tcp -r FILE`, timed as a whole process, with its peak RSS from GNU time when
 * /usr/bin/time is there. Also counts the TCP conversations it lists, to cross-check the flow count.
 */
export async function runTshark(bin, file) {
  const timeFile = path.join(tmpdir(), `wirelens-bench-time-${process.pid}.txt`);
  const useTime = existsSync('/usr/bin/time');
  const args = ['-q', '-z', 'conv,tcp', '-r', file];
  const r = useTime
    ? await run('/usr/bin/time', ['-o', timeFile, '-f', '%M %U %S', bin, ...args])
    : await run(bin, args);
  if (r.code !== 0) return { error: `tshark exit ${r.code}: ${r.stderr.trim().slice(0, 300)}`, wall: r.wall };
  let maxRss = null;
  let cpu = null;
  if (useTime && existsSync(timeFile)) {
    const [kb, user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    maxRss = kb * 1024;
    cpu = user + sys;
    rmSync(timeFile, { force: true });
  }
  const conversations = r.stdout.split('\n').filter((l) => l.includes('<->')).length;
  return { wall: r.wall, seconds: r.wall, cpu, maxRss, conversations };
}

/** tshark `runs` times, the fastest kept. */
export async function bestTshark(runs, bin, file) {
  let best = null;
  for (let i = 0; i < runs; i++) {
    warmCache(file);
    const r = await runTshark(bin, file);
    if (r.error) return r;
    if (!best || r.wall < best.wall) best = { ...r, runs };
  }
  return best;
}
