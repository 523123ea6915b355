// Draws the visible window of a ladder layout into an SVG with D3. The SVG is viewport-sized (it sits
// sticky inside the scroll container) and every element is placed in screen coordinates from the
// layout's y minus the scroll offset, so only the arrows on screen exist in the DOM and huge layouts
// never hand the browser coordinates of millions of pixels. Capture text (HTTP lines) goes in
// through .text() only, never as markup.
import { type BaseType, type Selection, select } from 'd3';
import { TCP_STATE_NAMES } from '../../flows/model';
import {
  type ClosedSpan,
  type IndexRange,
  itemsInRange,
  type LadderGap,
  type LadderLayout,
  relativeTime,
  type StateChange,
  visibleRange,
} from './ladder-layout';
import { ENGLISH_LADDER_WORDS, type LadderWords } from './ladder-words';
import { PACKET_KIND_NAMES, PacketKind } from './packet-kind';
import { formatGapSeconds, formatOffset, packetLabel } from './packet-label';

export const HEADER_HEIGHT = 58;
const AXIS_WIDTH = 150;
const PILL_WIDTH = 104;
const HEAD = 9;
/**
 * Flows up to this many packets keep every arrow in the DOM (cheap, and tests and find-in-page see
 * the whole connection); longer ones render only the visible window.
 */
export const RENDER_ALL_UP_TO = 300;
/** Monospace label glyph width at the CSS font size (11px ui-monospace ≈ 6.6 px). */
const CHAR_PX = 6.7;

export interface LadderGeometry {
  width: number;
  clientX: number;
  serverX: number;
  /** How many label characters fit between the lifelines (a bit beyond them). */
  labelChars: number;
}

export function ladderGeometry(width: number): LadderGeometry {
  const w = Math.max(560, width);
  const clientX = AXIS_WIDTH + PILL_WIDTH;
  const serverX = w - PILL_WIDTH;
  return { width: w, clientX, serverX, labelChars: Math.floor((serverX - clientX + 60) / CHAR_PX) };
}

export interface RenderState {
  layout: LadderLayout;
  geometry: LadderGeometry;
  /** Viewport height of the SVG, header included. */
  height: number;
  /** Layout y shown at the top of the content area (below the header). */
  layoutTop: number;
  /** Index of the current packet, -1 for none. */
  current: number;
  /** The words in the page's language (English when absent). */
  words?: LadderWords;
}

type G = Selection<SVGGElement, unknown, null, undefined>;

function layer(svg: Selection<SVGSVGElement, unknown, null, undefined>, name: string): G {
  const found = svg.select<SVGGElement>(`g.ladder-layer-${name}`);
  return found.empty() ? svg.append('g').attr('class', `ladder-layer-${name}`) : found;
}

/** Wide (CJK) characters take two monospace columns. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/** `text` cut with "…" to fit `max` monospace columns. */
export function truncate(text: string, max: number): string {
  let cols = 0;
  for (let i = 0; i < text.length; i++) {
    cols += WIDE.test(text.charAt(i)) ? 2 : 1;
    if (cols > max) return `${text.slice(0, Math.max(1, i - 1))}…`;
  }
  return text;
}

/** Monospace columns `text` takes. */
function columns(text: string): number {
  let cols = 0;
  for (const c of text) cols += WIDE.test(c) ? 2 : 1;
  return cols;
}

/** Draws (or redraws) everything visible for `s`. Cheap enough to call on every scroll frame. */
export function renderLadder(svgElement: SVGSVGElement, s: RenderState): IndexRange {
  const svg = select(svgElement);
  const { layout, geometry, height } = s;
  svg.attr('width', geometry.width).attr('height', height).attr('viewBox', `0 0 ${geometry.width} ${height}`);
  const contentH = Math.max(0, height - HEADER_HEIGHT);
  const range =
    layout.count <= RENDER_ALL_UP_TO
      ? { start: 0, end: layout.count }
      : visibleRange(layout, s.layoutTop, contentH, 24);
  const sy = (y: number) => HEADER_HEIGHT + y - s.layoutTop;
  // layers bottom to top: arrows (with their highlight bands), lifelines over the bands, idle breaks
  // over the lifelines, state pills, and the fixed header
  const packets = layer(svg, 'packets');
  const lifelines = layer(svg, 'lifelines');
  const gaps = layer(svg, 'gaps');
  const states = layer(svg, 'states');
  const header = layer(svg, 'header');
  const built = builtFor.get(svgElement);
  const words = wordsOf(s);
  if (built?.layout !== layout || built.width !== geometry.width || built.words !== words) {
    // arrows are keyed by index: a new flow, zoom, width or language invalidates what was built
    packets.selectAll('*').remove();
    builtFor.set(svgElement, { layout, width: geometry.width, words });
  }
  drawPackets(packets, s, range, sy);
  drawLifelines(lifelines, s, sy, contentH);
  drawGaps(gaps, s, itemsInRange(layout.gaps, range.start, range.end), sy);
  drawStates(states, s, itemsInRange(layout.states, range.start, range.end), sy);
  drawHeader(header, s, contentH);
  return range;
}

