// The ladder diagram of one TCP connection: React owns the frame (toolbar, legend, scroll container,
// the SVG element), D3 draws the visible window into the SVG (ladder-render.ts) on every scroll frame.
// Zoom changes the time scale (buttons, + / − / 0 keys, ctrl/⌘-wheel) and keeps the point under the
// pointer (or the middle of the view) where it was; pan is the scroll container's own scrolling.
import {
  type KeyboardEvent,
  type MouseEvent,
  type RefObject,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { Flow } from '../../flows/model';
import { useI18n } from '../i18n/i18n';
import {
  anchorAt,
  buildLadderLayout,
  indexOfFrame,
  type LadderAnchor,
  type LadderColumns,
  type LadderLayout,
  type LadderTable,
  rescaleLadderLayout,
  yAtAnchor,
} from './ladder-layout';
import { LadderLegend } from './ladder-legend';
import { HEADER_HEIGHT, ladderGeometry, renderLadder } from './ladder-render';
import {
  clampZoom,
  pxPerSecond,
  type ScrollMapping,
  scrollMapping,
  ZOOM_MAX,
  ZOOM_MIN,
  zoomText,
} from './ladder-viewport';
import { type LadderWords, ladderWords } from './ladder-words';
import './ladder.css';

export interface LadderProps {
  flow: Flow;
  /** The capture's packet table (or any object with these columns). */
  table: LadderTable;
  /** The per-packet flow columns (FlowSet.columns). */
  columns: LadderColumns;
  /** 1-based frame number of the current step, highlighted and scrolled into view; null for none. */
  currentFrame?: number | null;
  /** Called with the 1-based frame number when an arrow is clicked (or activated by keyboard). */
  onSelectFrame?: (frame: number) => void;
  /** Height of the drawing's viewport in px (default 560). */
  height?: number;
  /** Filled with what is drawn now (layout at the current zoom, width, current packet), for exports. */
  shownRef?: RefObject<LadderShown | null>;
}

/** The ladder as it is on screen, enough to draw the same picture again off screen. */
export interface LadderShown {
  layout: LadderLayout;
  width: number;
  current: number;
  words: LadderWords;
}

interface PendingAnchor {
  anchor: LadderAnchor;
  /** Offset of the anchor from the top of the content area, in px. */
  offset: number;
}

export function Ladder({
  flow,
  table,
  columns,
  currentFrame = null,
  onSelectFrame,
  height = 560,
  shownRef,
}: LadderProps) {
  const { t, lang } = useI18n();
  const words = useMemo(() => ladderWords(t, lang), [t, lang]);
  const [zoom, setZoom] = useState(0);
  const [width, setWidth] = useState(760);
  const scrollRef = useRef<HTMLElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const pending = useRef<PendingAnchor | null>(null);
  const source = useMemo(() => ({ flow, table, columns }), [flow, table, columns]);
  // zoom redoes only the y pass over the zoom-independent part
  const base = useMemo(() => buildLadderLayout(source, { pxPerSecond: pxPerSecond(0) }), [source]);
  const layout = useMemo(
    () => (zoom === 0 ? base : rescaleLadderLayout(base, { pxPerSecond: pxPerSecond(zoom) })),
    [base, zoom],
  );
  // a short flow gets a short box; a long one scrolls inside `height`
  const viewH = Math.max(HEADER_HEIGHT + 80, Math.min(height, Math.ceil(layout.height) + HEADER_HEIGHT + 2));
  const contentH = viewH - HEADER_HEIGHT;
  const mapping = useMemo(() => scrollMapping(layout.height, contentH), [layout, contentH]);
  const current = currentFrame === null ? -1 : indexOfFrame(layout, currentFrame);

  // Until the first draw the scroll container is brand new, scrolled to the top: its scrollTop is
  // known without asking the browser (a read right after React inserted the ladder would lay the
  // whole page out inside React's commit, on the main thread of a page that just loaded a capture).
  const fresh = useRef(true);
  const draw = useCallback(() => {
    const svg = svgRef.current;
    const box = scrollRef.current;
    if (!svg || !box) return;
    const layoutTop = mapping.toLayoutTop(fresh.current ? 0 : box.scrollTop);
    renderLadder(svg, { layout, geometry: ladderGeometry(width), height: viewH, layoutTop, current, words });
  }, [layout, mapping, width, viewH, current, words]);
  useLayoutEffect(() => {
    if (shownRef) shownRef.current = { layout, width, current, words };
  }, [shownRef, layout, width, current, words]);

  useWidth(scrollRef, setWidth);
  useScrollDraw(scrollRef, draw);
  useRestoreAnchor(scrollRef, pending, layout, mapping);
  useLayoutEffect(draw, [draw]);
  useFollowCurrent(scrollRef, layout, mapping, contentH, currentFrame, fresh);

  const zoomAround = useCallback(
    (delta: number, offset: number) => {
      const box = scrollRef.current;
      if (!box) return;
      const next = clampZoom(zoom + delta);
      if (next === zoom) return;
      const y = mapping.toLayoutTop(box.scrollTop) + offset;
      pending.current = { anchor: anchorAt(layout, y), offset };
      setZoom(next);
    },
    [zoom, layout, mapping],
  );
  useCtrlWheelZoom(scrollRef, zoomAround);

  const onKeyDown = (e: KeyboardEvent) => {
    const target = e.target as Element;
    const packet = target.closest?.('[data-testid="packet"]');
    if (packet && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      onSelectFrame?.(Number(packet.getAttribute('data-frame')));
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const delta = e.key === '+' || e.key === '=' ? 1 : e.key === '-' ? -1 : 0;
    if (delta !== 0) {
      e.preventDefault();
      zoomAround(delta, contentH / 2);
    } else if (e.key === '0') {
      e.preventDefault();
      zoomAround(-zoom, contentH / 2);
    }
  };
  const onClick = (e: MouseEvent) => {
    const packet = (e.target as Element).closest?.('[data-testid="packet"]');
    if (packet) onSelectFrame?.(Number(packet.getAttribute('data-frame')));
  };

  return (
    <section className="ladder" aria-label={words.diagram(flow.stream)}>
      <div className="ladder-toolbar">
        <fieldset className="ladder-zoom" aria-label={words.timeScale}>
          <button type="button" onClick={() => zoomAround(-1, contentH / 2)} disabled={zoom <= ZOOM_MIN}>
            <span aria-hidden="true">−</span>
            <span className="visually-hidden">{words.zoomOut}</span>
          </button>
          <output className="ladder-zoom-level" title={words.zoomTitle}>
            {zoomText(zoom)}
          </output>
          <button type="button" onClick={() => zoomAround(1, contentH / 2)} disabled={zoom >= ZOOM_MAX}>
            <span aria-hidden="true">+</span>
            <span className="visually-hidden">{words.zoomIn}</span>
          </button>
          <button type="button" onClick={() => zoomAround(-zoom, contentH / 2)} disabled={zoom === 0}>
            {words.reset}
          </button>
        </fieldset>
        <p className="ladder-hint">{words.hint(layout.count)}</p>
      </div>
      <LadderLegend words={words} />
      {/* the packets inside are buttons; the region itself takes focus so the keyboard can pan and zoom */}
      <section
        className="ladder-scroll"
        ref={scrollRef}
        style={{ height: viewH }}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1)
        tabIndex={0}
        onKeyDown={onKeyDown}
        onClick={onClick}
        aria-label={words.drawing(flow.stream, layout.client, layout.server)}
      >
        <svg ref={svgRef} className="ladder-svg" data-testid="ladder" data-stream={flow.stream} />
        <div className="ladder-spacer" style={{ height: mapping.scrollHeight - contentH }} />
      </section>
      <p className="ladder-note">{words.slopeNote}</p>
    </section>
  );
}

/**
 * Tracks the scroll container's width (the SVG fills it). The observer's first call, right after the
 * browser first laid the container out, gives the initial width: reading it then costs nothing, where
 * reading it from an effect would make the browser lay the page out again on the spot.
 */
function useWidth(ref: RefObject<HTMLElement | null>, setWidth: (w: number) => void): void {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(el.clientWidth);
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, setWidth]);
}

