// The fuzz campaign: bundles the engine (src/analysis/testing/fuzz-engine.ts) with esbuild, runs
// cases 0 .. count-1 of a seed in worker threads, and watches them: a worker silent for longer than
// `hangMs` is running a case that does not end, so it is terminated, the case is recorded as a
// hang, and a fresh worker goes on with the next case. Used by `npm run fuzz` (scripts/fuzz.mjs)
// and, for a bounded run, by src/analysis/fuzz-pipeline.test.ts.
import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';

const WORKER = fileURLToPath(new URL('./worker.mjs', import.meta.url));
const BATCH = 32;
/** Heap limit per worker: a JS allocation sized by a length field crashes the worker, recorded as a failure. */
const WORKER_HEAP_MB = 1024;

/** Capture files of ../shared: captures/real/* and scenarios/*\/*.pcap, up to `maxFile` bytes. */
export function corpusFiles(sharedDir, maxFile = Number.POSITIVE_INFINITY) {
  const files = [];
  const real = path.join(sharedDir, 'captures/real');
  for (const n of safeList(real)) if (!n.endsWith('.md')) files.push([`real/${n}`, path.join(real, n)]);
  const scenarios = path.join(sharedDir, 'scenarios');
  for (const d of safeList(scenarios)) {
    for (const n of safeList(path.join(scenarios, d)))
      if (/\.pcap(ng)?$/.test(n)) files.push([`scenarios/${d}/${n}`, path.join(scenarios, d, n)]);
  }
  return files
    .filter(([, p]) => statSync(p).isFile() && statSync(p).size <= maxFile)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, p]) => ({ name, path: p }));
}