const builtFor = new WeakMap<SVGSVGElement, { layout: LadderLayout; width: number; words: LadderWords }>();

const wordsOf = (s: RenderState): LadderWords => s.words ?? ENGLISH_LADDER_WORDS;

/** "sending closed · FIN, frame 10" while the closed part of a side's lifeline is on screen. */
function closedStatus(s: RenderState, side: 0 | 1, contentH: number): string {
  const span = s.layout.closed[side];
  if (!span || span.y > s.layoutTop + contentH) return '';
  const frame = (s.layout.rows[span.index] ?? 0) + 1;
  return wordsOf(s).closed(span.how === 'fin' ? 'FIN' : 'RST', frame);
}

function drawHeader(g: G, s: RenderState, contentH: number): void {
  const { geometry: geo, layout } = s;
  g.selectAll('*').remove();
  g.append('rect').attr('class', 'ladder-header-bg').attr('width', geo.width).attr('height', HEADER_HEIGHT);
  g.append('text')
    .attr('class', 'ladder-axis-title')
    .attr('x', 8)
    .attr('y', HEADER_HEIGHT - 8)
    .text(wordsOf(s).frame);
  g.append('text')
    .attr('class', 'ladder-axis-title')
    .attr('x', AXIS_WIDTH - 8)
    .attr('y', HEADER_HEIGHT - 8)
    .attr('text-anchor', 'end')
    .text(wordsOf(s).time);
  for (const [side, x, role, name] of [
    [0, geo.clientX, 'client', layout.client],
    [1, geo.serverX, 'server', layout.server],
  ] as const) {
    const box = g.append('g').attr('class', `ladder-party ladder-party-${role}`);
    box.append('text').attr('class', 'ladder-party-role').attr('x', x).attr('y', 15).text(wordsOf(s)[role]);
    box.append('text').attr('class', 'ladder-party-name').attr('x', x).attr('y', 31).text(name);
    const status = closedStatus(s, side, contentH);
    if (status)
      box.append('text').attr('class', 'ladder-party-status').attr('x', x).attr('y', 47).text(status);
  }
  g.append('line')
    .attr('class', 'ladder-header-rule')
    .attr('x1', 0)
    .attr('x2', geo.width)
    .attr('y1', HEADER_HEIGHT - 0.5)
    .attr('y2', HEADER_HEIGHT - 0.5);
}

/** Each lifeline solid while its side may send, dashed and grey once its direction is closed. */
function drawLifelines(g: G, s: RenderState, sy: (y: number) => number, contentH: number): void {
  const { geometry: geo, layout } = s;
  const top = HEADER_HEIGHT;
  const bottom = Math.min(HEADER_HEIGHT + contentH, sy(layout.height));
  const segments: {
    side: string;
    x: number;
    y1: number;
    y2: number;
    closed: boolean;
    span: ClosedSpan | null;
  }[] = [];
  for (const side of [0, 1] as const) {
    const x = side === 0 ? geo.clientX : geo.serverX;
    const span = layout.closed[side];
    const cut = span ? Math.max(top, Math.min(bottom, sy(span.y))) : bottom;
    const name = side === 0 ? 'client' : 'server';
    if (cut > top) segments.push({ side: name, x, y1: top, y2: cut, closed: false, span });
    if (cut < bottom) segments.push({ side: name, x, y1: cut, y2: bottom, closed: true, span });
  }
  g.selectAll('line')
    .data(segments)
    .join('line')
    .attr('class', (d) => `ladder-lifeline ladder-lifeline-${d.side}${d.closed ? ' is-closed' : ''}`)
    .attr('x1', (d) => d.x)
    .attr('x2', (d) => d.x)
    .attr('y1', (d) => d.y1)
    .attr('y2', (d) => d.y2);
}

