import { describe, expect, it } from 'vitest';
import { byTime, handshake, type ScriptPacket } from '../testing/capture-script';
import { diagnoseScript, findingsFor } from '../testing/diagnose-script';

function attempt(t: number, conn: number, method: string, target: string, answered: boolean): ScriptPacket[] {
  const p: ScriptPacket[] = [
    ...handshake(t, conn),
    { t: t + 0.01, from: 'c', flags: 'PA', len: 100, conn, http: { method, target } },
  ];
  if (answered) p.push({ t: t + 0.02, from: 's', flags: 'PA', len: 90, conn, http: { status: 200 } });
  else p.push({ t: t + 0.02, from: 's', flags: 'RA', conn });
  return p;
}

describe('retry-after-reset', () => {
  it('labels both connections and says a POST retry was not idempotent', () => {
    const d = diagnoseScript(
      byTime(attempt(0, 0, 'POST', '/pay', false), attempt(0.5, 1, 'POST', '/pay', true)),
    );
    const [f] = findingsFor(d, 'retry-after-reset', 1);
    expect(d.flows[1]?.diagnosis).toBe('retry-after-reset');
    expect(d.flows[0]?.labels).toContain('retry-after-reset');
    expect(f?.numbers.idempotent).toBe(false);
    expect(f?.numbers.delaySeconds).toBeCloseTo(0.48, 3);
  });

  it('counts a GET retry after 1 s (Apache HttpClient 5 waits 1 s) as idempotent', () => {
    const d = diagnoseScript(byTime(attempt(0, 0, 'GET', '/a', false), attempt(1.03, 1, 'GET', '/a', true)));
    expect(findingsFor(d, 'retry-after-reset', 1)[0]?.numbers.idempotent).toBe(true);
  });

  it('does not fire when the next connection comes 3 s later', () => {
    const d = diagnoseScript(byTime(attempt(0, 0, 'GET', '/a', false), attempt(3, 1, 'GET', '/a', true)));
    expect(d.findings.filter((f) => f.rule === 'retry-after-reset')).toEqual([]);
  });

  it('does not fire when the next request is a different one', () => {
    const d = diagnoseScript(byTime(attempt(0, 0, 'GET', '/a', false), attempt(0.2, 1, 'GET', '/b', true)));
    expect(d.findings.filter((f) => f.rule === 'retry-after-reset')).toEqual([]);
    expect(d.flows[1]?.diagnosis).toBe('healthy');
  });
});
