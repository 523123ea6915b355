import { describe, expect, it } from 'vitest';
import { byTime, getExchange, handshake, type ScriptPacket } from '../testing/capture-script';
import { diagnoseScript, findingsFor } from '../testing/diagnose-script';
import { RULE_CASES } from '../testing/rule-cases';

describe('server-crash', () => {
  it('labels the connections closed at one instant and the refused reconnect', () => {
    const c = RULE_CASES['server-crash']();
    const d = diagnoseScript(c.packets);
    const [f] = findingsFor(d, 'server-crash', 0);
    expect(f?.flows).toEqual([0, 1, 2, 3, 4]);
    expect(f?.numbers).toMatchObject({ connections: 4, resetRequests: 1, refusedConnections: 1 });
    for (let k = 0; k < 5; k++) expect(d.flows[k]?.diagnosis).toBe('server-crash');
  });

  it('does not fire for a RST after a complete response and the client close', () => {
    const parts: ScriptPacket[][] = [];
    for (let k = 0; k < 4; k++) {
      parts.push([
        ...handshake(k * 0.3, k),
        ...getExchange(k * 0.3 + 0.01, '/x', k),
        { t: 5 + k * 0.0001, from: 'c', flags: 'FA', conn: k },
        { t: 5.0002 + k * 0.0001, from: 's', flags: 'RA', conn: k },
      ]);
    }
    const d = diagnoseScript(byTime(...parts));
    expect(d.findings.filter((f) => f.rule === 'server-crash')).toEqual([]);
  });

  it('does not fire for simultaneous server closes when nothing is reset or refused afterwards', () => {
    const parts: ScriptPacket[][] = [];
    for (let k = 0; k < 4; k++) {
      parts.push([
        ...handshake(k * 0.5, k),
        ...getExchange(k * 0.5 + 0.01, '/x', k),
        { t: 8 + k * 0.00005, from: 's', flags: 'FA', conn: k },
      ]);
      parts.push([
        { t: 8.001, from: 'c', flags: 'FA', conn: k },
        { t: 8.0012, from: 's', flags: 'A', conn: k },
      ]);
    }
    const d = diagnoseScript(byTime(...parts));
    expect(d.findings.filter((f) => f.rule === 'server-crash')).toEqual([]);
  });

  it('does not fire for an idle timer firing on connections used together, even if one is then reused', () => {
    const parts: ScriptPacket[][] = [];
    for (let k = 0; k < 4; k++) {
      parts.push([
        ...handshake(0.001 * k, k),
        ...getExchange(0.01 + 0.0001 * k, '/x', k),
        { t: 5.012 + 0.0001 * k, from: 's', flags: 'FA', conn: k },
      ]);
    }
    parts.push([
      { t: 7, from: 'c', flags: 'PA', len: 80, conn: 0, http: { method: 'GET', target: '/y' } },
      { t: 7.0001, from: 's', flags: 'R', conn: 0 },
    ]);
    const d = diagnoseScript(byTime(...parts));
    expect(d.findings.filter((f) => f.rule === 'server-crash')).toEqual([]);
    expect(d.flows[0]?.diagnosis).toBe('stale-keepalive-reuse');
  });
});
