// The ladder at scale: a synthetic 1 M-packet flow lays out in one pass and the view only ever asks
// for the window of arrows on screen (issue 7 item 4: only visible arrows in the DOM).
import { describe, expect, it } from 'vitest';
import {
  anchorAt,
  buildLadderLayout,
  indexOfFrame,
  itemsInRange,
  rescaleLadderLayout,
  visibleRange,
  yAtAnchor,
} from './ladder-layout';
import { syntheticFlow } from './testing/synthetic-flow';

const N = 1_000_000;

describe('ladder layout of a 1 M-packet flow', () => {
  const source = syntheticFlow({ packets: N, spacing: 1e-4, gapEvery: 100_000, gapSeconds: 65 });
  const started = performance.now();
  const layout = buildLadderLayout(source);
  const ms = performance.now() - started;

  it('lays out every packet once, monotonic, with one break per silence', () => {
    console.info(`ladder layout of ${N} packets: ${ms.toFixed(0)} ms`);
    expect(layout.count).toBe(N);
    let ok = true;
    for (let i = 1; i < N; i++) if (!((layout.y[i] ?? 0) > (layout.y[i - 1] ?? 0))) ok = false;
    expect(ok).toBe(true);
    expect(layout.gaps).toHaveLength(9);
    expect(layout.gaps.map((g) => g.label)).toEqual(new Array(9).fill('idle 65.000 s'));
    // the 65 s silences cost a fixed break each, not 65 s × pxPerSecond
    expect(layout.height).toBeLessThan(N * 40 + 9 * 100);
  });

  it('visibleRange returns only the window, wherever the viewport is', () => {
    const viewport = 700;
    const minPitch = layout.options.labelHeight + layout.options.slope + layout.options.padding;
    const most = Math.ceil((viewport + layout.maxLabel + layout.options.slope) / minPitch) + 1;
    for (const at of [0, 0.25, 0.5, 0.999]) {
      const top = layout.height * at;
      const { start, end } = visibleRange(layout, top, viewport);
      expect(end - start).toBeGreaterThan(0);
      expect(end - start).toBeLessThanOrEqual(most);
      expect(layout.y[start] ?? 0).toBeGreaterThanOrEqual(top - layout.options.slope);
      if (start > 0) expect((layout.y[start - 1] ?? 0) + layout.options.slope).toBeLessThan(top);
    }
    const end = visibleRange(layout, layout.height - viewport, viewport);
    expect(end.end).toBe(N);
  });

  it('finds frames, gaps and anchors by binary search', () => {
    expect(indexOfFrame(layout, 500_001)).toBe(500_000);
    expect(indexOfFrame(layout, N + 1)).toBe(-1);
    expect(itemsInRange(layout.gaps, 250_000, 450_000).map((g) => g.index)).toEqual([300_000, 400_000]);
    const y = layout.y[654_321] ?? 0;
    const a = anchorAt(layout, y + 3);
    expect(a.index).toBe(654_321);
    expect(yAtAnchor(layout, a)).toBeCloseTo(y + 3, 6);
  });
});

describe('zooming a 1 M-packet ladder', () => {
  const base = buildLadderLayout(
    syntheticFlow({ packets: N, spacing: 0.01, gapEvery: 250_000, gapSeconds: 20 }),
  );

  it('rescaling redoes only the y pass and equals a fresh layout at that scale', () => {
    const pps = base.options.pxPerSecond * 64;
    const started = performance.now();
    const zoomed = rescaleLadderLayout(base, { pxPerSecond: pps });
    console.info(`ladder rescale of ${N} packets: ${(performance.now() - started).toFixed(0)} ms`);
    const fresh = buildLadderLayout(base.source, { pxPerSecond: pps });
    expect(zoomed.height).toBe(fresh.height);
    expect(zoomed.gaps).toEqual(fresh.gaps);
    expect(zoomed.states).toEqual(fresh.states);
    expect(zoomed.closed).toEqual(fresh.closed);
    for (const i of [1, 2, 249_999, 250_000, 500_001, N - 1]) expect(zoomed.y[i]).toBe(fresh.y[i]);
    // 10 ms apart at 12 800 px/s: spacing follows time, the 20 s breaks do not
    expect((zoomed.y[2] ?? 0) - (zoomed.y[1] ?? 0)).toBeCloseTo(0.01 * pps, 6);
    expect(zoomed.gaps.every((g) => g.height === base.options.gapHeight)).toBe(true);
    // the base layout is untouched
    expect((base.y[2] ?? 0) - (base.y[1] ?? 0)).toBeLessThan(0.01 * pps);
  });
});
