import { describe, expect, it } from 'vitest';
import { diagnoseScript, findingsFor } from '../testing/diagnose-script';
import { idleServerClose } from '../testing/rule-cases';

/** Server closes after `idle`; the client's request goes out `delta` s after the FIN. */
function raceAt(delta: number, rtt: number) {
  const p = idleServerClose(0, 5, 0, rtt).filter((x) => !(x.from === 'c' && x.flags === 'A' && x.t > 5));
  const fin = p.find((x) => x.flags === 'FA')?.t ?? 0;
  p.push({ t: fin + delta, from: 'c', flags: 'PA', len: 71, http: { method: 'GET', target: '/f/4' } });
  p.push({ t: fin + delta + rtt, from: 's', flags: 'R' });
  return diagnoseScript(p);
}

describe('keepalive-race', () => {
  it('fires for a request 0.3 ms after the FIN on loopback', () => {
    const d = raceAt(0.0003, 0.00003);
    expect(d.flows[0]?.diagnosis).toBe('keepalive-race');
    expect(findingsFor(d, 'keepalive-race', 0)[0]?.numbers.finToRequestSeconds).toBeCloseTo(0.0003, 6);
  });

  it('fires for a request 60 ms after the FIN when the RTT is 80 ms (server-side capture)', () => {
    expect(raceAt(0.06, 0.08).flows[0]?.diagnosis).toBe('keepalive-race');
  });

  it('fires when the request was captured before the FIN that did not acknowledge it (crossed)', () => {
    const p = idleServerClose(0, 5, 0, 0.05).filter(
      (x) => !(x.flags === 'FA' || (x.from === 'c' && x.t > 5)),
    );
    p.push(
      { t: 5.012, from: 'c', flags: 'PA', len: 71, http: { method: 'GET', target: '/x' } },
      { t: 5.03, from: 's', flags: 'FA', ack: 81 },
      { t: 5.08, from: 's', flags: 'R', seq: 202 },
    );
    const d = diagnoseScript(p);
    expect(d.flows[0]?.diagnosis).toBe('keepalive-race');
    expect(findingsFor(d, 'keepalive-race', 0)[0]?.variant).toBe('crossed');
  });

  it('does not fire when the FIN acknowledges the request (the server dropped a request it had: no-response)', () => {
    const p = idleServerClose(0, 5).filter((x) => !(x.flags === 'FA' || (x.from === 'c' && x.t > 5)));
    p.push(
      { t: 5.012, from: 'c', flags: 'PA', len: 71, http: { method: 'GET', target: '/x' } },
      { t: 5.03, from: 's', flags: 'FA' },
    );
    p.push({ t: 5.031, from: 'c', flags: 'FA' }, { t: 5.032, from: 's', flags: 'A' });
    const d = diagnoseScript(p);
    expect(d.flows[0]?.diagnosis).toBe('no-response');
    expect(findingsFor(d, 'keepalive-race', 0)).toEqual([]);
  });

  it('does not fire for a request 50 ms after the FIN on a 1 ms LAN (that is stale reuse)', () => {
    expect(raceAt(0.05, 0.001).flows[0]?.diagnosis).toBe('stale-keepalive-reuse');
  });
});
