// Turns the measurements into the results table (printed, and written to docs/performance.md) and
// checks them against the targets of issue 7.

const PHASE_TITLES = {
  plain: 'plain read (floor)',
  reader: 'Wirelens reader',
  flows: 'reader + flows',
  analysis: 'whole analysis',
  tshark: 'tshark -z conv,tcp',
};

const MB = 1e6;

function fixed(n, digits) {
  return n === null || n === undefined || !Number.isFinite(n) ? '—' : n.toFixed(digits);
}

/** A ratio with a precision that suits its size. */
function ratio(n) {
  if (n === null || !Number.isFinite(n)) return '—';
  return `${n >= 10 ? n.toFixed(0) : n.toFixed(n >= 1 ? 1 : 2)}×`;
}

/** Renders rows (arrays of strings) as a Markdown table whose columns line up in a terminal too. */
export function markdownTable(header, rows, alignRight = []) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) =>
    `| ${cells.map((c, i) => (alignRight.includes(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (alignRight.includes(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const RESULT_HEADER = [
  'input',
  'phase',
  'packets',
  'time (s)',
  'process (s)',
  'CPU (s)',
  'Mpkt/s',
  'MB/s',
  '× plain read',
  'tshark ÷ this (wall)',
  'tshark ÷ this (CPU)',
  'peak RSS (MB)',
  'peak heap (MB)',
  'table B/pkt',
  'retained B/pkt',
  'TCP flows',
];

/** One table row per phase of one input. `m` maps phase → measurement. */
function datasetRows(ds, m) {
  const plain = m.plain && !m.plain.error ? m.plain : null;
  const tshark = m.tshark && !m.tshark.error ? m.tshark : null;
  const packets = ds.meta.packets;
  const rows = [];
  for (const phase of ['plain', 'reader', 'flows', 'analysis', 'tshark']) {
    const r = m[phase];
    if (!r) continue;
    if (r.error || r.skipped) {
      rows.push([
        ds.id,
        PHASE_TITLES[phase],
        r.skipped ? 'skipped' : 'failed',
        ...Array(RESULT_HEADER.length - 3).fill('—'),
      ]);
      continue;
    }
    const pkts = r.packets ?? packets;
    const flows = phase === 'tshark' ? r.conversations : r.tcpFlows;
    rows.push([
      ds.id,
      PHASE_TITLES[phase],
      String(pkts),
      fixed(r.seconds, 3),
      fixed(r.wall, 2),
      fixed(r.cpu, 2),
      fixed(pkts / r.seconds / 1e6, 2),
      fixed(ds.meta.bytes / r.seconds / MB, 0),
      plain && phase !== 'tshark' ? ratio(r.seconds / plain.seconds) : '—',
      tshark && phase !== 'tshark' ? ratio(tshark.wall / r.wall) : '—',
      tshark?.cpu && r.cpu && phase !== 'tshark' ? ratio(tshark.cpu / r.cpu) : '—',
      fixed(r.maxRss / MB, 0),
      fixed(r.peakHeap / MB, 0),
      r.tableBytes ? fixed(r.tableBytes / pkts, 1) : '—',
      r.retainedBytes ? fixed(r.retainedBytes / pkts, 1) : '—',
      flows === null || flows === undefined ? '—' : String(flows),
    ]);
  }
  return rows;
}

export function resultsTable(datasets, measurements) {
  const rows = datasets.flatMap((ds) => datasetRows(ds, measurements[ds.id] ?? {}));
  return markdownTable(
    RESULT_HEADER,
    rows,
    RESULT_HEADER.map((_, i) => i).filter((i) => i >= 2),
  );
}

function ok(r) {
  return r && !r.error && !r.skipped ? r : null;
}

/** Issue 7's targets, each checked on this run's figures: [target, verdict, evidence]. */
export function targetChecks(datasets, measurements) {
  const checks = [];
  const each = (filter, fn) => datasets.filter(filter).map((ds) => fn(ds, measurements[ds.id] ?? {}));
  const verdict = (pass) => (pass === null ? 'not measured' : pass ? 'met' : 'MISSED');
  each(
    (ds) => ds.kind === 'http',
    (ds, m) => {
      const f = ok(m.flows);
      const rate = f ? f.packets / f.seconds : null;
      checks.push([
        'reader + flows ≥ 1 M packets/s, mixed traffic',
        verdict(f && rate >= 1e6),
        `${ds.id}: ${fixed(rate && rate / 1e6, 2)} M/s`,
      ]);
    },
  );
  each(
    (ds) => ds.kind === 'small',
    (ds, m) => {
      const f = ok(m.flows);
      const rate = f ? f.packets / f.seconds : null;
      checks.push([
        'reader + flows ≥ 5 M packets/s, small packets',
        verdict(f && rate >= 5e6),
        `${ds.id}: ${fixed(rate && rate / 1e6, 2)} M/s`,
      ]);
    },
  );
  each(
    () => true,
    (ds, m) => {
      const f = ok(m.flows);
      const a = ok(m.analysis);
      const x = f && a ? a.seconds / f.seconds : null;
      const cpu = f?.workCpu && a?.workCpu ? a.workCpu / f.workCpu : null;
      checks.push([
        'whole analysis ≤ 2× reader + flows',
        verdict(x === null ? null : x <= 2),
        `${ds.id}: ${ratio(x)} (wall), ${ratio(cpu)} (CPU)`,
      ]);
    },
  );
  // tshark -z conv,tcp prints the connection table (what reader + flows builds), but it dissects every
  // layer to get there, TCP analysis and HTTP included: both of our phases are compared with it.
  for (const phase of ['flows', 'analysis'])
    each(
      () => true,
      (ds, m) => {
        const t = ok(m.tshark);
        const ours = ok(m[phase]);
        const x = t && ours ? t.wall / ours.wall : null;
        const cpu = t?.cpu && ours?.cpu ? t.cpu / ours.cpu : null;
        checks.push([
          `≥ 20× faster than tshark -z conv,tcp (${PHASE_TITLES[phase]})`,
          verdict(x === null ? null : x >= 20),
          `${ds.id}: ${ratio(x)} (wall), ${ratio(cpu)} (CPU)`,
        ]);
      },
    );
  each(
    () => true,
    (ds, m) => {
      const r = ok(m.reader) ?? ok(m.flows);
      const b = r ? r.tableBytes / r.packets : null;
      checks.push([
        'packet table ≤ 40 bytes/packet',
        verdict(b === null ? null : b <= 40),
        `${ds.id}: ${fixed(b, 1)} B`,
      ]);
    },
  );
  return checks;
}

export function targetsTable(checks) {
  return markdownTable(
    ['target (issue 7)', 'this run', 'figure'],
    checks.map(([t, v, e]) => [t, v, e]),
  );
}

export function inputsTable(datasets) {
  return markdownTable(
    ['input', 'file', 'packets', 'MB', 'TCP connections started', 'concurrent', 'capture span (s)'],
    datasets.map((ds) => [
      ds.id,
      ds.shownFile,
      String(ds.meta.packets),
      fixed(ds.meta.bytes / MB, 0),
      String(ds.meta.flows),
      String(ds.meta.concurrency),
      fixed(ds.meta.durationSeconds, 1),
    ]),
    [2, 3, 4, 5, 6],
  );
}

/** One table per profiled phase: the functions with the most self time. */
export function profileTables(profiles) {
  const parts = [];
  for (const [id, phases] of Object.entries(profiles)) {
    for (const [phase, p] of Object.entries(phases)) {
      const title = `**${id}, ${PHASE_TITLES[phase]}**`;
      if (p.error) {
        parts.push(`${title}: the profiled run failed (${p.error.split('\n')[0]}).`);
        continue;
      }
      const rows = p.top.map(([pct, name, file]) => [fixed(pct, 1), name, file || '—']);
      parts.push(
        `${title} (\`${p.file.split('/').slice(-3).join('/')}\`)\n\n${markdownTable(['self %', 'function', 'source'], rows, [0])}`,
      );
    }
  }
  return parts.join('\n\n');
}

/**
 * Where each packet's time goes: the cost of every stage as the difference between consecutive
 * phases (each phase runs the previous ones too), in µs per packet and as a share of the whole.
 */
export function stageTable(datasets, measurements) {
  const rows = [];
  for (const ds of datasets) {
    const m = measurements[ds.id] ?? {};
    const [plain, reader, flows, analysis] = ['plain', 'reader', 'flows', 'analysis'].map((p) => ok(m[p]));
    if (!reader || !flows || !analysis) continue;
    const packets = ds.meta.packets;
    const us = (s) => (s * 1e6) / packets;
    const stages = [
      ['file read (floor)', plain ? plain.seconds : null],
      ['decoding into the packet table', plain ? reader.seconds - plain.seconds : reader.seconds],
      ['connection table', flows.seconds - reader.seconds],
      ['states, flags, HTTP, rules', analysis.seconds - flows.seconds],
    ];
    for (const [stage, s] of stages)
      rows.push([
        ds.id,
        stage,
        s === null ? '—' : fixed(us(s), 3),
        s === null ? '—' : `${fixed((100 * s) / analysis.seconds, 0)} %`,
      ]);
  }
  return markdownTable(['input', 'stage', 'µs/packet', 'share of whole'], rows, [2, 3]);
}
