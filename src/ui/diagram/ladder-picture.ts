// The ladder as a standalone picture (SVG file, or the source of a PNG): title, legend, the diagram
// and its note, drawn off screen by the same code as the view (renderLadder) so the picture is the one
// shown — same zoom, width, current packet and language. The view keeps only the arrows in sight in
// the DOM; the picture draws a whole window of packets at once: the whole flow up to `maxPackets`,
// else that many around the current packet (and no taller than `maxHeight`), with a note saying which.
// Styles: the drawing is built inside a hidden `.ladder` element so the page's ladder.css applies
// (in the page's colour scheme), then every element's computed paint and font properties are written
// onto it as presentation attributes. The file needs no stylesheet and no CSS variables, so any SVG
// viewer (browsers, Inkscape, librsvg, image previews in ticket systems) shows the same picture.
import type { LadderShown } from './Ladder';
import { legendRowHeight, measureLegend, placeLegend } from './ladder-picture-legend';
import { HEADER_HEIGHT, ladderGeometry, renderLadder } from './ladder-render';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Arrows an exported SVG holds at most (documented in docs/exports.md). */
export const SVG_MAX_PACKETS = 2000;
/** Arrows and height of a PNG: a canvas must stay within every browser's limit (Safari: 16.7 M px). */
export const PNG_MAX_PACKETS = 400;
export const PNG_MAX_HEIGHT = 8000;
const MARGIN = 12;
const TITLE_HEIGHT = 30;
const NOTE_LINE = 16;

export interface PictureWindow {
  /** First packet index drawn and one past the last. */
  start: number;
  end: number;
}

export interface LadderPicture {
  svg: string;
  width: number;
  height: number;
  window: PictureWindow;
  total: number;
}

export interface PictureOptions {
  title: string;
  maxPackets: number;
  /** Most height the diagram part may take, in px. */
  maxHeight: number;
  /** The sentence saying which packets are in the picture when not all are. */
  partialNote: (from: number, to: number, total: number) => string;
}

type Layout = LadderShown['layout'];

const topOf = (l: Layout, i: number): number => (i <= 0 ? 0 : Math.max(0, (l.y[i] ?? 0) - l.maxLabel - 4));
const bottomOf = (l: Layout, end: number): number =>
  end >= l.count ? l.height : (l.y[end - 1] ?? 0) + l.options.slope + l.options.bottom;

/** Which packets go in the picture: all if they fit, else a window around the current one. */
export function pictureWindow(
  l: Layout,
  current: number,
  maxPackets: number,
  maxHeight: number,
): PictureWindow {
  const n = l.count;
  const at = Math.max(0, Math.min(n - 1, current));
  let start = 0;
  let end = n;
  if (n > maxPackets) {
    // the current packet a third of the way down, as the view follows it
    start = Math.max(0, Math.min(n - maxPackets, at - Math.floor(maxPackets / 3)));
    end = start + maxPackets;
  }
  while (end - start > 1 && bottomOf(l, end) - topOf(l, start) > maxHeight) {
    if (at - start > (end - 1 - at) * 2) start++;
    else end--;
  }
  return { start, end };
}

/**
 * renderLadder draws a margin of arrows around what it is asked for (they are clipped at the edge on
 * screen): the picture keeps exactly its window's arrows and idle breaks.
 */
function keepWindow(drawing: SVGSVGElement, l: Layout, w: PictureWindow): void {
  const first = (l.rows[w.start] ?? 0) + 1;
  const last = (l.rows[w.end - 1] ?? 0) + 1;
  const outside = (frame: string | null) => Number(frame) < first || Number(frame) > last;
  for (const g of drawing.querySelectorAll('.ladder-packet[data-frame]'))
    if (outside(g.getAttribute('data-frame'))) g.remove();
  for (const g of drawing.querySelectorAll('.ladder-gap[data-to-frame]'))
    if (outside(g.getAttribute('data-to-frame')) || Number(g.getAttribute('data-to-frame')) === first)
      g.remove();
}

function el<K extends keyof SVGElementTagNameMap>(
  parent: Element,
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  parent.appendChild(e);
  return e;
}

/** Breaks `text` into lines no wider than `width`, measured with the text element's own font. */
function wrap(probe: SVGTextElement, text: string, width: number): string[] {
  const lines: string[] = [];
  // CJK text has no spaces: every character is a place to break
  const parts = /\s/.test(text) ? text.split(/(?<=\s)/) : [...text];
  let line = '';
  for (const part of parts) {
    probe.textContent = line + part;
    if (line && probe.getComputedTextLength() > width) {
      lines.push(line.trimEnd());
      line = part.trimStart();
    } else line += part;
  }
  if (line) lines.push(line.trimEnd());
  probe.textContent = '';
  return lines;
}

