import { describe, expect, it } from 'vitest';
import { getExchange, handshake } from '../testing/capture-script';
import { diagnoseScript, findingsFor } from '../testing/diagnose-script';
import { idleServerClose } from '../testing/rule-cases';

describe('abortive-close', () => {
  it('says which side reset after every request was answered', () => {
    const d = diagnoseScript([
      ...handshake(0),
      ...getExchange(0.01, '/done'),
      { t: 0.5, from: 's', flags: 'RA' },
    ]);
    const [f] = findingsFor(d, 'abortive-close', 0);
    expect(f?.variant).toBe('after-complete');
    expect(f?.context.resetter).toBe('server');
  });

  it('calls a RST to a segment that arrived after the resetter closed "after-close"', () => {
    const d = diagnoseScript([
      ...handshake(0),
      ...getExchange(0.01, '/x'),
      { t: 1, from: 'c', flags: 'FA' },
      { t: 1.01, from: 's', flags: 'PA', len: 31 },
      { t: 1.0101, from: 'c', flags: 'R', seq: 82 },
    ]);
    expect(findingsFor(d, 'abortive-close', 0)[0]?.variant).toBe('after-close');
  });

  it('is not added to a flow whose RST another rule explains', () => {
    const p = idleServerClose(0, 20);
    p.push({ t: 30, from: 'c', flags: 'PA', len: 90 }, { t: 30.001, from: 's', flags: 'R' });
    const d = diagnoseScript(p);
    expect(d.flows[0]?.diagnosis).toBe('stale-keepalive-reuse');
    expect(d.flows[0]?.labels).not.toContain('abortive-close');
  });
});
