// The selected connection and packet in the URL hash, `#stream=N&frame=M` (Wireshark's tcp.stream
// and 1-based frame numbers), so a link or a reload comes back to the same packet. Written with
// history.replaceState: moving through packets must not fill the back button's history.
export interface Position {
  stream: number;
  /** 1-based frame; null when only the connection is named. */
  frame: number | null;
}

const natural = (s: string | null): number | null => (s !== null && /^\d+$/.test(s) ? Number(s) : null);

export function parseHash(hash: string): Position | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const stream = natural(params.get('stream'));
  if (stream === null) return null;
  const frame = natural(params.get('frame'));
  return { stream, frame: frame !== null && frame > 0 ? frame : null };
}

export function formatHash(p: Position): string {
  return p.frame === null ? `#stream=${p.stream}` : `#stream=${p.stream}&frame=${p.frame}`;
}

/** Replaces the hash of the current history entry (keeping path and query) when it changed. */
export function writeHash(p: Position): void {
  const hash = formatHash(p);
  if (window.location.hash === hash) return;
  const url = `${window.location.pathname}${window.location.search}${hash}`;
  window.history.replaceState(window.history.state, '', url);
}
