import { describe, expect, it } from 'vitest';
import { createContext } from './context';
import { inferIdleTimeouts, tightCluster } from './infer-idle-timeouts';
import { buildCapture, byTime, type ScriptPacket } from './testing/capture-script';
import { idleServerClose } from './testing/rule-cases';

function closes(idles: number[], extra: (k: number) => ScriptPacket[] = () => []) {
  const parts = idles.map((idle, k) => [...idleServerClose(k * 30, idle, k), ...extra(k)]);
  const { table, flows } = buildCapture(byTime(...parts));
  return inferIdleTimeouts(createContext(table, flows));
}

describe('inferIdleTimeouts', () => {
  it('finds the Tomcat server.xml default from a tight cluster of 20 s closes', () => {
    const [e] = closes([20.01, 20.02, 19.99, 20.0, 20.03, 47]);
    expect(e?.server).toBe('10.0.0.2:8080');
    expect(e?.seconds).toBeCloseTo(20.01, 2);
    expect(e?.samples).toBe(5);
    expect(e?.totalSamples).toBe(6);
    expect(e?.match?.who.en).toBe('the shipped Tomcat server.xml default');
  });

  it('ignores closes after a Connection: close response', () => {
    const { table, flows } = buildCapture([
      { t: 0, from: 'c', flags: 'S' },
      { t: 0.001, from: 's', flags: 'SA' },
      { t: 0.002, from: 'c', flags: 'A' },
      { t: 0.01, from: 'c', flags: 'PA', len: 80, http: { method: 'GET', target: '/' } },
      { t: 0.02, from: 's', flags: 'PA', len: 200, http: { status: 200, connection: 'close' } },
      { t: 5.02, from: 's', flags: 'FA' },
    ]);
    expect(inferIdleTimeouts(createContext(table, flows))).toEqual([]);
  });

  it('reports the Keep-Alive: timeout header it saw', () => {
    const { table, flows } = buildCapture([
      { t: 0, from: 'c', flags: 'S' },
      { t: 0.001, from: 's', flags: 'SA' },
      { t: 0.01, from: 'c', flags: 'PA', len: 80, http: { method: 'GET', target: '/' } },
      { t: 0.02, from: 's', flags: 'PA', len: 200, http: { status: 200, keepAliveTimeout: 5 } },
    ]);
    const [e] = inferIdleTimeouts(createContext(table, flows));
    expect(e?.keepAliveHeader).toBe(5);
    expect(e?.seconds).toBeNull();
  });

  it('does not take closes made right after the response for an idle timer', () => {
    expect(closes([0.005, 0.004])).toEqual([]);
  });

  it('tightCluster keeps the largest group within the tolerance', () => {
    expect(tightCluster([2.0, 2.01, 65.2, 2.02, 65.1])).toEqual([2.0, 2.01, 2.02]);
  });
});
