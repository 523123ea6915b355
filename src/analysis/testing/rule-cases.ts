// One hand-built capture per rule that shows the pattern, shared by the rule tests and the text
// tests (which render every rule's texts from a real finding). Timings are deliberately unlike the
// scenario captures (WAN-ish RTTs, other idle times) so nothing is tuned to one fixture.
import type { RuleLabel } from '../labels';
import { byTime, type ConnSpec, getExchange, handshake, type ScriptPacket } from './capture-script';

export interface RuleCase {
  packets: ScriptPacket[];
  conns?: ConnSpec[];
  /** Connection the rule must label. */
  conn: number;
}

/** GET, response, then the server's idle FIN after `idle` s; the client ACKs it. */
export function idleServerClose(t0: number, idle: number, conn = 0, rtt = 0.001): ScriptPacket[] {
  const p = [...handshake(t0, conn, rtt), ...getExchange(t0 + 0.01, '/a', conn)];
  const last = t0 + 0.01 + 0.002;
  p.push(
    { t: last + idle, from: 's', flags: 'FA', conn },
    { t: last + idle + rtt / 2, from: 'c', flags: 'A', conn },
  );
  return p;
}

function staleReuse(): RuleCase {
  const p = idleServerClose(0, 20, 0, 0.04);
  p.push(
    { t: 30, from: 'c', flags: 'PA', len: 90, http: { method: 'GET', target: '/b' } },
    { t: 30.02, from: 's', flags: 'R' },
  );
  return { packets: p, conn: 0 };
}

function race(): RuleCase {
  const p = idleServerClose(0, 15, 0, 0.08);
  // The FIN reached the client-side capture at 15.012; the GET left 3 ms later (< RTT + 5 ms).
  const fin = p.find((x) => x.flags === 'FA');
  const finT = fin?.t ?? 15;
  const withoutAck = p.filter((x) => !(x.from === 'c' && x.t > finT));
  withoutAck.push(
    { t: finT + 0.003, from: 'c', flags: 'PA', len: 90, http: { method: 'GET', target: '/b' } },
    { t: finT + 0.083, from: 's', flags: 'R' },
  );
  return { packets: withoutAck, conn: 0 };
}

function clientIdleClose(): RuleCase {
  const p = [...handshake(0), ...getExchange(0.01, '/a')];
  p.push(
    { t: 4.012, from: 'c', flags: 'FA' },
    { t: 4.0125, from: 's', flags: 'FA' },
    { t: 4.013, from: 'c', flags: 'A' },
  );
  return { packets: p, conn: 0 };
}

function retry(): RuleCase {
  const p0 = [
    ...handshake(0, 0),
    {
      t: 0.01,
      from: 'c' as const,
      flags: 'PA',
      len: 120,
      http: { method: 'POST', target: '/order', bodyBytes: 40, contentLength: 40 },
    },
    { t: 0.011, from: 's' as const, flags: 'A' },
    { t: 0.06, from: 's' as const, flags: 'RA' },
  ];
  const p1 = [
    ...handshake(0.3, 1),
    {
      t: 0.31,
      from: 'c' as const,
      flags: 'PA',
      len: 120,
      conn: 1,
      http: { method: 'POST', target: '/order', bodyBytes: 40, contentLength: 40 },
    },
    { t: 0.32, from: 's' as const, flags: 'PA', len: 100, conn: 1, http: { status: 201 } },
    { t: 0.321, from: 'c' as const, flags: 'A', conn: 1 },
  ];
  return { packets: byTime(p0, p1), conn: 1 };
}

function refused(): RuleCase {
  return {
    packets: [
      { t: 0, from: 'c', flags: 'S' },
      { t: 0.0002, from: 's', flags: 'RA' },
    ],
    conn: 0,
  };
}