function safeList(dir) {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** Bundles the engine into a temporary directory; returns its URL and a cleanup function. */
export async function bundleEngine(root) {
  const dir = await mkdtemp(path.join(tmpdir(), 'wirelens-fuzz-'));
  const outfile = path.join(dir, 'fuzz-engine.mjs');
  await build({
    entryPoints: [path.join(root, 'src/analysis/testing/fuzz-engine.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'silent',
  });
  return { url: pathToFileURL(outfile).href, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

function newStats(kinds) {
  const perKind = Object.fromEntries(kinds.map((k) => [k, { cases: 0, failed: 0 }]));
  return {
    cases: 0,
    perKind,
    outcomes: { clean: 0, warned: 0, stopped: 0, refused: 0, hang: 0 },
    failures: [],
    failureCount: 0,
    bytes: 0,
    slowest: { ms: 0, index: -1 },
    buffers: { maxGrowth: 0, index: -1 },
    heap: { maxGrowth: 0, index: -1 },
  };
}

function record(stats, r) {
  stats.cases++;
  stats.bytes += r.size;
  stats.perKind[r.kind] ??= { cases: 0, failed: 0 };
  stats.perKind[r.kind].cases++;
  stats.outcomes[r.outcome] = (stats.outcomes[r.outcome] ?? 0) + 1;
  if (r.ms > stats.slowest.ms) stats.slowest = { ms: r.ms, index: r.index, subject: r.subject, kind: r.kind };
  if (r.bufferGrowth > stats.buffers.maxGrowth)
    stats.buffers = { maxGrowth: r.bufferGrowth, index: r.index, subject: r.subject, size: r.size };
  if (r.heapGrowth > stats.heap.maxGrowth)
    stats.heap = { maxGrowth: r.heapGrowth, index: r.index, subject: r.subject, size: r.size };
  if (r.failure) {
    stats.perKind[r.kind].failed++;
    stats.failureCount++;
    if (stats.failures.length < 100)
      stats.failures.push({ index: r.index, kind: r.kind, message: r.failure });
  }
}

/**
 * Runs a campaign. Options: root (repository), sharedDir, seed, count, seconds (stop early after
 * this long), workers, maxFile, budgetMs (per case, checked inside it), hangMs (watchdog), log,
 * engineUrl (optional: a prebuilt engine bundle).
 * Resolves with the figures (see `summary` below).
 */
export async function runCampaign(options) {
  const o = {
    workers: 2,
    maxFile: Number.POSITIVE_INFINITY,
    budgetMs: 5000,
    seconds: Number.POSITIVE_INFINITY,
    log: () => {},
    ...options,
  };
  o.hangMs ??= o.budgetMs * 2 + 5000;
  const files = corpusFiles(o.sharedDir, o.maxFile);
  if (files.length === 0) throw new Error(`no capture files under ${o.sharedDir}`);
  // `engineUrl`: an engine bundled elsewhere (checks of the harness itself patch bugs into one).
  const { url, cleanup } = o.engineUrl
    ? { url: o.engineUrl, cleanup: async () => {} }
    : await bundleEngine(o.root);
  try {
    const { MUTATION_KINDS } = await import(url);
    return await new Campaign(o, files, url, newStats(MUTATION_KINDS)).run();
  } finally {
    await cleanup();
  }
}

class Campaign {
  constructor(o, files, url, stats) {
    this.o = o;
    this.files = files;
    this.url = url;
    this.stats = stats;
    this.next = 0;
    this.info = null;
    this.slots = [];
    this.started = 0;
    this.lastLog = 0;
  }

  run() {
    return new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      this.started = performance.now();
      for (let i = 0; i < Math.max(1, this.o.workers); i++) this.slots.push(this.spawn(null));
      this.watchdog = setInterval(() => this.watch(), 200);
    });
  }

  /** A worker slot; `resume` is a batch left unfinished by a terminated worker. */
  spawn(resume) {
    const slot = { batch: resume, done: 0, last: performance.now(), ready: false, dead: false };
    const { seed, budgetMs } = this.o;
    slot.worker = new Worker(WORKER, {
      workerData: { bundle: this.url, files: this.files, seed, budgetMs },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    slot.worker.on('message', (m) => this.onMessage(slot, m));
    slot.worker.on('error', (e) => this.onCrash(slot, `the worker crashed: ${e?.stack ?? e}`));
    slot.worker.on('exit', (code) => {
      if (!slot.dead) this.onCrash(slot, `the worker exited with code ${code}`);
    });
    return slot;
  }

  onMessage(slot, m) {
    slot.last = performance.now();
    if (m.type === 'ready') {
      this.info ??= m.info;
      slot.ready = true;
      if (slot.batch) this.send(slot, slot.batch);
      else this.dispatch(slot);
    } else if (m.type === 'case') {
      record(this.stats, m.report);
      slot.done++;
      this.progress();
    } else if (m.type === 'batch-done') {
      slot.batch = null;
      this.dispatch(slot);
    }
  }

  send(slot, batch) {
    slot.batch = batch;
    slot.done = 0;
    slot.last = performance.now();
    slot.worker.postMessage(batch);
  }

  dispatch(slot) {
    const elapsed = (performance.now() - this.started) / 1000;
    if (this.next < this.o.count && elapsed < this.o.seconds) {
      const from = this.next;
      this.next = Math.min(this.o.count, from + BATCH);
      this.send(slot, { from, to: this.next });
      return;
    }
    slot.dead = true;
    slot.worker.terminate();
    if (this.slots.every((s) => s.dead && !s.batch)) this.finish();
  }

  /** The watchdog: a busy worker silent for hangMs is stuck in one case. */
  watch() {
    const now = performance.now();
    for (const slot of this.slots) {
      if (slot.dead || !slot.ready || !slot.batch) continue;
      if (now - slot.last > this.o.hangMs)
        this.onCrash(slot, `no answer within ${this.o.hangMs} ms: the pipeline hangs`, 'hang');
    }
  }

  /** Records the case the slot was running as failed and starts a fresh worker after it. */
  onCrash(slot, why, outcome = 'refused') {
    if (slot.dead) return;
    slot.dead = true;
    slot.worker.terminate();
    const batch = slot.batch;
    const i = this.slots.indexOf(slot);
    if (!batch) {
      this.reject(new Error(`fuzz worker failed before running a case: ${why}`));
      return;
    }
    const index = batch.from + slot.done;
    this.crashed.push({ index, why, outcome });
    const rest = index + 1 < batch.to ? { from: index + 1, to: batch.to } : null;
    this.slots[i] = this.spawn(rest);
  }

  crashed = [];

  progress() {
    const now = performance.now();
    if (now - this.lastLog < 5000) return;
    this.lastLog = now;
    const s = this.stats;
    const secs = (now - this.started) / 1000;
    this.o.log(
      `  ${s.cases} cases, ${s.failureCount + this.crashed.length} failures, ${(s.cases / secs).toFixed(0)} cases/s, ${secs.toFixed(0)} s`,
    );
  }

  async finish() {
    clearInterval(this.watchdog);
    try {
      await this.recordCrashes();
      const seconds = (performance.now() - this.started) / 1000;
      this.resolve(summary(this.o, this.files, this.info, this.stats, seconds));
    } catch (e) {
      this.reject(e);
    }
  }

  /** Hung or crashed cases: described by an engine loaded here (only when there are some). */
  async recordCrashes() {
    if (this.crashed.length === 0) return;
    const { createEngine } = await import(this.url);
    const engine = await createEngine({ files: this.files, seed: this.o.seed });
    for (const c of this.crashed) {
      const k = engine.caseAt(c.index);
      record(this.stats, {
        index: c.index,
        kind: k.kind,
        subject: this.files[k.subject]?.name ?? '?',
        outcome: c.outcome,
        ms: c.outcome === 'hang' ? this.o.hangMs : 0,
        size: engine.input(c.index).length,
        heapGrowth: 0,
        bufferGrowth: 0,
        failure: `${engine.describe(c.index)}: ${c.why}`,
      });
    }
  }
}

function summary(o, files, info, stats, seconds) {
  return {
    seed: o.seed,
    requested: o.count,
    seconds,
    casesPerSecond: stats.cases / seconds,
    workers: o.workers,
    maxFile: o.maxFile,
    budgetMs: o.budgetMs,
    hangMs: o.hangMs,
    files: files.length,
    info,
    ...stats,
  };
}
