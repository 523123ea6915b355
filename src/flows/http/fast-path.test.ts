// The flow builder handles most segments of a connection without its HttpTracker (stream-state.ts,
// feedFast) and creates the tracker only when a segment needs it. Here random HTTP/1.x conversations,
// cut into segments with retransmissions, overlaps, losses, snaplen cuts, pure ACKs and closes, go
// through the flow builder and, as a reference, through a tracker fed every segment (what the builder
// did before the fast path): the exchanges and the segments marked as message starts must be equal.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Mark } from '../model';
import { type Endpoint, TableBuilder } from '../testing/table-builder';
import { HttpTracker } from './http-tracker';

const REQUESTS = [
  'GET /a HTTP/1.1\r\nHost: x\r\n\r\n',
  'POST /p HTTP/1.1\r\nContent-Length: 12\r\n\r\nhello world!',
  'POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
  '\r\nGET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n',
  'not http at all, just bytes\n',
  'CONNECT host:443 HTTP/1.1\r\n\r\n',
];
const RESPONSES = [
  'HTTP/1.1 200 OK\r\nContent-Length: 30\r\n\r\n0123456789abcdefghij0123456789',
  'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n',
  'HTTP/1.1 100 Continue\r\n\r\n',
  'HTTP/1.1 204 No Content\r\n\r\n',
  'HTTP/1.0 200 OK\r\n\r\nbody until the connection closes',
  'HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\nopaque bytes after the upgrade',
  'HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5\r\nContent-Length: 4000\r\n\r\n' + 'z'.repeat(4000),
  '\u0016\u0003\u0001 binary junk',
  `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7d0\r\n${'c'.repeat(2000)}\r\n3e8;x=y\r\n${'d'.repeat(1000)}\r\n0\r\nTrailer: t\r\n\r\n`,
];

interface Step {
  /** Which direction sends: 0 client, 1 server. */
  dir: 0 | 1;
  kind: 'data' | 'ack' | 'resend' | 'overlap' | 'drop';
  /** Bytes in a data segment (1..size). */
  size: number;
  /** Captured part of the payload, as a fraction (1 = all). */
  captured: number;
}

const step = fc.record({
  dir: fc.constantFrom<0 | 1>(0, 1),
  kind: fc.constantFrom<Step['kind']>(
    'data',
    'data',
    'data',
    'data',
    'ack',
    'ack',
    'resend',
    'overlap',
    'drop',
  ),
  size: fc.integer({ min: 1, max: 700 }),
  captured: fc.constantFrom(1, 1, 1, 1, 0, 0.5),
});

const conversation = fc.record({
  requests: fc.array(fc.constantFrom(...REQUESTS), { minLength: 1, maxLength: 5 }),
  responses: fc.array(fc.constantFrom(...RESPONSES), { minLength: 0, maxLength: 5 }),
  handshake: fc.boolean(),
  isn: fc.constantFrom<[number, number]>([1000, 5000], [0xfffffe00, 0x7fffff00]),
  steps: fc.array(step, { maxLength: 80 }),
  close: fc.constantFrom('none', 'fin-client', 'fin-server', 'fin-both', 'rst'),
});

type Conversation = typeof conversation extends fc.Arbitrary<infer T> ? T : never;

/** Lays the conversation out as table rows; returns the table builder. */
function build(c: Conversation): TableBuilder {
  const b = new TableBuilder();
  const ends: [Endpoint, Endpoint] = [b.endpoint('10.0.0.1', 40000), b.endpoint('10.0.0.2', 80)];
  const text = [c.requests.join(''), c.responses.join('')].map((s) =>
    Uint8Array.from(s, (ch) => ch.charCodeAt(0)),
  );
  const sent = [0, 0];
  const last: [number, number][] = [
    [0, 0],
    [0, 0],
  ];
  const seqOf = (d: 0 | 1, at: number) => (c.isn[d] + 1 + at) >>> 0;
  const ackOf = (d: 0 | 1) => seqOf(d === 0 ? 1 : 0, sent[d === 0 ? 1 : 0] ?? 0);
  const send = (d: 0 | 1, flags: string, at: number, n: number, captured = 1) => {
    const data = text[d]?.subarray(at, at + n) ?? new Uint8Array(0);
    b.tcp(ends[d], ends[1 - d] as Endpoint, flags, {
      seq: seqOf(d, at),
      ack: ackOf(d),
      payload: data.subarray(0, Math.floor(data.length * captured)),
      len: data.length,
    });
  };
  if (c.handshake) {
    b.tcp(ends[0], ends[1], 'SYN', { seq: c.isn[0] });
    b.tcp(ends[1], ends[0], 'SYN,ACK', { seq: c.isn[1], ack: (c.isn[0] + 1) >>> 0 });
    send(0, 'ACK', 0, 0);
  }
  for (const s of c.steps) {
    const d = s.dir;
    const at = sent[d] ?? 0;
    const left = (text[d]?.length ?? 0) - at;
    const [lastAt, lastLen] = last[d] ?? [0, 0];
    if (s.kind === 'ack' || (left <= 0 && s.kind !== 'resend')) send(d, 'ACK', at, 0);
    else if (s.kind === 'resend' && lastLen > 0) send(d, 'PSH,ACK', lastAt, lastLen);
    else if (s.kind === 'overlap' && lastLen > 1) send(d, 'ACK', lastAt + 1, lastLen - 1 + Math.min(left, 9));
    else {
      const n = Math.min(s.size, Math.max(left, 0));
      if (n === 0) continue;
      if (s.kind !== 'drop') send(d, 'PSH,ACK', at, n, s.captured);
      last[d] = [at, n];
      sent[d] = at + n;
    }
  }
  if (c.close === 'rst') send(0, 'RST,ACK', sent[0] ?? 0, 0);
  if (c.close === 'fin-client' || c.close === 'fin-both') send(0, 'FIN,ACK', sent[0] ?? 0, 0);
  if (c.close === 'fin-server' || c.close === 'fin-both') send(1, 'FIN,ACK', sent[1] ?? 0, 0);
  return b;
}

describe('HTTP fast path in the flow builder', () => {
  it('gives the exchanges and message starts of a tracker fed every segment', () => {
    fc.assert(
      fc.property(conversation, (c) => {
        const b = build(c);
        const t = b.table;
        if (t.length === 0) return;
        const set = b.run();
        const ref = new HttpTracker();
        const starts: boolean[] = [];
        for (let r = 0; r < t.length; r++) {
          const dir = (set.columns.dir[r] ?? 0) as 0 | 1;
          const bytes = b.payloads[r] ?? new Uint8Array(0);
          const captured = Math.min(t.payloadLength[r] ?? 0, bytes.length);
          starts.push(ref.onSegment(t, r, dir, bytes, 0, captured, 0));
          if ((t.tcpFlags[r] ?? 0) & 0x5) ref.onClose(r, dir);
        }
        expect(set.flows).toHaveLength(1);
        expect(set.flows[0]?.http).toEqual(ref.finish());
        const marked = starts.map((_, r) => ((set.columns.marks[r] ?? 0) & Mark.HttpStart) !== 0);
        expect(marked).toEqual(starts);
      }),
      { numRuns: 2000 },
    );
  });
});
