import { describe, expect, it } from 'vitest';
import type { LoadProgress } from './analysis-api';
import { throttleProgress } from './throttle-progress';

const at = (packets: number) => ({ bytesRead: packets * 100, bytesTotal: 10_000, packets });

describe('throttleProgress', () => {
  it('sends at most one report per interval and flushes the last one', () => {
    let clock = 1000;
    const sent: LoadProgress[] = [];
    const t = throttleProgress(
      (p) => sent.push(p),
      100,
      () => clock,
    );
    // 1000 reports over one simulated second, one per millisecond.
    for (let i = 1; i <= 1000; i++) {
      clock = 1000 + i;
      t.report(at(i));
    }
    expect(sent.length).toBeLessThanOrEqual(11);
    expect(sent.length).toBeGreaterThanOrEqual(9);
    t.flush();
    expect(sent.at(-1)).toEqual({ bytesRead: 100_000, bytesTotal: 10_000, packets: 1000, elapsedMs: 1000 });
  });

  it('does not repeat a report that was already sent', () => {
    let clock = 0;
    const sent: LoadProgress[] = [];
    const t = throttleProgress(
      (p) => sent.push(p),
      100,
      () => clock,
    );
    t.report(at(1));
    clock = 500;
    t.flush();
    expect(sent.map((p) => p.packets)).toEqual([1]);
  });
});
