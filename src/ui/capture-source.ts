// Where the capture on screen came from, and the link that opens it again. A link can carry an
// example (`?example=<id>`) or a capture on a web server (`?url=<address>`), plus the selected
// packet (`#stream=N&frame=M`, url-hash.ts); a file from the user's disk cannot travel in a link.
export type CaptureSource =
  | { kind: 'file' }
  | { kind: 'example'; id: string }
  /** `url` as the user gave it (it may be relative to the page, like `captures/x.pcap`). */
  | { kind: 'url'; url: string };

const PARAMS = ['example', 'url'] as const;

/** `href` with its query naming `source` (the other source parameters removed), hash kept. */
export function withSource(href: string, source: CaptureSource): string {
  const u = new URL(href);
  for (const p of PARAMS) u.searchParams.delete(p);
  if (source.kind === 'example') u.searchParams.set('example', source.id);
  if (source.kind === 'url') u.searchParams.set('url', source.url);
  return u.href;
}

/** The link that reopens the capture at the packet in `href`'s hash, or null for a local file. */
export function shareLink(source: CaptureSource, href: string): string | null {
  return source.kind === 'file' ? null : withSource(href, source);
}

/**
 * Names the source in the page's own address (replaceState, no history entry), so a reload, a
 * bookmark or the address bar open the same capture, and a file opened after a link does not leave
 * the link's `?url=` behind to be reloaded instead.
 */
export function showSourceInUrl(source: CaptureSource): void {
  const next = withSource(window.location.href, source);
  if (next === window.location.href) return;
  try {
    window.history.replaceState(window.history.state, '', next);
  } catch {
    // Some file:// pages refuse to change their address; the link button still works.
  }
}
