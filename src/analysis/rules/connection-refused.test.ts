import { describe, expect, it } from 'vitest';
import type { ScriptPacket } from '../testing/capture-script';
import { diagnoseScript, findingsFor } from '../testing/diagnose-script';

describe('connection-refused', () => {
  it('groups refused attempts from one host to another into one finding citing every SYN and RST', () => {
    const p: ScriptPacket[] = [];
    for (let k = 0; k < 3; k++)
      p.push({ t: k, from: 'c', flags: 'S', conn: k }, { t: k + 0.0001, from: 's', flags: 'RA', conn: k });
    const d = diagnoseScript(p);
    const f = findingsFor(d, 'connection-refused', 0);
    expect(f).toHaveLength(1);
    expect(f[0]?.flows).toEqual([0, 1, 2]);
    expect(f[0]?.frames).toEqual([1, 2, 3, 4, 5, 6]);
    expect(f[0]?.numbers.attempts).toBe(3);
  });

  it('does not fire when the SYN was answered and the client reset the half-open connection (a scan)', () => {
    const d = diagnoseScript([
      { t: 0, from: 'c', flags: 'S' },
      { t: 0.001, from: 's', flags: 'SA' },
      { t: 0.0011, from: 'c', flags: 'R', seq: 1 },
    ]);
    expect(d.flows[0]?.diagnosis).toBe('abortive-close');
    expect(findingsFor(d, 'abortive-close', 0)[0]?.variant).toBe('before-data');
  });
});
