import { describe, expect, it } from 'vitest';
import { handshake } from '../testing/capture-script';
import { diagnoseScript, findingsFor } from '../testing/diagnose-script';
import { RULE_CASES } from '../testing/rule-cases';

describe('zero-window', () => {
  it('measures how long the window stayed closed and counts the probes', () => {
    const [f] = findingsFor(diagnoseScript(RULE_CASES['zero-window']().packets), 'zero-window', 0);
    expect(f?.context.receiver).toBe('client');
    expect(f?.numbers.probes).toBe(3);
    expect(f?.numbers.durationSeconds).toBeCloseTo(2.6, 3);
    expect(f?.numbers.reopened).toBe(true);
  });

  it('does not fire for a brief zero window with no probe', () => {
    const d = diagnoseScript([
      ...handshake(0),
      { t: 0.01, from: 'c', flags: 'PA', len: 60 },
      { t: 0.02, from: 's', flags: 'A', len: 1400 },
      { t: 0.021, from: 'c', flags: 'A', win: 0 },
      { t: 0.05, from: 'c', flags: 'A', win: 20000 },
      { t: 0.051, from: 's', flags: 'PA', len: 1400 },
    ]);
    expect(d.flows[0]?.diagnosis).toBe('healthy');
  });
});
