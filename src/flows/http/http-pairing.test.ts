import { describe, expect, it } from 'vitest';
import { TcpFlag } from '../../capture/packet-table';
import { feed } from './testing/segments';

const C = 0 as const;
const S = 1 as const;
const FIN = TcpFlag.FIN;
const RST = TcpFlag.RST;

describe('HttpTracker: pairing when segments are missing', () => {
  const req = (path: string) => `GET ${path} HTTP/1.1\r\nHost: h\r\n\r\n`;
  const res = (status: number) => `HTTP/1.1 ${status} X\r\nContent-Length: 2\r\n\r\nok`;

  it('pairs a response after lost server data with the latest request sent before it', () => {
    const lost = res(200).length;
    const { exchanges } = feed([
      { dir: C, data: req('/a') },
      // The client had received the (uncaptured) response to /a when it sent /b.
      { dir: C, data: req('/b'), ack: lost },
      { dir: S, data: res(404), at: lost },
      { dir: C, data: req('/c') },
      { dir: S, data: res(500) },
      { dir: C, flags: FIN },
    ]);
    expect(exchanges.map((e) => [e.request?.target, e.response?.status ?? null, e.unanswered])).toEqual([
      ['/a', null, false], // its response was not captured: not "unanswered"
      ['/b', 404, false],
      ['/c', 500, false],
    ]);
  });

  it('does not pair a response with a request the server had not received yet', () => {
    const [a, b, c] = [req('/a'), req('/b'), req('/c')];
    const { exchanges } = feed([
      { dir: C, data: a },
      { dir: C, data: c, at: a.length + b.length }, // /b was not captured
      { dir: S, data: res(200), ack: a.length },
      { dir: S, data: res(404), ack: a.length + b.length },
      { dir: S, data: res(500) },
    ]);
    expect(exchanges.map((e) => [e.request?.target ?? null, e.response?.status])).toEqual([
      ['/a', 200],
      ['/c', 500],
      [null, 404],
    ]);
  });

  it('pairs an early response sent before the request body was complete', () => {
    const { exchanges } = feed([
      { dir: C, data: 'POST /up HTTP/1.1\r\nContent-Length: 100000\r\n\r\nabc' },
      {
        dir: S,
        data: 'HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
        flags: FIN,
      },
      { dir: C, flags: RST },
    ]);
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]).toMatchObject({
      request: { endRow: -1, bodyBytes: 3 },
      response: { status: 413, endRow: 1 },
    });
  });

  it('notices a missing first response through the client ACK that covers it', () => {
    const first = res(200).length;
    const { exchanges } = feed([
      { dir: C, data: req('/a') },
      // The whole response to /a was not captured; the client's ACK on /b shows it was received.
      { dir: C, data: req('/b'), ack: first },
      { dir: S, data: res(201), at: first },
    ]);
    expect(exchanges.map((e) => [e.request?.target, e.response?.status ?? null])).toEqual([
      ['/a', null],
      ['/b', 201],
    ]);
  });
});
