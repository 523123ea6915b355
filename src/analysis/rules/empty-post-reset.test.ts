import { describe, expect, it } from 'vitest';
import { type HttpSpec, handshake } from '../testing/capture-script';
import { diagnoseScript, findingsFor } from '../testing/diagnose-script';

function postThenFin(http: HttpSpec, len = 157) {
  return diagnoseScript([
    ...handshake(0),
    { t: 0.01, from: 'c', flags: 'PA', len, http },
    { t: 0.01008, from: 'c', flags: 'FA' },
    { t: 0.0101, from: 's', flags: 'A' },
    { t: 0.0102, from: 's', flags: 'RA' },
  ]);
}

describe('empty-post-reset', () => {
  it('fires for a body-less POST, the client FIN at once and the server RST', () => {
    const d = postThenFin({ method: 'POST', target: '/wms', contentLength: 0, bodyBytes: 0 });
    const [f] = findingsFor(d, 'empty-post-reset', 0);
    expect(d.flows[0]?.diagnosis).toBe('empty-post-reset');
    expect(f?.keyFrames).toMatchObject({ request: 4, clientFin: 5, rst: 7 });
    expect(d.flows[0]?.labels).not.toContain('abortive-close');
  });

  it('does not fire for a POST that carried a body (still no-response: half-close)', () => {
    const d = postThenFin({ method: 'POST', target: '/wms', contentLength: 20, bodyBytes: 20 }, 177);
    expect(d.flows[0]?.diagnosis).toBe('no-response');
    expect(findingsFor(d, 'no-response', 0)[0]?.variant).toBe('half-close');
  });

  it('does not fire for a GET', () => {
    const d = postThenFin({ method: 'GET', target: '/' });
    expect(findingsFor(d, 'empty-post-reset', 0)).toEqual([]);
  });

  it('does not fire when the client FIN comes long after the request (not a half-close "at once")', () => {
    const d = diagnoseScript([
      ...handshake(0),
      { t: 0.01, from: 'c', flags: 'PA', len: 157, http: { method: 'POST', target: '/x', bodyBytes: 0 } },
      { t: 5, from: 'c', flags: 'FA' },
      { t: 5.001, from: 's', flags: 'RA' },
    ]);
    expect(findingsFor(d, 'empty-post-reset', 0)).toEqual([]);
  });
});
