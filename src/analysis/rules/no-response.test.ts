import { describe, expect, it } from 'vitest';
import { getExchange, handshake, type ScriptPacket } from '../testing/capture-script';
import { diagnoseScript, findingsFor } from '../testing/diagnose-script';

const get: ScriptPacket = { t: 0.01, from: 'c', flags: 'PA', len: 76, http: { method: 'GET', target: '/h' } };

describe('no-response', () => {
  it('fires when the server ACKs the request then closes with a FIN and 0 response bytes', () => {
    const d = diagnoseScript([
      ...handshake(0),
      get,
      { t: 0.0101, from: 's', flags: 'A' },
      { t: 0.06, from: 's', flags: 'FA' },
      { t: 0.0603, from: 'c', flags: 'FA' },
      { t: 0.0604, from: 's', flags: 'A' },
    ]);
    const [f] = findingsFor(d, 'no-response', 0);
    expect(d.flows[0]?.diagnosis).toBe('no-response');
    expect(f?.variant).toBe('server-fin');
    expect(f?.keyFrames).toMatchObject({ request: 4, requestAck: 5, close: 6 });
    expect(f?.numbers.waitSeconds).toBeCloseTo(0.05, 4);
  });

  it('reports a client that gave up (read timeout) when the server never answers', () => {
    const d = diagnoseScript([
      ...handshake(0),
      get,
      { t: 0.0101, from: 's', flags: 'A' },
      { t: 30.01, from: 'c', flags: 'RA' },
    ]);
    expect(findingsFor(d, 'no-response', 0)[0]?.variant).toBe('client-gave-up');
  });

  it('is healthy when the response completed before the server closed', () => {
    const p = [...handshake(0), ...getExchange(0.01, '/ok')];
    p.push(
      { t: 0.02, from: 's', flags: 'FA' },
      { t: 0.0201, from: 'c', flags: 'FA' },
      { t: 0.0202, from: 's', flags: 'A' },
    );
    expect(diagnoseScript(p).flows[0]?.diagnosis).toBe('healthy');
  });

  it('does not call an unanswered last message of a non-HTTP protocol a failure when both sides close with FIN', () => {
    const d = diagnoseScript([
      ...handshake(0),
      { t: 0.01, from: 'c', flags: 'PA', len: 156 },
      { t: 0.02, from: 's', flags: 'PA', len: 156 },
      { t: 0.03, from: 'c', flags: 'PA', len: 24 },
      { t: 1, from: 's', flags: 'FA' },
      { t: 1.0001, from: 'c', flags: 'FA' },
      { t: 1.0002, from: 's', flags: 'A' },
    ]);
    expect(d.flows[0]?.diagnosis).toBe('healthy');
  });
});
