import { describe, expect, it } from 'vitest';
import {
  clampZoom,
  MAX_SCROLL_PX,
  pxPerSecond,
  scrollMapping,
  ZOOM_MAX,
  ZOOM_MIN,
  zoomText,
} from './ladder-viewport';

describe('ladder zoom', () => {
  it('doubles the time scale per level and stays within its bounds', () => {
    expect(pxPerSecond(1) / pxPerSecond(0)).toBe(2);
    expect(clampZoom(ZOOM_MAX + 5)).toBe(ZOOM_MAX);
    expect(clampZoom(ZOOM_MIN - 5)).toBe(ZOOM_MIN);
    expect(zoomText(0)).toBe('1 s = 200 px');
    expect(zoomText(8)).toBe('1 ms = 51.2 px');
    expect(zoomText(-3)).toBe('1 s = 25 px');
  });
});

describe('ladder scroll mapping', () => {
  it('is 1:1 while the layout fits under the browser height cap', () => {
    const m = scrollMapping(5000, 500);
    expect(m.scrollHeight).toBe(5000);
    expect(m.toLayoutTop(1234)).toBe(1234);
    expect(m.toScrollTop(1234)).toBe(1234);
    expect(m.toLayoutTop(99_999)).toBe(4500);
  });

  it('squeezes a 38 M px layout into the capped scroll height, reaching both ends', () => {
    const m = scrollMapping(38_000_000, 500);
    expect(m.scrollHeight).toBe(MAX_SCROLL_PX + 500);
    expect(m.toLayoutTop(0)).toBe(0);
    expect(m.toLayoutTop(MAX_SCROLL_PX)).toBeCloseTo(38_000_000 - 500, 3);
    expect(m.toScrollTop(m.toLayoutTop(4_000_000))).toBeCloseTo(4_000_000, 3);
  });

  it('has nothing to scroll when the layout is shorter than the view', () => {
    const m = scrollMapping(300, 500);
    expect(m.scrollHeight).toBe(500);
    expect(m.toLayoutTop(50)).toBe(0);
  });
});
