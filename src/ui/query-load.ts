// `?url=<capture address>` opens a capture from a web server when the page opens (the link the
// "Copy link" button makes). The address is resolved against the page, so a capture hosted next to
// Wirelens can be named relatively; anything but http(s) is refused before any request is made.
import { useEffect, useState } from 'react';
import { isUrlFailure, resolveCaptureUrl, type UrlFailure } from '../worker/url-source';
import { OFFLINE_BUILD } from './build-flavour';
import { forgetHashOwner } from './position-memory';

/** The `url` parameter of a page query, or null. */
export function urlFromQuery(search: string): string | null {
  const v = new URLSearchParams(search).get('url');
  return v === null || v.trim() === '' ? null : v;
}

/** Opens the capture named by the page's `?url=` once, when the page opens. */
export function useUrlFromQuery(
  loadUrl: (url: URL, given: string) => void,
  fail: (fileName: string, message: string, failure: UrlFailure) => void,
): void {
  // Read once: the loader rewrites the query as captures are opened.
  const [given] = useState(() => urlFromQuery(window.location.search));
  useEffect(() => {
    if (given === null) return;
    // A link pairs its hash with the capture it names, whatever this tab showed before.
    forgetHashOwner();
    if (OFFLINE_BUILD) {
      fail(given, 'offline', { reason: 'offline', url: given, host: '' });
      return;
    }
    const target = resolveCaptureUrl(given, window.location.href);
    if (isUrlFailure(target)) fail(given, target.reason, target);
    else loadUrl(target, given);
    // No guard against a second run: React's development StrictMode unmounts once, which cancels
    // the first load; the second run starts it again. In production this runs once.
  }, [given, loadUrl, fail]);
}
