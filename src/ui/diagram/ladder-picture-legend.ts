// The legend of an exported ladder picture: the same swatches as the page's legend (ladder-legend.tsx,
// the same CSS classes as the arrows), as SVG, flowed into rows as wide as the picture.
import type { LadderWords } from './ladder-words';

const SVG_NS = 'http://www.w3.org/2000/svg';
export const legendRowHeight = 20;
const SWATCH = 46;
const GAP_AFTER_SWATCH = 6;
const GAP_BETWEEN = 18;

export interface LegendItem {
  node: SVGGElement;
  width: number;
}

function add(parent: Element, tag: string, attrs: Record<string, string | number>): SVGElement {
  const e = document.createElementNS(SVG_NS, tag) as SVGElement;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent.appendChild(e);
  return e;
}

type Swatch = (g: Element) => void;

function arrowSwatch(kind: string, head: 'filled' | 'double' | 'cross'): Swatch {
  return (g) => {
    const p = add(g, 'g', { class: `ladder-packet k-${kind}` });
    add(p, 'line', { class: 'ladder-shaft', x1: 2, y1: 7, x2: head === 'cross' ? 30 : 38, y2: 7 });
    if (head === 'cross') add(p, 'path', { class: 'ladder-cross', d: 'M33,2 L43,12 M33,12 L43,2' });
    else add(p, 'path', { class: 'ladder-head', d: 'M44,7 L35,2.5 L35,11.5 Z' });
    if (head === 'double') add(p, 'path', { class: 'ladder-head', d: 'M36,7 L27,2.5 L27,11.5 Z' });
  };
}

const lifelineSwatch: Swatch = (g) => {
  add(g, 'line', { class: 'ladder-lifeline', x1: 0, y1: 7, x2: 16, y2: 7 });
  add(g, 'line', { class: 'ladder-lifeline is-closed', x1: 18, y1: 7, x2: 46, y2: 7 });
};

const gapSwatch: Swatch = (g) => {
  add(g, 'rect', { class: 'ladder-gap-band', x: 0, y: 0, width: 46, height: 14 });
  add(g, 'path', { class: 'ladder-gap-zigzag', d: 'M13,10 l5,-6 l5,6 l5,-6 l5,6' });
};

const stateSwatch: Swatch = (g) => {
  add(g, 'rect', { class: 'ladder-state-pill', x: 3, y: 1, width: 40, height: 12, rx: 6 });
};

/** Builds every legend entry into `parent` (which must be in the document) and measures it. */
export function measureLegend(parent: SVGGElement, words: LadderWords): LegendItem[] {
  const entries: [Swatch, string][] = [
    ...words.arrows.map((a): [Swatch, string] => [arrowSwatch(a.kind, a.head), a.text]),
    [lifelineSwatch, words.lifeline],
    [gapSwatch, words.gap],
    [stateSwatch, words.state],
  ];
  return entries.map(([swatch, text]) => {
    const node = add(parent, 'g', { class: 'ladder-picture-legend-item' }) as SVGGElement;
    swatch(node);
    const label = add(node, 'text', {
      class: 'ladder-picture-legend-text',
      x: SWATCH + GAP_AFTER_SWATCH,
      y: 11,
    }) as SVGTextElement;
    label.textContent = text;
    return { node, width: SWATCH + GAP_AFTER_SWATCH + label.getComputedTextLength() };
  });
}

/** Places the items left to right, wrapping at `width`; returns the number of rows. */
export function placeLegend(items: LegendItem[], width: number, x0: number, y0: number): number {
  let x = 0;
  let row = 0;
  for (const item of items) {
    if (x > 0 && x + item.width > width) {
      row++;
      x = 0;
    }
    item.node.setAttribute('transform', `translate(${x0 + x},${y0 + row * legendRowHeight})`);
    x += item.width + GAP_BETWEEN;
  }
  return items.length === 0 ? 0 : row + 1;
}
