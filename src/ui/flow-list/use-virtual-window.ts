// Which rows of a fixed-row-height list are in (or near) the scroll container's view, so only those
// are in the DOM: 100 000 connections cost ~25 row elements. Recomputed on scroll (once per animation
// frame) and when the container is resized.
import { type RefObject, useCallback, useEffect, useLayoutEffect, useState } from 'react';

export interface RowWindow {
  start: number;
  /** One past the last row to render. */
  end: number;
}

export function rowWindow(
  scrollTop: number,
  height: number,
  rowHeight: number,
  count: number,
  overscan: number,
): RowWindow {
  const first = Math.floor(scrollTop / rowHeight);
  const last = Math.ceil((scrollTop + height) / rowHeight);
  return { start: Math.max(0, first - overscan), end: Math.min(count, last + overscan) };
}

export function useVirtualWindow(
  ref: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan = 6,
): RowWindow {
  const [win, setWin] = useState<RowWindow>({ start: 0, end: Math.min(count, 30) });
  const measure = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const next = rowWindow(el.scrollTop, el.clientHeight, rowHeight, count, overscan);
    setWin((w) => (w.start === next.start && w.end === next.end ? w : next));
  }, [ref, rowHeight, count, overscan]);
  useLayoutEffect(measure, [measure]);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let frame = 0;
    const onScroll = () => {
      if (frame === 0)
        frame = requestAnimationFrame(() => {
          frame = 0;
          measure();
        });
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      ro.disconnect();
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [ref, measure]);
  return win;
}

/** Scrolls the container the least amount that shows row `i` whole. */
export function scrollRowIntoView(el: HTMLElement, i: number, rowHeight: number): void {
  const top = i * rowHeight;
  if (top < el.scrollTop) el.scrollTop = top;
  else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
}
