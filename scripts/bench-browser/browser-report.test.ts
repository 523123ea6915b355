// The browser benchmark's verdicts: which run counts for a target, and how the profile summary maps
// samples back to source files. Loads are built by hand here; the real ones come from e2e/bench/.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { summarizeBrowserProfile } from './browser-profile.mjs';
import { bestRun, readInMs, targetChecks } from './browser-report.mjs';

interface FakeRun {
  status: string;
  ms: { firstRowPainted: number | null };
  longTasks: { start: number; duration: number }[];
  memory: { renderer: { hwm: number; cpuSeconds: number } | null };
}

function run(status: string, firstRow: number | null, tasks: number[]): FakeRun {
  return {
    status,
    ms: { firstRowPainted: firstRow },
    longTasks: tasks.map((duration, i) => ({ start: i * 1000, duration })),
    memory: { renderer: { hwm: 900e6, cpuSeconds: 5 } },
  };
}

const input = (id: string, bytes: number) => ({ id, meta: { bytes } });

describe('browser benchmark report', () => {
  it('reads the worker time the summary shows', () => {
    expect(readInMs('Read in905 ms')).toBe(905);
    expect(readInMs('Read in 11.8 s')).toBe(11_800);
    expect(readInMs('')).toBeNull();
  });

  it('times come from the fastest successful run, long tasks from the worst run', () => {
    const runs = [run('ok', 4000, [60]), run('ok', 2500, [40]), run('crashed', null, [])];
    expect(bestRun(runs)?.ms.firstRowPainted).toBe(2500);
    const checks = targetChecks([input('http-1GB', 1e9)], { 'http-1GB': runs });
    expect(checks[0]?.[1]).toBe('met');
    expect(checks[0]?.[2]).toContain('2.50 s');
    expect(checks[1]?.[1]).toBe('MISSED');
    expect(checks[1]?.[2]).toContain('longest 60 ms');
  });

  it('judges the CPU time of the traced tasks apart from their wall time', () => {
    const busy = { ...run('ok', 2500, [90]), mainThread: { longestWallCpuMs: 18, longestCpuMs: 22 } };
    const calm = { ...run('ok', 2600, [40]), mainThread: { longestWallCpuMs: 30, longestCpuMs: 35 } };
    const checks = targetChecks([input('http-1GB', 1e9)], { 'http-1GB': [busy, calm] });
    expect(checks[1]?.[1]).toBe('MISSED');
    const cpu = checks.find((c) => c[0].includes('CPU time'));
    expect(cpu?.[1]).toBe('met');
    expect(cpu?.[2]).toContain('at most 35 ms of CPU');
    const heavy = { ...calm, mainThread: { longestWallCpuMs: 60, longestCpuMs: 61 } };
    const missed = targetChecks([input('http-1GB', 1e9)], { 'http-1GB': [heavy] });
    expect(missed.find((c) => c[0].includes('CPU time'))?.[1]).toBe('MISSED');
    // Untraced runs (the profiled one) give no such row.
    expect(targetChecks([input('http-1GB', 1e9)], { 'http-1GB': [run('ok', 1, [])] })).toHaveLength(2);
  });

  it('a 2 GB input passes only when every run kept the tab alive', () => {
    const alive = targetChecks([input('http-2GB', 2e9)], { 'http-2GB': [run('ok', 9000, [])] });
    expect(alive.find((c) => c[0].includes('without the tab dying'))?.[1]).toBe('met');
    const dead = targetChecks([input('http-2GB', 2e9)], { 'http-2GB': [run('crashed', null, [])] });
    expect(dead.find((c) => c[0].includes('without the tab dying'))?.[1]).toBe('MISSED');
  });
});

describe('browser profile summary', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wirelens-profile-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('maps samples to the src/ module of the unminified bundle and leaves idle out', () => {
    mkdirSync(path.join(dir, 'assets'));
    const bundle = [
      '// src/capture/pcap.ts',
      'function readRecords() {}',
      '// src/flows/flow-builder.ts',
      'function onTcp() {}',
    ];
    writeFileSync(path.join(dir, 'assets', 'w.js'), bundle.join('\n'));
    const url = 'http://127.0.0.1:1/wirelens/assets/w.js';
    const node = (id: number, functionName: string, lineNumber: number, u = url) => ({
      id,
      callFrame: { functionName, url: u, lineNumber, columnNumber: 0, scriptId: '1' },
    });
    const profile = {
      nodes: [
        node(1, '(root)', -1, ''),
        node(2, 'readRecords', 1),
        node(3, 'onTcp', 3),
        node(4, '(idle)', -1, ''),
      ],
      startTime: 0,
      endTime: 10_000,
      samples: [2, 2, 2, 3, 4, 4, 4, 4, 4, 4],
    };
    const file = path.join(dir, 'p.cpuprofile');
    writeFileSync(file, JSON.stringify(profile));
    const s = summarizeBrowserProfile(file, dir);
    expect(s.busyMs).toBeCloseTo(4, 6);
    expect(s.idleMs).toBeCloseTo(6, 6);
    expect(s.functions[0]).toEqual([75, 'readRecords', 'src/capture/pcap.ts']);
    expect(s.functions[1]).toEqual([25, 'onTcp', 'src/flows/flow-builder.ts']);
    expect(s.layers).toEqual([
      [75, 'src/capture'],
      [25, 'src/flows'],
    ]);
  });
});
