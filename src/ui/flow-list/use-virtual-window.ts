// Which rows of a fixed-row-height list are in (or near) the scroll container's view, so only those
// are in the DOM: 100 000 connections cost ~25 row elements. Recomputed on scroll (once per animation
// frame) and when the container is resized.
import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

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

/**
 * The rows to render. `viewHeight` is the container's height as the page sets it, so the first window
 * is computed without asking the browser (a read of scrollTop or clientHeight right after React put
 * the list in the DOM makes the browser lay the whole page out inside React's commit: 20 ms of a
 * capture's first render). Later changes (scroll, resize, another row count) are measured.
 */
export function useVirtualWindow(
  ref: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  viewHeight: number,
  overscan = 6,
): RowWindow & { measure: () => void; scrollTop: () => number } {
  const [win, setWin] = useState<RowWindow>(() => rowWindow(0, viewHeight, rowHeight, count, overscan));
  // The container's scrollTop when last measured: read back without asking the browser (a read
  // inside React's commit would lay the page out there and then).
  const top = useRef(0);
  const scrollTop = useCallback(() => top.current, []);
  const measure = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    top.current = el.scrollTop;
    const next = rowWindow(top.current, el.clientHeight, rowHeight, count, overscan);
    setWin((w) => (w.start === next.start && w.end === next.end ? w : next));
  }, [ref, rowHeight, count, overscan]);
  // Not on mount (the first window is already right; the resize observer confirms it after layout).
  const mounted = useRef(false);
  useLayoutEffect(() => {
    if (mounted.current) measure();
    mounted.current = true;
  }, [measure]);
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
  // Until a measure runs, a smaller row count (a filter typed) must not leave rows past its end.
  // `measure`: for a caller that just set scrollTop itself and wants the rows before the next paint;
  // `scrollTop`: the last measured scroll offset.
  return win.end > count
    ? { start: Math.min(win.start, count), end: count, measure, scrollTop }
    : { ...win, measure, scrollTop };
}

/**
 * Scrolls the container the least amount that shows row `i` whole. `known`: its scrollTop and
 * height when the caller knows them (useVirtualWindow's), so that a row already in view costs no
 * layout (reading scrollTop inside React's commit lays the page out: 14 ms when a 1 GB capture's
 * result arrives).
 */
export function scrollRowIntoView(
  el: HTMLElement,
  i: number,
  rowHeight: number,
  known?: { scrollTop: number; height: number },
): void {
  const top = i * rowHeight;
  const scrollTop = known?.scrollTop ?? el.scrollTop;
  const height = known?.height ?? el.clientHeight;
  if (top < scrollTop) el.scrollTop = top;
  else if (top + rowHeight > scrollTop + height) el.scrollTop = top + rowHeight - height;
}