function drawGaps(g: G, s: RenderState, gaps: LadderGap[], sy: (y: number) => number): void {
  const { geometry: geo } = s;
  const sel = g
    .selectAll<SVGGElement, LadderGap>('g.ladder-gap')
    .data(gaps, (d) => String(d.index))
    .join((enter) => {
      const e = enter.append('g').attr('class', 'ladder-gap').attr('data-testid', 'idle-gap');
      e.append('rect').attr('class', 'ladder-gap-band');
      e.append('path').attr('class', 'ladder-gap-zigzag');
      e.append('text').attr('class', 'ladder-gap-label');
      e.append('text').attr('class', 'ladder-gap-sub');
      return e;
    });
  sel
    .attr('data-seconds', (d) => formatGapSeconds(d.seconds))
    .attr('data-from-frame', (d) => d.fromFrame)
    .attr('data-to-frame', (d) => d.toFrame)
    .attr('transform', (d) => `translate(0,${sy(d.top)})`);
  sel
    .select('rect')
    .attr('x', 0)
    .attr('width', geo.width)
    .attr('height', (d) => d.height);
  sel.select('path').attr('d', (d) => zigzags([geo.clientX, geo.serverX], d.height));
  const mid = (geo.clientX + geo.serverX) / 2;
  sel
    .select('text.ladder-gap-label')
    .attr('x', mid)
    .attr('y', (d) => d.height / 2)
    .text((d) => wordsOf(s).idle(d.seconds));
  sel
    .select('text.ladder-gap-sub')
    .attr('x', mid)
    .attr('y', (d) => d.height / 2 + 14)
    .text((d) => wordsOf(s).gapSub(d.fromFrame, d.toFrame));
}

/** The "≈" break marks cut across each lifeline at the top and bottom of a break. */
function zigzags(xs: number[], h: number): string {
  const parts: string[] = [];
  for (const x of xs) for (const y of [5, h - 5]) parts.push(`M${x - 10},${y + 3} l5,-6 l5,6 l5,-6 l5,6`);
  return parts.join(' ');
}

function drawStates(g: G, s: RenderState, states: StateChange[], sy: (y: number) => number): void {
  const { geometry: geo } = s;
  const sel = g
    .selectAll<SVGGElement, StateChange>('g.ladder-state')
    .data(states, (d) => `${d.index}:${d.side}`)
    .join((enter) => {
      const e = enter.append('g');
      e.append('rect').attr('class', 'ladder-state-pill');
      e.append('text').attr('class', 'ladder-state-text');
      return e;
    });
  sel
    .attr('class', (d) => `ladder-state ladder-state-${d.side === 0 ? 'client' : 'server'}`)
    .attr('data-state', (d) => TCP_STATE_NAMES[d.to])
    .attr('transform', (d) => `translate(${d.side === 0 ? geo.clientX - 6 : geo.serverX + 6},${sy(d.y)})`);
  sel.select('text').each(function (d) {
    const text = TCP_STATE_NAMES[d.to] ?? '?';
    const w = text.length * 6.6 + 10;
    const t = select(this as SVGTextElement)
      .attr('x', d.side === 0 ? -w / 2 : w / 2)
      .attr('y', 4)
      .text(text);
    select((this as SVGTextElement).parentNode as SVGGElement)
      .select('rect')
      .attr('x', d.side === 0 ? -w : 0)
      .attr('y', -8)
      .attr('width', w)
      .attr('height', 16)
      .attr('rx', 8);
    t.attr('text-anchor', 'middle');
  });
}

interface ArrowGeometry {
  x1: number;
  x2: number;
  /** Unit vector along the arrow. */
  ux: number;
  uy: number;
}

function arrowGeometry(s: RenderState, dir: number): ArrowGeometry {
  const { clientX, serverX } = s.geometry;
  const x1 = dir === 0 ? clientX : serverX;
  const x2 = dir === 0 ? serverX : clientX;
  const dx = x2 - x1;
  const dy = s.layout.options.slope;
  const len = Math.hypot(dx, dy) || 1;
  return { x1, x2, ux: dx / len, uy: dy / len };
}

/** Triangle head with its tip `back` px before the arrow's end. */
function headPath(a: ArrowGeometry, slope: number, back: number): string {
  const tx = a.x2 - a.ux * back;
  const ty = slope - a.uy * back;
  const bx = tx - a.ux * HEAD;
  const by = ty - a.uy * HEAD;
  const px = -a.uy * 4.5;
  const py = a.ux * 4.5;
  return `M${tx},${ty} L${bx + px},${by + py} L${bx - px},${by - py} Z`;
}

/** The ✕ of a reset, centred just short of the receiver's lifeline. */
function crossPath(a: ArrowGeometry, slope: number): string {
  const cx = a.x2 - a.ux * 9;
  const cy = slope - a.uy * 9;
  return `M${cx - 5},${cy - 5} L${cx + 5},${cy + 5} M${cx - 5},${cy + 5} L${cx + 5},${cy - 5}`;
}

