// One measured phase in a fresh process, so that its peak memory is its own:
//   node --expose-gc phase-child.mjs PHASE FILE [BUNDLE] [--timing]
// PHASE is plain | reader | flows | analysis; BUNDLE is the esbuild output exporting the Wirelens
// entry points the phase needs. Prints one JSON line with the figures on stdout.
// --timing: a run for the clock only. The memory figures need forced GCs and event-loop waits
// around the phase (settledMemory) that would be counted in the process's wall and CPU time, which
// are compared with tshark's whole process; a timing run does none of that: start Node, load the
// bundle, do the work, exit, as the CLI does.
import { open } from 'node:fs/promises';

const CHUNK = 16 << 20;
const args = process.argv.slice(2);
const timingOnly = args.includes('--timing');
const [phase, file, bundle] = args.filter((a) => a !== '--timing');
/** Holds the phase's result so that the retained-memory figure, taken after a GC, counts it. */
let keepAlive = null;

function memory() {
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.arrayBuffers };
}

/** Memory after full GCs. ArrayBuffer backing stores are released by a sweeper after the GC, not
 * during it, so one gc() followed at once by memoryUsage() can still count dead chunks: collect, yield
 * to the event loop, twice. */
async function settledMemory() {
  for (let i = 0; i < 2; i++) {
    globalThis.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return memory();
}

/** Tracks the highest V8 heap + ArrayBuffer use seen; sampled from the reader's progress callback. */
function createPeak() {
  let peak = 0;
  return {
    sample() {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.heapUsed + m.arrayBuffers);
    },
    get value() {
      return peak;
    },
  };
}

// The floor: read the file in 16 MiB chunks into one buffer, touching nothing.
async function plainRead() {
  const fh = await open(file, 'r');
  const buf = Buffer.allocUnsafe(CHUNK);
  let bytes = 0;
  for (;;) {
    const { bytesRead } = await fh.read(buf, 0, CHUNK, bytes);
    if (bytesRead === 0) break;
    bytes += bytesRead;
  }
  await fh.close();
  return { bytes, packets: null };
}

async function withSource(mod, run) {
  const source = await mod.NodeFileSource.open(file);
  try {
    return await run(source);
  } finally {
    await source.close?.();
  }
}

async function readerOnly(mod, peak) {
  return withSource(mod, async (source) => {
    const res = await mod.readCapture(source, { onProgress: peak.sample, progressIntervalMs: 50 });
    return { capture: res, flows: null };
  });
}

// The connection table (the flow list) hooked into the reader's per-packet callback, as
// src/analysis/analyze-capture.ts hooks the full flow builder; states, analysis flags and HTTP are
// left to the whole-analysis phase.
async function readerAndFlows(mod, peak) {
  return withSource(mod, async (source) => {
    let builder;
    const capture = await mod.readCapture(source, {
      onProgress: peak.sample,
      progressIntervalMs: 50,
      onPacket: (table, row, bytes, start) => {
        builder ??= mod.createFlowBuilder(table, { analysis: false });
        builder.onPacket(table, row, bytes, start);
      },
    });
    builder ??= mod.createFlowBuilder(capture.table, { analysis: false });
    return { capture, flows: builder.finish() };
  });
}

async function wholeAnalysis(mod, peak) {
  return withSource(mod, async (source) => {
    const res = await mod.analyzeCapture(source, { onProgress: peak.sample, progressIntervalMs: 50 });
    return { capture: res.capture, flows: res.flows, diagnosis: res.diagnosis };
  });
}

const PHASES = { reader: readerOnly, flows: readerAndFlows, analysis: wholeAnalysis };

function tcpFlowCount(flows) {
  if (!flows?.flows) return null;
  let n = 0;
  for (const f of flows.flows) if (f.transport === 'tcp') n++;
  return n;
}

function findingCount(diagnosis) {
  if (!diagnosis) return null;
  for (const key of ['findings', 'flows', 'items'])
    if (Array.isArray(diagnosis[key])) return diagnosis[key].length;
  return Array.isArray(diagnosis) ? diagnosis.length : null;
}

async function main() {
  const base = timingOnly ? null : await settledMemory();
  const peak = createPeak();
  if (!timingOnly) peak.sample();
  const mod = bundle ? await import(bundle) : null;
  const loaded = timingOnly ? null : await settledMemory();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const out =
    phase === 'plain' ? await plainRead() : await PHASES[phase](mod, timingOnly ? { sample() {} } : peak);
  keepAlive = out;
  const seconds = (performance.now() - t0) / 1000;
  const cpuWork = process.cpuUsage(cpu0);
  const result = { phase, seconds, workCpu: (cpuWork.user + cpuWork.system) / 1e6, timingOnly };
  if (phase === 'plain') {
    result.bytes = out.bytes;
  } else {
    const { capture } = out;
    result.packets = capture.packets;
    result.bytes = capture.bytesRead;
    result.tcpFlows = tcpFlowCount(out.flows);
  }
  if (!timingOnly) await memoryFigures(result, out, base, loaded, peak);
  const usage = process.resourceUsage();
  result.maxRss = usage.maxRSS * 1024;
  // CPU of the whole process (all threads, start-up included), comparable with tshark's under load.
  result.cpu = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  result.kept = keepAlive !== null;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Peak and retained memory of the phase (a memory run, not a timing run). */
async function memoryFigures(result, out, base, loaded, peak) {
  peak.sample();
  result.baseRss = base.rss;
  result.loadedHeap = loaded.heap;
  if (phase !== 'plain') {
    const { capture } = out;
    capture.table.trim?.();
    result.warnings = capture.warnings.length;
    result.truncated = capture.truncated;
    result.tableBytes = capture.table.byteLength();
    result.findings = findingCount(out.diagnosis);
    // What stays reachable after the read: the table, the flows and their columns (out is still live).
    result.retainedBytes = (await settledMemory()).heap - loaded.heap;
  }
  result.peakHeap = peak.value;
}

main().catch((e) => {
  process.stdout.write(`${JSON.stringify({ phase, error: String(e?.stack ?? e) })}\n`);
  process.exitCode = 1;
});