const TEXT_PROPS = [
  'fill',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'letter-spacing',
  'text-anchor',
];
const SHAPE_PROPS = [
  'fill',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
];

/** Writes each element's computed paint and font into its style attribute (see the file comment). */
function inlineStyles(root: SVGSVGElement): void {
  for (const e of root.querySelectorAll('*')) {
    const tag = e.tagName;
    if (tag === 'title' || tag === 'g' || tag === 'svg') continue;
    const cs = getComputedStyle(e);
    const text = tag === 'text' || tag === 'tspan';
    if (text && cs.textTransform === 'uppercase' && e.children.length === 0)
      e.textContent = (e.textContent ?? '').toUpperCase();
    // presentation attributes rather than a style attribute: every SVG viewer reads them, and the
    // page's Content-Security-Policy (no inline styles) does not apply to them
    for (const p of text ? TEXT_PROPS : SHAPE_PROPS) e.setAttribute(p, cs.getPropertyValue(p));
    // an exported picture has nothing to press or focus
    e.removeAttribute('tabindex');
    e.removeAttribute('role');
  }
  for (const e of root.querySelectorAll('[tabindex],[role]')) {
    e.removeAttribute('tabindex');
    e.removeAttribute('role');
  }
}

const HIDDEN = {
  position: 'fixed',
  left: '-100000px',
  top: '0',
  visibility: 'hidden',
  'pointer-events': 'none',
};

/** A hidden `.ladder` box off screen: ladder.css applies to what is built in it, nothing shows. */
function offscreenHost(): HTMLDivElement {
  const host = document.createElement('div');
  host.className = 'ladder';
  host.setAttribute('aria-hidden', 'true');
  // through the CSSOM: the page's Content-Security-Policy forbids style attributes, not this
  for (const [k, v] of Object.entries(HIDDEN)) host.style.setProperty(k, v);
  document.body.appendChild(host);
  return host;
}

export function ladderPicture(shown: LadderShown, o: PictureOptions): LadderPicture {
  const { layout, words } = shown;
  const geometry = ladderGeometry(shown.width);
  const width = geometry.width;
  const window = pictureWindow(layout, shown.current, o.maxPackets, o.maxHeight);
  const layoutTop = topOf(layout, window.start);
  const diagramH = HEADER_HEIGHT + bottomOf(layout, window.end) - layoutTop;
  const host = offscreenHost();
  try {
    const svg = el(host, 'svg', { class: 'ladder-picture' });
    const bg = el(svg, 'rect', { class: 'ladder-header-bg', x: 0, y: 0, width: '100%', height: '100%' });
    el(svg, 'text', { class: 'ladder-picture-title', x: MARGIN, y: 20 }, o.title);
    const legendTop = TITLE_HEIGHT;
    const legend = el(svg, 'g', { class: 'ladder-picture-legend' });
    const items = measureLegend(legend, words);
    const rows = placeLegend(items, width - 2 * MARGIN, MARGIN, legendTop);
    const diagramTop = legendTop + rows * legendRowHeight + 6;
    const drawing = el(svg, 'svg', { x: 0, y: diagramTop, class: 'ladder-picture-diagram' });
    renderLadder(drawing, { layout, geometry, height: diagramH, layoutTop, current: shown.current, words });
    keepWindow(drawing, layout, window);
    el(svg, 'rect', {
      class: 'ladder-picture-frame',
      x: 0.5,
      y: diagramTop + 0.5,
      width: width - 1,
      height: diagramH - 1,
    });
    const probe = el(svg, 'text', { class: 'ladder-picture-note' });
    const notes = [
      ...(window.end - window.start < layout.count
        ? wrap(probe, o.partialNote(window.start + 1, window.end, layout.count), width - 2 * MARGIN)
        : []),
      ...wrap(probe, words.slopeNote, width - 2 * MARGIN),
    ];
    probe.remove();
    let y = diagramTop + diagramH + 4;
    for (const line of notes) {
      y += NOTE_LINE;
      el(svg, 'text', { class: 'ladder-picture-note', x: MARGIN, y }, line);
    }
    const height = Math.ceil(y + 10);
    for (const [k, v] of [
      ['width', width],
      ['height', height],
      ['viewBox', `0 0 ${width} ${height}`],
    ] as const)
      svg.setAttribute(k, String(v));
    bg.setAttribute('width', String(width));
    bg.setAttribute('height', String(height));
    inlineStyles(svg);
    svg.setAttribute('font-family', getComputedStyle(host).fontFamily);
    const text = new XMLSerializer().serializeToString(svg);
    return {
      svg: `<?xml version="1.0" encoding="UTF-8"?>\n${text}\n`,
      width,
      height,
      window,
      total: layout.count,
    };
  } finally {
    host.remove();
  }
}
