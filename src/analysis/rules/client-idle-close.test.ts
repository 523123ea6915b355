import { describe, expect, it } from 'vitest';
import { getExchange, handshake, type ScriptPacket } from '../testing/capture-script';
import { diagnoseScript, findingsFor } from '../testing/diagnose-script';

function closeAfter(idle: number, extra: ScriptPacket[] = []) {
  const p: ScriptPacket[] = [...handshake(0), ...getExchange(0.01, '/a')];
  const t = 0.012 + idle;
  p.push(
    { t, from: 'c', flags: 'FA' },
    { t: t + 0.0005, from: 's', flags: 'FA' },
    { t: t + 0.001, from: 'c', flags: 'A' },
    ...extra,
  );
  return diagnoseScript(p);
}

describe('client-idle-close', () => {
  it('reports the idle time and the matching client pool (4 s: undici)', () => {
    const d = closeAfter(4);
    const [f] = findingsFor(d, 'client-idle-close', 0);
    expect(d.flows[0]?.diagnosis).toBe('client-idle-close');
    expect(f?.numbers.idleSeconds).toBeCloseTo(4, 3);
    expect(f?.explanation).toContain('undici');
  });

  it('is healthy when the client closes right after its last response', () => {
    expect(closeAfter(0.01).flows[0]?.diagnosis).toBe('healthy');
  });

  it('does not fire when the connection also carries a reset', () => {
    const d = closeAfter(4, [{ t: 4.02, from: 's', flags: 'R', seq: 202 }]);
    expect(findingsFor(d, 'client-idle-close', 0)).toEqual([]);
    expect(d.flows[0]?.diagnosis).not.toBe('healthy');
  });

  it('does not fire when the client closes with a request still unanswered', () => {
    const p: ScriptPacket[] = [
      ...handshake(0),
      { t: 0.01, from: 'c', flags: 'PA', len: 80, http: { method: 'GET', target: '/x' } },
    ];
    p.push(
      { t: 30, from: 'c', flags: 'FA' },
      { t: 30.001, from: 's', flags: 'FA' },
      { t: 30.002, from: 'c', flags: 'A' },
    );
    const d = diagnoseScript(p);
    expect(d.flows[0]?.diagnosis).toBe('no-response');
    expect(findingsFor(d, 'client-idle-close', 0)).toEqual([]);
  });
});
