// Turns the browser benchmark's loads into tables, checks them against issue 7's browser targets, and
// writes docs/performance-browser.md. Everything in that file is generated.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { markdownTable } from '../bench/report.mjs';

const MB = 1e6;
/** Issue 7: 1 GB → flow list in ≤ 3 s; no main-thread task over 50 ms; 2 GB loads, tab alive. */
export const TARGETS = { flowListSeconds: 3, longTaskMs: 50 };

const s = (ms) => (ms === null || ms === undefined ? '—' : (ms / 1000).toFixed(2));
const mb = (b) => (b === null || b === undefined || b === 0 ? '—' : (b / MB).toFixed(0));
const ratio = (n) => (n === null || !Number.isFinite(n) ? '—' : `${n.toFixed(1)}×`);

/** The worker's own time as the page shows it ("Read in 905 ms", "Read in 11.8 s"), in ms. */
export function readInMs(text) {
  const m = /([\d.,]+)\s*(ms|s)\b/.exec(text ?? '');
  if (!m) return null;
  const n = Number(m[1].replace(/,/g, ''));
  return m[2] === 'ms' ? n : n * 1000;
}

export function longestTask(r) {
  return r.longTasks.reduce((m, t) => Math.max(m, t.duration), 0);
}

/** The fastest successful run of an input (the one least disturbed by other work), or null. */
export function bestRun(runs) {
  const ok = runs.filter((r) => r?.status === 'ok');
  return ok.length === 0 ? null : ok.reduce((a, b) => (b.ms.firstRowPainted < a.ms.firstRowPainted ? b : a));
}

export function inputsTable(inputs, root) {
  const rows = inputs.map((i) => [
    i.id,
    path.relative(root, i.file),
    String(i.meta.packets),
    (i.meta.bytes / MB).toFixed(0),
    String(i.meta.flows),
  ]);
  return markdownTable(['input', 'file', 'packets', 'MB', 'TCP connections started'], rows, [2, 3, 4]);
}

