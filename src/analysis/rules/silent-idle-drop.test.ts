import { describe, expect, it } from 'vitest';
import { getExchange, handshake, type ScriptPacket } from '../testing/capture-script';
import { diagnoseScript, findingsFor } from '../testing/diagnose-script';
import { RULE_CASES } from '../testing/rule-cases';

describe('silent-idle-drop', () => {
  it('blames a middlebox and lists the known idle limits below the idle time', () => {
    const [f] = findingsFor(diagnoseScript(RULE_CASES['silent-idle-drop']().packets), 'silent-idle-drop', 0);
    expect(f?.numbers.idleSeconds).toBeCloseTo(399.948, 3);
    expect(f?.explanation).toContain('AWS NAT');
    expect(f?.explanation).toContain('Azure');
  });

  it('does not fire when the client closes after the idle', () => {
    const p: ScriptPacket[] = [
      ...handshake(0),
      ...getExchange(0.01, '/a'),
      { t: 400, from: 'c', flags: 'FA' },
    ];
    p.push({ t: 400.001, from: 's', flags: 'FA' }, { t: 400.002, from: 'c', flags: 'A' });
    expect(diagnoseScript(p).flows[0]?.diagnosis).toBe('client-idle-close');
  });

  it('leaves a RST after a short idle to no-response', () => {
    const p: ScriptPacket[] = [...handshake(0), ...getExchange(0.01, '/a')];
    p.push(
      { t: 10, from: 'c', flags: 'PA', len: 80, http: { method: 'GET', target: '/b' } },
      { t: 10.001, from: 's', flags: 'RA' },
    );
    const d = diagnoseScript(p);
    expect(d.flows[0]?.diagnosis).toBe('no-response');
    expect(findingsFor(d, 'silent-idle-drop', 0)).toEqual([]);
  });
});
