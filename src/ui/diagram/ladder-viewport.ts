// Zoom levels and the scroll mapping of the ladder, DOM-free.
//
// Browsers cap an element's height (Chromium near 33.5 M px, Firefox near 17.9 M px), and a
// 1 M-packet ladder is ~38 M px tall. The scroll container therefore holds a spacer of at most
// MAX_SCROLL_PX and the scroll position is mapped linearly onto the layout: one scroll pixel may be
// several layout pixels, the view itself always draws layout pixels 1:1.

/** Pixels per second at zoom level 0; level k is 2^k times that. */
export const BASE_PX_PER_SECOND = 200;
export const ZOOM_MIN = -3;
export const ZOOM_MAX = 16;
export const MAX_SCROLL_PX = 8_000_000;

export function clampZoom(level: number): number {
  return Math.max(ZOOM_MIN, Math.min(ZOOM_MAX, Math.round(level)));
}

export function pxPerSecond(level: number): number {
  return BASE_PX_PER_SECOND * 2 ** clampZoom(level);
}

/** The time scale in words: "1 s = 200 px", "1 ms = 51.2 px". */
export function zoomText(level: number): string {
  const pps = pxPerSecond(level);
  if (pps >= 1000) return `1 ms = ${Number((pps / 1000).toPrecision(3))} px`;
  return `1 s = ${Number(pps.toPrecision(3))} px`;
}

export interface ScrollMapping {
  /** Total scrollable height (spacer plus the sticky viewport). */
  scrollHeight: number;
  toLayoutTop(scrollTop: number): number;
  toScrollTop(layoutTop: number): number;
}

/**
 * Maps the container's scrollTop to the layout y shown at the top of the content area, for a layout
 * `layoutHeight` tall seen through `contentHeight` pixels (the viewport minus the fixed header).
 */
export function scrollMapping(
  layoutHeight: number,
  contentHeight: number,
  maxScroll = MAX_SCROLL_PX,
): ScrollMapping {
  const maxTop = Math.max(0, layoutHeight - contentHeight);
  const scrollHeight = Math.min(maxTop, maxScroll) + contentHeight;
  const maxScrollTop = scrollHeight - contentHeight;
  const ratio = maxScrollTop > 0 ? maxTop / maxScrollTop : 1;
  return {
    scrollHeight,
    toLayoutTop: (scrollTop) => Math.max(0, Math.min(maxTop, scrollTop * ratio)),
    toScrollTop: (layoutTop) => Math.max(0, Math.min(maxScrollTop, layoutTop / ratio)),
  };
}
