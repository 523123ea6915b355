import { describe, expect, it } from 'vitest';
import { getExchange, handshake, type ScriptPacket } from '../testing/capture-script';
import { diagnoseScript, findingsFor } from '../testing/diagnose-script';
import { idleServerClose } from '../testing/rule-cases';

describe('stale-keepalive-reuse', () => {
  it('cites the server FIN, the reused request and the RST, with the measured idle and delay', () => {
    const p = idleServerClose(0, 20, 0, 0.04);
    p.push(
      { t: 30, from: 'c', flags: 'PA', len: 90, http: { method: 'GET', target: '/b' } },
      { t: 30.02, from: 's', flags: 'R' },
    );
    const d = diagnoseScript(p);
    const [f] = findingsFor(d, 'stale-keepalive-reuse', 0);
    expect(f?.keyFrames).toMatchObject({ lastResponse: 6, serverFin: 8, finAck: 9, request: 10, rst: 11 });
    expect(f?.numbers.idleBeforeFinSeconds).toBeCloseTo(20, 3);
    expect(f?.numbers.finToRequestSeconds).toBeCloseTo(9.988, 3);
    expect(f?.numbers.reset).toBe(true);
  });

  it('flags a reuse 0.5 s after the FIN on a 100 ms path (well beyond one RTT)', () => {
    const p = idleServerClose(0, 5, 0, 0.1);
    p.push({ t: 5.6, from: 'c', flags: 'PA', len: 90 }, { t: 5.7, from: 's', flags: 'R' });
    expect(diagnoseScript(p).flows[0]?.diagnosis).toBe('stale-keepalive-reuse');
  });

  it('does not fire when the client closes first after idling (that is client-idle-close)', () => {
    const p: ScriptPacket[] = [...handshake(0), ...getExchange(0.01, '/a')];
    p.push(
      { t: 20, from: 'c', flags: 'FA' },
      { t: 20.001, from: 's', flags: 'FA' },
      { t: 20.002, from: 'c', flags: 'A' },
    );
    const d = diagnoseScript(p);
    expect(d.flows[0]?.diagnosis).toBe('client-idle-close');
    expect(findingsFor(d, 'stale-keepalive-reuse', 0)).toEqual([]);
  });

  it('does not fire when the server idle-closes and the client closes too without sending', () => {
    const p = idleServerClose(0, 20);
    p.push({ t: 20.02, from: 'c', flags: 'FA' }, { t: 20.021, from: 's', flags: 'A' });
    expect(diagnoseScript(p).flows[0]?.diagnosis).toBe('healthy');
  });

  it('leaves a request within one RTT of the FIN to keepalive-race', () => {
    const p = idleServerClose(0, 20, 0, 0.05).filter((x) => !(x.from === 'c' && x.flags === 'A' && x.t > 20));
    const fin = p.find((x) => x.flags === 'FA')?.t ?? 0;
    p.push({ t: fin + 0.02, from: 'c', flags: 'PA', len: 90 }, { t: fin + 0.07, from: 's', flags: 'R' });
    const d = diagnoseScript(p);
    expect(d.flows[0]?.diagnosis).toBe('keepalive-race');
    expect(findingsFor(d, 'stale-keepalive-reuse', 0)).toEqual([]);
  });
});