/** Redraws on scroll, at most once per animation frame. */
function useScrollDraw(ref: RefObject<HTMLElement | null>, draw: () => void): void {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let frame = 0;
    const onScroll = () => {
      if (frame === 0)
        frame = requestAnimationFrame(() => {
          frame = 0;
          draw();
        });
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      el.removeEventListener('scroll', onScroll);
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [ref, draw]);
}

/** After a zoom, puts the anchored point back at the same place in the viewport. */
function useRestoreAnchor(
  ref: RefObject<HTMLElement | null>,
  pending: RefObject<PendingAnchor | null>,
  layout: LadderLayout,
  mapping: ScrollMapping,
): void {
  useLayoutEffect(() => {
    const el = ref.current;
    const p = pending.current;
    if (!el || !p) return;
    pending.current = null;
    el.scrollTop = mapping.toScrollTop(yAtAnchor(layout, p.anchor) - p.offset);
  }, [ref, pending, layout, mapping]);
}

/** Scrolls the current packet into view when the current frame (or the flow) changes. */
function useFollowCurrent(
  ref: RefObject<HTMLElement | null>,
  layout: LadderLayout,
  mapping: ScrollMapping,
  contentH: number,
  currentFrame: number | null,
  fresh: RefObject<boolean>,
): void {
  const flow = layout.source.flow;
  const latest = useRef({ layout, mapping, contentH });
  latest.current = { layout, mapping, contentH };
  const shownFlow = useRef<Flow | null>(null);
  // follows only when the step or the flow changes, not on zoom (the latest layout comes from the ref)
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const { layout: l, mapping: m, contentH: h } = latest.current;
    // A new container is at the top already (and the first draw assumed so): no layout read or write.
    const atTop = fresh.current;
    fresh.current = false;
    if (shownFlow.current !== flow) {
      shownFlow.current = flow;
      if (!atTop) el.scrollTop = 0;
    }
    const i = currentFrame === null ? -1 : indexOfFrame(l, currentFrame);
    if (i < 0) return;
    const y = l.y[i] ?? 0;
    const top = atTop ? 0 : m.toLayoutTop(el.scrollTop);
    const margin = l.maxLabel + 8;
    if (y - margin >= top && y + l.options.slope + 8 <= top + h) return;
    const to = m.toScrollTop(y - h / 3);
    if (atTop && to <= 0) return;
    el.scrollTop = to;
  }, [ref, currentFrame, flow, fresh]);
}

/** ctrl/⌘ + wheel zooms around the pointer (a non-passive listener, so the page itself does not zoom). */
function useCtrlWheelZoom(
  ref: RefObject<HTMLElement | null>,
  zoomAround: (delta: number, offset: number) => void,
): void {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      const offset = e.clientY - el.getBoundingClientRect().top - HEADER_HEIGHT;
      zoomAround(e.deltaY < 0 ? 1 : -1, Math.max(0, offset));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [ref, zoomAround]);
}
