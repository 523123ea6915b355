import { describe, expect, it } from 'vitest';
import { getExchange, handshake, type ScriptPacket } from '../testing/capture-script';
import { diagnoseScript, findingsFor } from '../testing/diagnose-script';
import { RULE_CASES } from '../testing/rule-cases';

describe('client-abort-unread-response', () => {
  it('measures the bytes that reached the client after the response headers', () => {
    const c = RULE_CASES['client-abort-unread-response']();
    const [f] = findingsFor(diagnoseScript(c.packets), 'client-abort-unread-response', 0);
    expect(f?.numbers.unreadBytes).toBe(20_000);
    expect(f?.numbers.contentLength).toBe(10_000_000);
    expect(f?.keyFrames.rst).toBe(9);
    expect(f?.serverSaw.length).toBeGreaterThan(0);
  });

  it('fires without HTTP parsing when the server keeps sending after the RST', () => {
    const d = diagnoseScript([
      ...handshake(0),
      { t: 0.01, from: 'c', flags: 'PA', len: 60 },
      { t: 0.02, from: 's', flags: 'A', len: 1400 },
      { t: 0.03, from: 'c', flags: 'RA' },
      { t: 0.0301, from: 's', flags: 'A', len: 1400 },
    ]);
    expect(d.flows[0]?.diagnosis).toBe('client-abort-unread-response');
  });

  it('does not fire when the response was complete before the client reset (abortive close)', () => {
    const p: ScriptPacket[] = [
      ...handshake(0),
      ...getExchange(0.01, '/done'),
      { t: 0.1, from: 'c', flags: 'RA' },
    ];
    const d = diagnoseScript(p);
    expect(d.flows[0]?.diagnosis).toBe('abortive-close');
    expect(findingsFor(d, 'client-abort-unread-response', 0)).toEqual([]);
  });
});