function drawPackets(g: G, s: RenderState, range: IndexRange, sy: (y: number) => number): void {
  const indices: number[] = [];
  for (let i = range.start; i < range.end; i++) indices.push(i);
  const { layout } = s;
  const sel = g
    .selectAll<SVGGElement, number>('g.ladder-packet')
    .data(indices, (d) => String(d))
    .join((enter) =>
      enter.append('g').each(function (i) {
        buildPacket(select(this), s, i);
      }),
    );
  sel
    .attr('transform', (i) => `translate(0,${sy(layout.y[i] ?? 0)})`)
    .classed('is-current', (i) => i === s.current)
    .attr('aria-current', (i) => (i === s.current ? 'step' : null))
    .attr('tabindex', (i) => (i === s.current ? 0 : -1));
}

function buildPacket(g: Selection<SVGGElement, number, BaseType, unknown>, s: RenderState, i: number): void {
  const { layout, geometry: geo } = s;
  const { slope } = layout.options;
  const words = wordsOf(s);
  const label = packetLabel(layout, i);
  const kind = layout.kind[i] ?? 0;
  const a = arrowGeometry(s, label.dir === 'c2s' ? 0 : 1);
  const above = layout.options.labelHeight + (label.http ? layout.options.httpLineHeight : 0);
  const tagText = label.tags.map((t) => `[${words.tag(t)}]`).join(' ');
  // the flags ("(no flags)" in words), then the protocol fields as packetLabel wrote them
  const text = `${label.flags ? label.flagsText : words.noFlags}${label.text.slice(label.flagsText.length)}`;
  const line1 = tagText ? `${tagText} ${text}` : text;
  g.attr('class', `ladder-packet k-${PACKET_KIND_NAMES[kind]}`)
    .attr('data-testid', 'packet')
    .attr('data-frame', label.frame)
    .attr('data-dir', label.dir)
    .attr('data-flags', label.flags)
    .attr('data-kind', PACKET_KIND_NAMES[kind] ?? 'normal')
    .attr('role', 'button')
    .attr(
      'aria-label',
      words.packet(label.frame, label.dir === 'c2s', `${line1}${label.http ? `, ${label.http}` : ''}`),
    );
  g.append('title').text(`${words.packetTitle(label.frame)}\n${line1}${label.http ? `\n${label.http}` : ''}`);
  g.append('rect')
    .attr('class', 'ladder-packet-band')
    .attr('x', 0)
    .attr('y', -above - 3)
    .attr('width', geo.width)
    .attr('height', above + slope + 7);
  g.append('text').attr('class', 'ladder-frame').attr('x', 8).attr('y', 4).text(label.frame);
  g.append('text')
    .attr('class', 'ladder-time')
    .attr('x', AXIS_WIDTH - 8)
    .attr('y', 4)
    .attr('text-anchor', 'end')
    .text(formatOffset(relativeTime(layout, i)));
  const end = kind === PacketKind.Rst ? 9 : 0;
  g.append('line')
    .attr('class', 'ladder-shaft')
    .attr('x1', a.x1)
    .attr('y1', 0)
    .attr('x2', a.x2 - a.ux * (end + HEAD * 0.6))
    .attr('y2', slope - a.uy * (end + HEAD * 0.6));
  drawHead(g, a, kind, slope);
  const mid = (geo.clientX + geo.serverX) / 2;
  const text1 = g
    .append('text')
    .attr('class', 'ladder-label')
    .attr('x', mid)
    .attr('y', label.http ? -6 - layout.options.httpLineHeight : -6);
  if (tagText)
    text1
      .append('tspan')
      .attr('class', 'ladder-tags')
      .text(truncate(`${tagText} `, geo.labelChars));
  text1.append('tspan').text(truncate(text, Math.max(8, geo.labelChars - columns(tagText) - 1)));
  if (label.http)
    g.append('text')
      .attr('class', 'ladder-http')
      .attr('x', mid)
      .attr('y', -6)
      .text(truncate(label.http, geo.labelChars));
}

/** Shape cues that do not rely on colour: hollow SYN head, double FIN head, ✕ for RST. */
function drawHead(
  g: Selection<SVGGElement, number, BaseType, unknown>,
  a: ArrowGeometry,
  kind: number,
  slope: number,
): void {
  if (kind === PacketKind.Rst) {
    g.append('path').attr('class', 'ladder-cross').attr('d', crossPath(a, slope));
    return;
  }
  g.append('path')
    .attr('class', 'ladder-head')
    .attr('d', headPath(a, slope, 0));
  if (kind === PacketKind.Fin)
    g.append('path')
      .attr('class', 'ladder-head')
      .attr('d', headPath(a, slope, HEAD - 1));
}
