import { describe, expect, it } from 'vitest';
import { byTime, handshake } from '../testing/capture-script';
import { diagnoseScript, findingsFor } from '../testing/diagnose-script';
import { idleServerClose } from '../testing/rule-cases';

describe('close-wait-leak', () => {
  it('measures how long the client sat in CLOSE_WAIT before closing', () => {
    const p = idleServerClose(0, 3);
    p.push({ t: 12, from: 'c', flags: 'FA' }, { t: 12.0005, from: 's', flags: 'A' });
    const [f] = findingsFor(diagnoseScript(p), 'close-wait-leak', 0);
    expect(f?.context.leakingSide).toBe('client');
    expect(f?.numbers.closeWaitSeconds).toBeCloseTo(12 - 3.012, 3);
    expect(f?.numbers.stillOpen).toBe(0);
  });

  it('counts a connection never closed before the capture ended', () => {
    const p = byTime(idleServerClose(0, 3, 0), handshake(20, 1));
    const [f] = findingsFor(diagnoseScript(p), 'close-wait-leak', 0);
    expect(f?.numbers.stillOpen).toBe(1);
  });

  it('is healthy when the pool discards the dead connection at checkout and opens a new one (urllib3)', () => {
    const p = idleServerClose(0, 3, 0);
    p.push({ t: 4.5, from: 'c', flags: 'FA' }, { t: 4.5001, from: 's', flags: 'A' });
    const d = diagnoseScript(byTime(p, handshake(4.5002, 1)));
    expect(d.flows[0]?.diagnosis).toBe('healthy');
  });

  it('is healthy when the client closes right after the server FIN', () => {
    const p = idleServerClose(0, 3);
    p.push({ t: 3.0125, from: 'c', flags: 'FA' }, { t: 3.013, from: 's', flags: 'A' });
    expect(diagnoseScript(p).flows[0]?.diagnosis).toBe('healthy');
  });

  it('does not fire when the capture has no ACK of the FIN (one direction only)', () => {
    const p = idleServerClose(0, 3).filter((x) => x.from === 's');
    const d = diagnoseScript(byTime(p, handshake(20, 1)));
    expect(findingsFor(d, 'close-wait-leak', 0)).toEqual([]);
  });
});
