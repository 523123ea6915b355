// Staged rendering of a big view: the first paint shows what the user is waiting for (the flow list
// of a freshly loaded capture) and the rest (the selected connection's ladder, diagnosis and packet
// details) mounts in a later task, and the ladder in one after that. One React commit of everything,
// with the layout it forces, was a main-thread task of 150 ms on a 1 GB capture; split up, each part
// stays short enough for the page to keep answering input (issue 7: no task over 50 ms while a
// capture loads).
import { startTransition, useEffect, useState } from 'react';

/**
 * False on the first render, true from a task that runs after the frame showing that render was
 * painted (a requestAnimationFrame callback runs just before the paint; a timeout set from it runs
 * after). Starts over when `key` changes.
 */
export function useAfterPaint(key: unknown): boolean {
  const [state, setState] = useState<{ key: unknown; ready: boolean }>({ key, ready: false });
  const ready = state.key === key && state.ready;
  useEffect(() => {
    if (ready) return;
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      // A transition, so that the part mounted now (the connection's view, its ladder) is rendered in
      // slices too.
      timer = window.setTimeout(() => startTransition(() => setState({ key, ready: true })), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [key, ready]);
  return ready;
}
