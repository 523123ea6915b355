// Reads every row of the (virtualized) flow list by scrolling its body from top to bottom: only the
// rows in view are in the DOM at any time.
import type { Page } from '@playwright/test';

export interface ShownRow {
  stream: number;
  diagnosis: string;
}

export async function allFlowRows(page: Page): Promise<ShownRow[]> {
  return page.evaluate(async () => {
    const body = document.querySelector<HTMLElement>('[data-testid="flow-scroll"]');
    const seen = new Map<number, string>();
    const collect = () => {
      for (const r of document.querySelectorAll<HTMLElement>('[data-testid="flow-row"]')) {
        seen.set(Number(r.dataset.stream), r.dataset.diagnosis ?? '');
      }
    };
    if (!body) return [];
    body.scrollTop = 0;
    for (;;) {
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      collect();
      if (body.scrollTop + body.clientHeight >= body.scrollHeight - 1) break;
      body.scrollTop += body.clientHeight;
    }
    body.scrollTop = 0;
    return [...seen]
      .map(([stream, diagnosis]) => ({ stream, diagnosis }))
      .sort((a, b) => a.stream - b.stream);
  });
}
