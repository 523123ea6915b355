import { describe, expect, it } from 'vitest';
import { getExchange, handshake, type ScriptPacket } from '../testing/capture-script';
import { diagnoseScript, findingsFor } from '../testing/diagnose-script';
import { RULE_CASES } from '../testing/rule-cases';
import { isBackoff } from './retransmission-timeout';

function retransmitted(intervals: number[], ackAfter?: number): ScriptPacket[] {
  const p: ScriptPacket[] = [...handshake(0), ...getExchange(0.01, '/ok')];
  p.push({ t: 1, from: 'c', flags: 'PA', len: 70 });
  let t = 1;
  for (const i of intervals) {
    t += i;
    p.push({ t, from: 'c', flags: 'PA', len: 70, seq: 81 });
  }
  if (ackAfter !== undefined) p.push({ t: t + ackAfter, from: 's', flags: 'A' });
  return p;
}

describe('retransmission-timeout', () => {
  it('counts the retransmissions and the growing intervals, and cites the final RST', () => {
    const d = diagnoseScript(RULE_CASES['retransmission-timeout']().packets);
    const [f] = findingsFor(d, 'retransmission-timeout', 0);
    expect(f?.numbers.retransmissions).toBe(5);
    expect(f?.numbers.firstIntervalSeconds).toBeCloseTo(0.3, 6);
    expect(f?.numbers.lastIntervalSeconds).toBeCloseTo(4.8, 6);
    expect(f?.keyFrames.rst).toBeDefined();
  });

  it('recognises a connect timeout from SYN retransmissions (Windows gives up after two)', () => {
    const d = diagnoseScript([
      { t: 0, from: 'c', flags: 'S' },
      { t: 3, from: 'c', flags: 'S', seq: 0 },
      { t: 9, from: 'c', flags: 'S', seq: 0 },
    ]);
    expect(findingsFor(d, 'retransmission-timeout', 0)[0]?.variant).toBe('syn');
  });

  it('does not fire when the data is finally acknowledged', () => {
    expect(diagnoseScript(retransmitted([0.2, 0.4, 0.8], 0.1)).flows[0]?.diagnosis).toBe('healthy');
  });

  it('does not fire for retransmissions at a constant pace (no backoff)', () => {
    expect(diagnoseScript(retransmitted([0.2, 0.2, 0.2, 0.2])).flows[0]?.diagnosis).toBe('healthy');
  });

  it('isBackoff wants non-shrinking intervals that grow overall', () => {
    expect(isBackoff([0.204, 0.208, 0.42, 0.832, 1.664])).toBe(true);
    expect(isBackoff([1, 1, 1])).toBe(false);
    expect(isBackoff([1, 2, 0.5])).toBe(false);
  });
});
