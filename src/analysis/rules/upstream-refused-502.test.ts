import { describe, expect, it } from 'vitest';
import { byTime, handshake, type ScriptPacket } from '../testing/capture-script';
import { diagnoseScript, findingsFor } from '../testing/diagnose-script';

const conns = [
  { client: '192.168.1.5:51000', server: '10.0.0.2:80' },
  { client: '10.0.0.2:42000', server: '10.0.0.3:8080' },
];

function proxied(status: number, upstreamAt: number): ScriptPacket[] {
  const client: ScriptPacket[] = [
    ...handshake(0, 0),
    { t: 0.01, from: 'c', flags: 'PA', len: 80, conn: 0, http: { method: 'GET', target: '/api' } },
    { t: 0.015, from: 's', flags: 'PA', len: 300, conn: 0, http: { status } },
    { t: 0.016, from: 'c', flags: 'A', conn: 0 },
  ];
  const upstream: ScriptPacket[] = [
    { t: upstreamAt, from: 'c', flags: 'S', conn: 1 },
    { t: upstreamAt + 0.0001, from: 's', flags: 'RA', conn: 1 },
  ];
  return byTime(client, upstream);
}

describe('upstream-refused-502', () => {
  it('explains a 502 by the proxy upstream refused in the same window, citing both streams', () => {
    const d = diagnoseScript(proxied(502, 0.012), conns);
    const [f] = findingsFor(d, 'upstream-refused-502', 0);
    expect(d.flows[0]?.diagnosis).toBe('upstream-refused-502');
    expect(d.flows[1]?.diagnosis).toBe('connection-refused');
    expect(f?.streams).toEqual([0, 1]);
    expect(f?.context.upstream).toBe('10.0.0.3:8080');
  });

  it('does not label a 502 with no upstream failure in the capture', () => {
    const d = diagnoseScript(proxied(502, 5), conns);
    expect(d.flows[0]?.diagnosis).toBe('healthy');
  });

  it('does not label a 200 even with a refusal in the window', () => {
    const d = diagnoseScript(proxied(200, 0.012), conns);
    expect(d.flows[0]?.diagnosis).toBe('healthy');
  });
});