function upstream502(): RuleCase {
  const client = [
    ...handshake(0, 0),
    { t: 0.01, from: 'c' as const, flags: 'PA', len: 80, conn: 0, http: { method: 'GET', target: '/api' } },
    { t: 0.0105, from: 's' as const, flags: 'A', conn: 0 },
    {
      t: 0.0152,
      from: 's' as const,
      flags: 'PA',
      len: 300,
      conn: 0,
      http: { status: 502, contentLength: 150, bodyBytes: 150 },
    },
    { t: 0.016, from: 'c' as const, flags: 'A', conn: 0 },
  ];
  const upstream = [
    { t: 0.011, from: 'c' as const, flags: 'S', conn: 1 },
    { t: 0.0111, from: 's' as const, flags: 'RA', conn: 1 },
  ];
  return {
    packets: byTime(client, upstream),
    conns: [
      { client: '192.168.1.5:51000', server: '10.0.0.2:80' },
      { client: '10.0.0.2:42000', server: '10.0.0.3:8080' },
    ],
    conn: 0,
  };
}

function noResponse(): RuleCase {
  return {
    packets: [
      ...handshake(0),
      { t: 0.01, from: 'c', flags: 'PA', len: 80, http: { method: 'GET', target: '/slow' } },
      { t: 0.0105, from: 's', flags: 'A' },
      { t: 0.2, from: 's', flags: 'FA' },
      { t: 0.2004, from: 'c', flags: 'FA' },
      { t: 0.2006, from: 's', flags: 'A' },
    ],
    conn: 0,
  };
}

function emptyPost(): RuleCase {
  return {
    packets: [
      ...handshake(0, 0, 0.02),
      {
        t: 0.03,
        from: 'c',
        flags: 'PA',
        len: 157,
        http: { method: 'POST', target: '/wms/sync?cid=1', contentLength: 0, bodyBytes: 0 },
      },
      { t: 0.0301, from: 'c', flags: 'FA' },
      { t: 0.05, from: 's', flags: 'A' },
      { t: 0.051, from: 's', flags: 'RA' },
    ],
    conn: 0,
  };
}

function clientAbort(): RuleCase {
  return {
    packets: [
      ...handshake(0),
      { t: 0.01, from: 'c', flags: 'PA', len: 60, http: { method: 'GET', target: '/big' } },
      {
        t: 0.012,
        from: 's',
        flags: 'PA',
        len: 200,
        http: { status: 200, contentLength: 10_000_000, bodyBytes: 20_000, incomplete: true },
      },
      { t: 0.013, from: 's', flags: 'A', len: 10_000 },
      { t: 0.0131, from: 'c', flags: 'A', win: 20_000 },
      { t: 0.014, from: 's', flags: 'A', len: 10_000 },
      { t: 0.05, from: 'c', flags: 'RA' },
    ],
    conn: 0,
  };
}

function closeWait(): RuleCase {
  const p = idleServerClose(0, 3);
  p.push({ t: 12, from: 'c', flags: 'FA' }, { t: 12.0005, from: 's', flags: 'A' });
  return { packets: p, conn: 0 };
}

/** Six connections used at different times, all reset by the client within a millisecond. */
function burst(): RuleCase {
  const parts: ScriptPacket[][] = [];
  for (let k = 0; k < 6; k++) {
    parts.push([
      ...handshake(k * 0.3, k),
      ...getExchange(k * 0.3 + 0.01, `/r/${k}`, k),
      { t: 10 + k * 0.0001, from: 'c', flags: 'RA', conn: k },
    ]);
  }
  return { packets: byTime(...parts), conn: 2 };
}

