import { describe, expect, it } from 'vitest';
import { byTime, getExchange, handshake, type ScriptPacket } from '../testing/capture-script';
import { diagnoseScript, findingsFor } from '../testing/diagnose-script';

/** `n` connections used at `used(k)`, then closed by `side` at `closeAt(k)`. */
function connections(
  n: number,
  used: (k: number) => number,
  closeAt: (k: number) => number,
  side: 'c' | 's',
  flags = 'RA',
) {
  const parts: ScriptPacket[][] = [];
  for (let k = 0; k < n; k++) {
    parts.push([
      ...handshake(used(k) - 0.01, k),
      ...getExchange(used(k), `/r/${k}`, k),
      { t: closeAt(k), from: side, flags, conn: k },
    ]);
  }
  return diagnoseScript(byTime(...parts));
}

describe('reset-burst', () => {
  it('fires when one host closes six connections used at different times within a millisecond', () => {
    const d = connections(
      6,
      (k) => 1 + k * 0.4,
      (k) => 10 + k * 0.0002,
      'c',
    );
    const [f] = findingsFor(d, 'reset-burst', 0);
    expect(f?.flows).toEqual([0, 1, 2, 3, 4, 5]);
    expect(f?.numbers.rsts).toBe(6);
    expect(f?.numbers.spreadSeconds).toBeCloseTo(0.001, 6);
  });

  it('does not fire for idle-timeout closes, each 5 s after its own last response', () => {
    const d = connections(
      6,
      (k) => 1 + k * 0.0003,
      (k) => 1 + k * 0.0003 + 0.002 + 5,
      's',
      'FA',
    );
    expect(d.findings.filter((f) => f.rule === 'reset-burst')).toEqual([]);
  });

  it('does not fire for a busy server closing each connection right after its response (Connection: close)', () => {
    const d = connections(
      10,
      (k) => 1 + k * 0.0005,
      (k) => 1 + k * 0.0005 + 0.0025,
      's',
      'FA',
    );
    expect(d.findings.filter((f) => f.rule === 'reset-burst')).toEqual([]);
  });

  it('does not fire for four connections (fewer than five)', () => {
    const d = connections(
      4,
      (k) => 1 + k * 0.4,
      (k) => 10 + k * 0.0002,
      'c',
    );
    expect(d.findings.filter((f) => f.rule === 'reset-burst')).toEqual([]);
  });

  it('does not fire when the closes are spread over seconds', () => {
    const d = connections(
      6,
      (k) => 1 + k * 0.4,
      (k) => 10 + k * 0.5,
      'c',
    );
    expect(d.findings.filter((f) => f.rule === 'reset-burst')).toEqual([]);
  });
});