export function resultsTable(inputs, runsById) {
  const header = [
    'input',
    'run',
    'result',
    'first flow list (s)',
    'full analysis (s)',
    'worker read + analysis (s)',
    'result to page (s)',
    'longest main-thread task (ms)',
    'tasks > 50 ms',
    'its CPU / most CPU in one task (ms)',
    'worker peak heap (MB)',
    'page peak heap (MB)',
    'renderer RSS before → peak (MB)',
    'renderer CPU (s)',
  ];
  const rows = [];
  for (const input of inputs) {
    (runsById[input.id] ?? []).forEach((r, k) => {
      if (!r) {
        rows.push([input.id, String(k + 1), 'no result', ...new Array(header.length - 3).fill('—')]);
        return;
      }
      const readIn = readInMs(r.shown.readIn);
      const rend = r.memory.renderer;
      rows.push([
        input.id,
        String(k + 1),
        r.status,
        s(r.ms.firstRowPainted),
        s(r.ms.headlinePainted),
        s(readIn),
        readIn === null || r.ms.headlinePainted === null ? '—' : s(r.ms.headlinePainted - readIn),
        r.status === 'crashed' ? '—' : longestTask(r).toFixed(0),
        String(r.longTasks.length),
        r.mainThread
          ? `${r.mainThread.longestWallCpuMs.toFixed(0)} / ${r.mainThread.longestCpuMs.toFixed(0)}`
          : '—',
        mb(r.memory.worker?.total),
        mb(r.memory.main.total),
        rend ? `${mb(rend.rssBefore)} → ${mb(rend.hwm)}` : '—',
        rend ? rend.cpuSeconds.toFixed(1) : '—',
      ]);
    });
  }
  return markdownTable(header, rows, [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
}

export function nodeTable(inputs, runsById, node) {
  const rows = [];
  for (const input of inputs) {
    const n = node[input.id];
    const best = bestRun(runsById[input.id] ?? []);
    if (!n) continue;
    if (n.error) {
      rows.push([input.id, `failed: ${n.error.split('\n')[0].slice(0, 60)}`, ...new Array(9).fill('—')]);
      continue;
    }
    const browser = best?.ms.headlinePainted ?? null;
    const worker = best ? readInMs(best.shown.readIn) : null;
    const cpu = best?.memory.renderer?.cpuSeconds ?? null;
    rows.push([
      input.id,
      n.seconds.toFixed(2),
      s(browser),
      browser === null ? '—' : ratio(browser / 1000 / n.seconds),
      worker === null ? '—' : ratio(worker / 1000 / n.seconds),
      n.workCpu.toFixed(1),
      cpu === null ? '—' : cpu.toFixed(1),
      cpu === null ? '—' : ratio(cpu / n.workCpu),
      mb(n.peakHeap),
      mb(best?.memory.worker?.total),
      `${mb(n.maxRss)} / ${mb(best?.memory.renderer?.hwm)}`,
    ]);
  }
  return markdownTable(
    [
      'input',
      'Node whole analysis (s)',
      'browser full analysis (s)',
      'browser ÷ Node',
      'worker alone ÷ Node',
      'Node CPU (s)',
      'renderer CPU (s)',
      'CPU browser ÷ Node',
      'Node peak heap (MB)',
      'worker peak heap (MB)',
      'peak RSS Node / renderer (MB)',
    ],
    rows,
    [1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
}

/** Target rows: [target, met/MISSED, figure]. */
export function targetChecks(inputs, runsById) {
  const checks = [];
  for (const input of inputs) {
    const runs = (runsById[input.id] ?? []).filter(Boolean);
    const best = bestRun(runs);
    const gb = input.meta.bytes / 1e9;
    if (gb >= 0.95 && gb < 1.5) {
      const t = best?.ms.firstRowPainted ?? null;
      checks.push([
        `1 GB → flow list in ≤ ${TARGETS.flowListSeconds} s`,
        t !== null && t <= TARGETS.flowListSeconds * 1000 ? 'met' : 'MISSED',
        `${input.id}: ${t === null ? 'no flow list' : `${s(t)} s`} (best of ${runs.length}; renderer CPU ${best?.memory.renderer?.cpuSeconds.toFixed(1) ?? '—'} s)`,
      ]);
    }
    const worst = runs.reduce((m, r) => Math.max(m, longestTask(r)), 0);
    checks.push([
      `no main-thread task over ${TARGETS.longTaskMs} ms during the load`,
      runs.length > 0 && worst <= TARGETS.longTaskMs ? 'met' : 'MISSED',
      `${input.id}: longest ${worst.toFixed(0)} ms over ${runs.length} run(s)`,
    ]);
    // The same tasks by CPU time (Chromium trace): what the page itself costs, without the time a
    // busy machine kept the thread waiting.
    const traced = runs.filter((r) => r.mainThread);
    if (traced.length > 0) {
      const cpu = traced.reduce((m, r) => Math.max(m, r.mainThread.longestCpuMs), 0);
      checks.push([
        `the same, counting each task's CPU time (trace)`,
        cpu <= TARGETS.longTaskMs ? 'met' : 'MISSED',
        `${input.id}: at most ${cpu.toFixed(0)} ms of CPU in one task over ${traced.length} run(s)`,
      ]);
    }
    if (gb >= 1.5) {
      const alive = runs.length > 0 && runs.every((r) => r.status === 'ok');
      const peak = Math.max(0, ...runs.map((r) => r.memory.renderer?.hwm ?? 0));
      checks.push([
        `${gb.toFixed(0)} GB file loads without the tab dying`,
        alive ? 'met' : 'MISSED',
        `${input.id}: ${runs.map((r) => r.status).join(', ') || 'not run'}; renderer peak ${mb(peak)} MB`,
      ]);
    }
  }
  return checks;
}

export function targetsTable(checks) {
  return markdownTable(['target (issue 7)', 'this run', 'figure'], checks);
}

/** The long tasks of one run with what the long-animation-frame entries attribute them to. */
export function longTaskTable(r) {
  const rows = r.longTasks.map((t) => {
    const frame = r.longFrames.find((f) => f.start <= t.start + 1 && f.start + f.duration >= t.start);
    const scripts = (frame?.scripts ?? [])
      .filter((x) => x.duration >= 5)
      .map(
        (x) =>
          `${x.invoker}${x.sourceFunctionName ? ` → ${x.sourceFunctionName}()` : ''} ${x.duration.toFixed(0)} ms`,
      )
      .join('; ');
    return [(t.start / 1000).toFixed(2), t.duration.toFixed(0), scripts || '—'];
  });
  return markdownTable(
    ['starts at (s)', 'duration (ms)', 'scripts in that frame (long-animation-frame)'],
    rows,
    [0, 1],
  );
}

/** The worker → page message by part: what the main thread deserialises in one task. */
export function messageTable(m) {
  if (!m || m.error) return `The message breakdown failed: ${m?.error ?? 'not run'}`;
  const rows = m.parts.map((p) => [
    p.name,
    mb(p.bytes),
    p.serializeMs.toFixed(0),
    p.deserializeMs.toFixed(0),
  ]);
  const whole = (name, w) =>
    w && rows.push([name, mb(w.bytes), w.serializeMs.toFixed(0), w.deserializeMs.toFixed(0)]);
  whole('**the first message**', m.whole);
  whole('**the second message**', m.wholeDetails);
  const ms = (x) => (x === undefined ? '—' : `${x.toFixed(0)} ms`);
  const intro = `The result the worker posts (${m.flows} flows holding ${m.httpExchanges} HTTP exchanges, ${m.findings} findings, the packet table), rebuilt in Node exactly as the worker builds it and passed through V8's serializer, the format of postMessage (best of three runs per part). It crosses in two messages: the first holds what the summary and the flow list show (packing it took ${ms(m.packMs)}, on the way to the list); the second, asked for as soon as the first arrived and packed while the page draws the list (${ms(m.packDetailsMs)}), what only the selected connection's view reads: the packet table, the per-packet flow columns, the HTTP exchanges and the findings' facts. Flows, HTTP exchanges and findings are typed-array columns (src/worker/flow-transfer.ts, http-transfer.ts, diagnosis-transfer.ts) and their strings one string table, so the page deserialises a few objects, not one per flow, and builds a flow's objects only when it shows it. Typed arrays are copied here but transferred by the page, so their rows overstate (the parts overlap: the rows are inside the flows).`;
  return `${intro}\n\n${markdownTable(['part', 'MB', 'serialize (ms)', 'deserialize (ms)'], rows, [1, 2, 3])}`;
}

export function profileTables(p) {
  const out = [];
  if (p.message) out.push('**worker → page message**\n', messageTable(p.message), '');
  for (const [title, prof] of [
    ['analysis worker', p.worker],
    ['page main thread', p.main],
  ]) {
    if (!prof) continue;
    const tasks =
      title === 'page main thread' && p.longTasks?.length
        ? ` Long tasks in this run: ${p.longTasks.map((t) => `${t.duration.toFixed(0)} ms`).join(', ')}.`
        : '';
    out.push(
      `**${title}**: ${s(prof.busyMs)} s busy, ${s(prof.idleMs)} s idle while profiled.${tasks}\n`,
      markdownTable(
        ['self %', 'layer'],
        prof.layers.slice(0, 8).map(([pc, l]) => [pc.toFixed(1), l]),
        [0],
      ),
      '',
      markdownTable(
        ['self %', 'function', 'source'],
        prof.functions.map(([pc, f, file]) => [pc.toFixed(1), f, file || '—']),
        [0],
      ),
      '',
    );
  }
  return out.join('\n');
}

/** What a long-animation-frame script invoker means in this page. */
/** What the main script of a long task does in this page, by its long-animation-frame invoker. */
function mainScript(r, t) {
  const frame = r.longFrames.find((f) => f.start <= t.start + 1 && f.start + f.duration >= t.start);
  return [...(frame?.scripts ?? [])].sort((a, b) => b.duration - a.duration)[0] ?? null;
}

function taskCause(r, t) {
  const main = mainScript(r, t);
  if (!main) return 'no script attributed (style, layout or a browser task)';
  if (main.invoker.startsWith('Worker.onmessage'))
    return `${main.invoker}, the worker's result arriving: the page deserialises the whole message (structured clone) in this one task`;
  if (!main.invoker.startsWith('MessagePort.onmessage')) return main.invoker;
  // React schedules its work through a MessageChannel: the progress display while the worker reads,
  // the capture view once the result is in.
  const result = r.longTasks.find((x) => mainScript(r, x)?.invoker.startsWith('Worker.onmessage'));
  const what = result && t.start < result.start ? 'the progress display' : 'the loaded capture';
  return `${main.invoker}, React rendering ${what} (React schedules its work through a MessageChannel)`;
}

/** Sentences derived from this run's figures: what bounds the time, what the long tasks are. */
export function limitsSection(inputs, runsById, node) {
  const lines = [];
  for (const input of inputs) {
    const best = bestRun(runsById[input.id] ?? []);
    if (!best) continue;
    const n = node[input.id];
    const cpu = best.memory.renderer?.cpuSeconds ?? null;
    const readIn = readInMs(best.shown.readIn);
    const after =
      readIn === null || best.ms.headlinePainted === null ? null : best.ms.headlinePainted - readIn;
    const list = best.ms.firstRowPainted;
    const headline = best.ms.headlinePainted;
    if (n && !n.error && cpu !== null) {
      const oneGB = input.meta.bytes >= 0.95e9 && input.meta.bytes < 1.5e9;
      const needed = (n.workCpu / TARGETS.flowListSeconds).toFixed(1);
      const early = list !== null && headline !== null && headline - list > 100;
      const bound = early
        ? `The flow list comes before the diagnosis: a file this big is read twice (src/worker/open-capture.ts), first by the reader with the connection table alone, whose list the page shows at ${s(list)} s, then again for the whole analysis, whose result the page shows at ${s(headline)} s${after === null ? '' : ` (${s(after)} s of it after the worker's own time)`}. The first flow list is bounded by that first read; the full analysis costs it on top of one pass.`
        : `The worker posts one result when the whole analysis is done, so the flow list cannot appear before the analysis core has finished: ${TARGETS.flowListSeconds} s needs that core about ${needed}× faster than in this run${after === null ? '' : `, plus less of what the page adds after the worker (${s(after)} s here)`}.`;
      lines.push(
        `- **${input.id}, time**: the page's renderer spent ${cpu.toFixed(1)} s of CPU on the load, Node's whole analysis of the same file ${n.workCpu.toFixed(1)} s (${ratio(cpu / n.workCpu)}).${oneGB ? ` ${bound}` : ''}`,
      );
    }
    const tasks = [...best.longTasks].sort((a, b) => b.duration - a.duration).slice(0, 3);
    if (tasks.length > 0)
      lines.push(
        `- **${input.id}, main thread**: ${tasks.map((t) => `${t.duration.toFixed(0)} ms at ${s(t.start)} s — ${taskCause(best, t)}`).join('; ')}.`,
      );
    const w = best.memory.worker?.total;
    const r = best.memory.renderer?.hwm;
    if (w && r)
      lines.push(
        `- **${input.id}, memory**: worker peak heap ${mb(w)} MB${n && !n.error ? ` (Node: ${mb(n.peakHeap)} MB for the same work)` : ''}; the renderer, page and worker together, peaked at ${mb(r)} MB resident.`,
      );
  }
  return lines.length > 0 ? `## What limits the figures\n\n${lines.join('\n')}\n\n` : '';
}

const HOW = `## How the figures are taken

- \`npm run bench:browser\` (scripts/bench-browser.mjs) makes the mixed-HTTP inputs with the Node
  benchmark's generator (scripts/bench/datasets.mjs, same seed, same bytes as \`npm run bench\`), then runs
  \`playwright test -c playwright.bench.config.ts\` (e2e/bench/): for each input a fresh headless Chromium
  opens the production build served by scripts/serve-dist.mjs under /wirelens/, and the capture is
  chosen through the page's file input (the browser reads the file from disk; nothing is copied into
  the page first).
- **first flow list**: from the file input's \`change\` event to the first frame painted after the
  first \`flow-row\` entered the DOM. A file of 64 MiB or more is read twice (src/worker/open-capture.ts):
  the list comes from the first read (the reader and the connection table alone, no diagnosis), so
  this is the early list. **full analysis**: the same for the summary's headline, which comes with the
  whole result after the second read. **worker read + analysis**: the worker's own time as the
  summary shows it (both reads, flows, diagnosis; 0.1 s resolution above 1 s); **result to page** is
  the rest after it: packing, the message to the page, deserialising it, and React's render.
- **longest main-thread task**: \`PerformanceObserver\` entries of type \`longtask\` (tasks over 50 ms),
  registered before any app script runs, counted from the change event to 1 s after the headline was
  painted; the scripts column comes from \`long-animation-frame\` entries of the same moment. That is
  wall time, which on a busy machine includes the time the thread waited for a core. **its CPU / most
  CPU in one task**: from a Chromium trace of the same load (e2e/bench/main-thread-trace.ts: the
  main thread's \`RunTask\` events, \`tdur\` being the thread's CPU time), the CPU time of the
  longest task and the most CPU any one task took.
- **worker peak heap**: the highest V8 heap in use plus ArrayBuffer backing stores of the analysis
  worker, sampled every 100 ms with CDP \`Runtime.getHeapUsage\` on the worker target — the same
  quantity as the Node benchmark's *peak heap* (heapUsed + arrayBuffers). **page peak heap**: the same
  for the main thread. **renderer RSS**: the page's renderer process (it hosts the page and its
  worker; the one that burnt the most CPU during the load) before the file was chosen, and its
  VmHWM from /proc at the end, the kernel's record of its peak resident set. **renderer CPU**: that
  process's CPU time during the load (CDP \`SystemInfo.getProcessInfo\`), steadier than wall time on a
  busy machine.
- **Node whole analysis**: \`analyzeCapture\` on the same file in a fresh Node process
  (scripts/bench/phase-child.mjs, the Node benchmark's *whole analysis* phase), measured in the same run;
  *Node CPU* is that work's CPU time, *CPU browser ÷ Node* compares it with the renderer's CPU time
  during the load (the worker's work plus the page's), which load on the machine disturbs less than
  wall time.
- Several runs per input are made when asked (\`--runs\`); every run is listed. The targets use the
  fastest run for times and the worst run for the longest task.
- \`--profile\` adds one run of the first input under V8's sampling profiler (worker and main thread,
  via CDP) against a build without minification, so that functions keep their names; the profiled run's
  times are not in the results table. It also rebuilds the worker's result message in Node
  (scripts/bench-browser/message-cost.mjs) and times V8's serializer on each part of it.`;

export function writeBrowserDoc(file, run) {
  const { inputs, runsById, node, profiles, machine, command, date, notes, root } = run;
  const checks = targetChecks(inputs, runsById);
  const longTasks = inputs
    .map((i) => {
      const r = bestRun(runsById[i.id] ?? []);
      return r && r.longTasks.length > 0 ? `**${i.id}** (fastest run)\n\n${longTaskTable(r)}\n` : '';
    })
    .filter(Boolean)
    .join('\n');
  const nodePart =
    Object.keys(node).length > 0 ? `## Against Node\n\n${nodeTable(inputs, runsById, node)}\n\n` : '';
  const profilePart = profiles
    ? `## Profile of one load (${profiles.input})\n\n${profileTables(profiles)}\n`
    : '';
  const text = `<!-- GENERATED by scripts/bench-browser.mjs (\`npm run bench:browser\`). Do not edit by hand: the next run rewrites this file. -->
# Performance in the browser

Regenerated by \`${command}\` on ${date}. The Node figures (reader, flows, whole analysis, tshark) are in
[performance.md](performance.md).

## Machine

- ${machine.cores} cores (${machine.cpu}), ${machine.memGB} GB RAM, ${machine.os}
- Chromium ${machine.chromium} (headless${machine.executable ? `, ${machine.executable}` : ''}); Node ${machine.node} for the comparison
- build: ${machine.build}${machine.distLabel === '--build' ? '' : `, served from \`${machine.distLabel}\``}
- load average at start ${machine.loadStart}, at end ${machine.loadEnd} (other processes share the machine)

## Inputs

${inputsTable(inputs, root)}

## Results

${resultsTable(inputs, runsById)}

## Targets

${targetsTable(checks)}

${limitsSection(inputs, runsById, node)}${nodePart}${longTasks ? `## Main-thread long tasks\n\n${longTasks}\n` : ''}${profilePart}${
  notes.length > 0 ? `## Notes\n\n${notes.map((n) => `- ${n}`).join('\n')}\n\n` : ''
}${HOW}
`;
  writeFileSync(file, text);
  return checks;
}