/** Four idle keep-alive connections closed by the server at one instant; later requests reset, a reconnect refused. */
function crash(): RuleCase {
  const parts: ScriptPacket[][] = [];
  for (let k = 0; k < 4; k++) {
    parts.push([
      ...handshake(k * 0.5, k),
      ...getExchange(k * 0.5 + 0.01, `/c/${k}`, k),
      { t: 8 + k * 0.00005, from: 's', flags: 'FA', conn: k },
    ]);
    parts.push([{ t: 8.04 + k * 0.0001, from: 'c', flags: 'A', conn: k }]);
  }
  parts.push([
    { t: 9, from: 'c', flags: 'PA', len: 80, conn: 0, http: { method: 'GET', target: '/c/0/2' } },
    { t: 9.0002, from: 's', flags: 'R', conn: 0 },
    { t: 9.001, from: 'c', flags: 'S', conn: 4 },
    { t: 9.0012, from: 's', flags: 'RA', conn: 4 },
  ]);
  return { packets: byTime(...parts), conn: 4 };
}

function rto(): RuleCase {
  const p: ScriptPacket[] = [...handshake(0, 0, 0.03), ...getExchange(0.05, '/ok')];
  const t = 1;
  p.push({ t, from: 'c', flags: 'PA', len: 70, http: { method: 'GET', target: '/lost' } });
  let gap = 0.3;
  let at = t;
  for (let k = 0; k < 5; k++) {
    at += gap;
    p.push({ t: at, from: 'c', flags: 'PA', len: 70, seq: 81 });
    gap *= 2;
  }
  p.push({ t: at + 3, from: 'c', flags: 'R', seq: 151 });
  return { packets: p, conn: 0 };
}

function zeroWindow(): RuleCase {
  const p: ScriptPacket[] = [
    ...handshake(0),
    { t: 0.01, from: 'c', flags: 'PA', len: 60, http: { method: 'GET', target: '/file' } },
    {
      t: 0.02,
      from: 's',
      flags: 'A',
      len: 1400,
      http: { status: 200, contentLength: 100_000, bodyBytes: 100_000 },
    },
    { t: 0.021, from: 's', flags: 'A', len: 1400 },
    { t: 0.03, from: 'c', flags: 'A', win: 0 },
  ];
  let t = 0.03;
  for (const gap of [0.3, 0.6, 1.2]) {
    t += gap;
    p.push({ t, from: 's', flags: 'A', seq: 2800 }, { t: t + 0.0002, from: 'c', flags: 'A', win: 0 });
  }
  p.push(
    { t: t + 0.5, from: 'c', flags: 'A', win: 30_000 },
    { t: t + 0.501, from: 's', flags: 'PA', len: 1400 },
    { t: t + 0.502, from: 'c', flags: 'FA' },
    { t: t + 0.503, from: 's', flags: 'FA' },
    { t: t + 0.504, from: 'c', flags: 'A' },
  );
  return { packets: p, conn: 0 };
}

function abortive(): RuleCase {
  const p = [...handshake(0), ...getExchange(0.01, '/done')];
  p.push({ t: 0.5, from: 'c', flags: 'RA' });
  return { packets: p, conn: 0 };
}

function silentDrop(): RuleCase {
  const p = [...handshake(0, 0, 0.02), ...getExchange(0.05, '/first')];
  p.push(
    { t: 400, from: 'c', flags: 'PA', len: 80, http: { method: 'GET', target: '/second' } },
    { t: 400.001, from: 's', flags: 'R' },
  );
  return { packets: p, conn: 0 };
}

export const RULE_CASES: Record<RuleLabel, () => RuleCase> = {
  'stale-keepalive-reuse': staleReuse,
  'keepalive-race': race,
  'client-idle-close': clientIdleClose,
  'retry-after-reset': retry,
  'connection-refused': refused,
  'upstream-refused-502': upstream502,
  'no-response': noResponse,
  'empty-post-reset': emptyPost,
  'client-abort-unread-response': clientAbort,
  'close-wait-leak': closeWait,
  'reset-burst': burst,
  'server-crash': crash,
  'retransmission-timeout': rto,
  'zero-window': zeroWindow,
  'abortive-close': abortive,
  'silent-idle-drop': silentDrop,
};
