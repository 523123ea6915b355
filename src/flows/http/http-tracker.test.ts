import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TcpFlag } from '../../capture/packet-table';
import type { HttpExchange } from '../model';
import { ByteInterner } from './byte-interner';
import { MAX_HEADER_SECTION } from './http-direction';
import { HttpTracker } from './http-tracker';
import { feed, type Seg, splitAt } from './testing/segments';

const C = 0 as const;
const S = 1 as const;
const FIN = TcpFlag.FIN;
const RST = TcpFlag.RST;

const GET = 'GET /index.html HTTP/1.1\r\nHost: example.com\r\nUser-Agent: t\r\n\r\n';
const OK_5 =
  'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5, max=100\r\n\r\nhello';

/** Rows (0-based) of request and response starts and ends, for compact assertions. */
function shape(exs: HttpExchange[]) {
  return exs.map((e) => ({
    req: e.request && [e.request.row, e.request.endRow],
    res: e.response && [e.response.row, e.response.endRow],
    unanswered: e.unanswered,
  }));
}

describe('HttpTracker: one request and response', () => {
  it('reads request line, status line, lengths and keep-alive fields', () => {
    const { exchanges, starts } = feed([
      { dir: C, data: GET },
      { dir: S, data: OK_5 },
    ]);
    expect(starts).toEqual([true, true]);
    expect(exchanges).toHaveLength(1);
    const [ex] = exchanges;
    expect(ex?.request).toMatchObject({
      kind: 'request',
      method: 'GET',
      target: '/index.html',
      version: 'HTTP/1.1',
      row: 0,
      endRow: 0,
      bodyBytes: 0,
    });
    expect(ex?.response).toMatchObject({
      kind: 'response',
      version: 'HTTP/1.1',
      status: 200,
      reason: 'OK',
      contentLength: 5,
      chunked: false,
      connection: 'keep-alive',
      keepAliveTimeout: 5,
      keepAliveMax: 100,
      bodyBytes: 5,
      row: 1,
      endRow: 1,
    });
    expect(ex?.unanswered).toBe(false);
  });

  it('finds the header section however it is split across segments', () => {
    // Every single cut point, including inside CRLFCRLF, and every pair of cut points.
    const n = GET.length;
    for (let a = 1; a < n; a++) {
      for (let b = a; b < n; b += 7) {
        const { exchanges, starts } = feed([...splitAt(C, GET, [a, b]), { dir: S, data: OK_5 }]);
        const segs = b > a ? 3 : 2;
        expect(exchanges).toHaveLength(1);
        expect(exchanges[0]?.request).toMatchObject({
          method: 'GET',
          target: '/index.html',
          row: 0,
          endRow: segs - 1,
        });
        expect(exchanges[0]?.response?.row).toBe(segs);
        expect(starts.filter(Boolean)).toHaveLength(2);
        expect(starts[0]).toBe(true);
      }
    }
  });

  it('keeps markup in a request target as plain text', () => {
    const target = '/search?q=<script>alert(1)</script>&x="y"';
    const { exchanges } = feed([{ dir: C, data: `GET ${target} HTTP/1.1\r\nHost: h\r\n\r\n` }]);
    expect(exchanges[0]?.request?.target).toBe(target);
  });

  it('counts a POST with Content-Length: 0 as having no body', () => {
    const { exchanges } = feed([
      { dir: C, data: 'POST /wms HTTP/1.1\r\nContent-Length: 0\r\n\r\n' },
      { dir: C, flags: FIN },
    ]);
    expect(exchanges[0]?.request).toMatchObject({
      method: 'POST',
      contentLength: 0,
      bodyBytes: 0,
      endRow: 0,
    });
  });

  it('reads a request body split over segments and ends the request at its last byte', () => {
    const { exchanges } = feed([
      { dir: C, data: 'POST /u HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc' },
      { dir: C, data: 'defg' },
      { dir: C, data: 'hij' },
      { dir: S, data: 'HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n' },
    ]);
    expect(shape(exchanges)).toEqual([{ req: [0, 2], res: [3, 3], unanswered: false }]);
    expect(exchanges[0]?.request?.bodyBytes).toBe(10);
    expect(exchanges[0]?.response).toMatchObject({ status: 201, reason: 'Created' });
  });
});

describe('HttpTracker: pipelining and pairing', () => {
  it('pairs pipelined requests (all in one segment) with responses in order', () => {
    const reqs =
      'GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\nHEAD /c HTTP/1.1\r\nHost: h\r\n\r\n';
    const res =
      'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\naaaHTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\nbb' +
      'bbHTTP/1.1 200 OK\r\nContent-Length: 999\r\n\r\n';
    const { exchanges } = feed([{ dir: C, data: reqs }, ...splitAt(S, res, [50, 60 + 48])]);
    expect(exchanges.map((e) => [e.request?.target, e.response?.status])).toEqual([
      ['/a', 200],
      ['/b', 404],
      ['/c', 200],
    ]);
    // The HEAD response has no body although it announces 999 bytes (RFC 9112 §6.3 item 1).
    expect(exchanges[2]?.response).toMatchObject({ contentLength: 999, bodyBytes: 0, endRow: 3 });
    expect(exchanges[1]?.response?.bodyBytes).toBe(4);
  });

  it('gives 204, 304 and 1xx responses no body and does not pair interim responses', () => {
    const { exchanges } = feed([
      { dir: C, data: 'GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\nIf-None-Match: "x"\r\n\r\n' },
      { dir: C, data: 'PUT /3 HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n' },
      {
        dir: S,
        data:
          'HTTP/1.1 204 No Content\r\nContent-Length: 7\r\n\r\n' +
          'HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n' +
          'HTTP/1.1 100 Continue\r\n\r\n',
      },
      { dir: C, data: 'ok' },
      { dir: S, data: 'HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n' },
    ]);
    expect(exchanges.map((e) => e.response?.status)).toEqual([204, 304, 201]);
    expect(shape(exchanges)).toEqual([
      { req: [0, 0], res: [2, 2], unanswered: false },
      { req: [0, 0], res: [2, 2], unanswered: false },
      { req: [1, 3], res: [4, 4], unanswered: false },
    ]);
  });

  it('records a response whose request was not captured with request null', () => {
    const { exchanges } = feed([{ dir: S, data: OK_5 }]);
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]?.request).toBeNull();
    expect(exchanges[0]?.response?.status).toBe(200);
  });

  it('stops parsing after 101 Switching Protocols', () => {
    const { exchanges } = feed([
      { dir: C, data: 'GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n' },
      { dir: S, data: 'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n\r\n\x81\x05hello' },
      { dir: C, data: 'GET /not-http HTTP/1.1\r\n\r\n' },
    ]);
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]?.response).toMatchObject({ status: 101, connection: 'upgrade', endRow: 1 });
  });
});

describe('HttpTracker: chunked bodies', () => {
  const CHUNKED =
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n' +
    '1a;name=value\r\nabcdefghijklmnopqrstuvwxyz\r\n' +
    '10\r\n0123456789abcdef\r\n' +
    '0\r\nX-Checksum: 1\r\nX-Other: 2\r\n\r\n';

  it('follows chunk sizes to the end, with extensions and trailers, at every split point', () => {
    const stream = CHUNKED + OK_5;
    for (let cut = 1; cut < stream.length; cut++) {
      const { exchanges } = feed([{ dir: C, data: GET + GET }, ...splitAt(S, stream, [cut])]);
      expect(exchanges).toHaveLength(2);
      const r = exchanges[0]?.response;
      expect(r).toMatchObject({ chunked: true, bodyBytes: 26 + 16 });
      expect(r?.endRow).toBe(cut < CHUNKED.length ? 2 : 1);
      expect(exchanges[1]?.response?.endRow).toBe(2);
      // The pipelined response right after the trailers is found too.
      expect(exchanges[1]?.response).toMatchObject({ status: 200, bodyBytes: 5 });
    }
  });

  it('splits a chunk-size line byte by byte', () => {
    const body = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFF\r\n';
    const segs: Seg[] = [
      { dir: C, data: GET },
      ...splitAt(S, body, [body.length - 4, body.length - 3, body.length - 2]),
    ];
    segs.push({ dir: S, data: 'x'.repeat(0xfff) });
    segs.push({ dir: S, data: '\r' }, { dir: S, data: '\n0\r' }, { dir: S, data: '\n\r\n' });
    const { exchanges } = feed(segs);
    expect(exchanges[0]?.response).toMatchObject({ bodyBytes: 0xfff, endRow: segs.length - 1 });
  });

  it('gives up on a chunked body with a malformed size line and resynchronises on the next response', () => {
    const { exchanges } = feed([
      { dir: C, data: GET + GET },
      { dir: S, data: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n' },
      { dir: S, data: 'garbage' },
      { dir: S, data: OK_5 },
    ]);
    expect(shape(exchanges)).toEqual([
      { req: [0, 0], res: [1, -1], unanswered: false },
      { req: [0, 0], res: [3, 3], unanswered: false },
    ]);
  });
});

describe('HttpTracker: connection close', () => {
  it('ends a response without length at the server FIN (RFC 9112 §6.3 item 8)', () => {
    const { exchanges } = feed([
      { dir: C, data: 'GET / HTTP/1.0\r\n\r\n' },
      { dir: S, data: 'HTTP/1.0 200 OK\r\nConnection: close\r\n\r\nsome' },
      { dir: S, data: ' body' },
      { dir: S, data: '!', flags: FIN },
      { dir: C, flags: FIN },
    ]);
    expect(exchanges[0]?.response).toMatchObject({ connection: 'close', bodyBytes: 10, row: 1, endRow: 3 });
    expect(exchanges[0]?.unanswered).toBe(false);
  });

  it('leaves a response without length incomplete when the connection is reset', () => {
    const { exchanges } = feed([
      { dir: C, data: GET },
      { dir: S, data: 'HTTP/1.1 200 OK\r\n\r\npartial' },
      { dir: C, flags: RST },
    ]);
    expect(exchanges[0]?.response).toMatchObject({ endRow: -1, bodyBytes: 7 });
  });

  it('marks a request unanswered when the connection closes before any response', () => {
    const { exchanges } = feed([
      { dir: C, data: GET },
      { dir: S, flags: FIN },
      { dir: C, data: 'GET /after-fin HTTP/1.1\r\n\r\n' },
      { dir: S, flags: RST },
    ]);
    expect(exchanges.map((e) => [e.request?.target, e.unanswered])).toEqual([
      ['/index.html', true],
      ['/after-fin', true],
    ]);
  });

  it('does not mark a pending request unanswered while the connection is still open', () => {
    const { exchanges } = feed([{ dir: C, data: GET }]);
    expect(exchanges[0]?.unanswered).toBe(false);
  });

  it('does not mark a request unanswered when the response follows the client half-close', () => {
    const { exchanges } = feed([
      { dir: C, data: GET, flags: FIN },
      { dir: S, data: OK_5, flags: FIN },
    ]);
    expect(exchanges[0]).toMatchObject({ unanswered: false, response: { status: 200, endRow: 1 } });
  });
});

describe('HttpTracker: sequence problems', () => {
  it('does not count a retransmitted request twice', () => {
    const { exchanges, starts } = feed([
      { dir: C, data: GET },
      { dir: C, data: GET, at: 0 },
      { dir: C, data: GET, at: 0 },
      { dir: S, data: OK_5 },
    ]);
    expect(exchanges).toHaveLength(1);
    expect(starts).toEqual([true, false, false, true]);
  });

  it('parses only the new part of a segment that overlaps data already seen', () => {
    const { exchanges } = feed([
      { dir: C, data: GET.slice(0, 20) },
      { dir: C, data: GET.slice(10), at: 10 },
      { dir: S, data: OK_5 },
    ]);
    expect(exchanges[0]?.request).toMatchObject({ target: '/index.html', endRow: 1 });
  });

  it('counts a lost segment inside a body of known length and keeps parsing', () => {
    const body = 'HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\n';
    const { exchanges } = feed([
      { dir: C, data: GET + GET },
      { dir: S, data: body + 'x'.repeat(1000) },
      { dir: S, data: 'x'.repeat(1000), at: body.length + 2000 }, // bytes 1000..2000 of the body are missing
      { dir: S, data: OK_5 },
    ]);
    expect(shape(exchanges)).toEqual([
      { req: [0, 0], res: [1, 2], unanswered: false },
      { req: [0, 0], res: [3, 3], unanswered: false },
    ]);
    expect(exchanges[0]?.response?.bodyBytes).toBe(3000);
  });

  it('resynchronises at the next segment starting with a start line after losing a header section', () => {
    const { exchanges } = feed([
      { dir: C, data: 'GET /first HTTP/1.1\r\nHost:' },
      { dir: C, data: 'tail of headers\r\n\r\n', at: 500 }, // the middle is missing
      { dir: C, data: 'more garbage' },
      { dir: C, data: 'GET /second HTTP/1.1\r\n\r\n' },
    ]);
    expect(exchanges.map((e) => [e.request?.target, e.request?.row, e.request?.endRow])).toEqual([
      ['/first', 0, -1],
      ['/second', 3, 3],
    ]);
  });

  it('treats an out-of-order segment that fills a hole as already seen (conservative)', () => {
    const { exchanges } = feed([
      { dir: C, data: 'GET /a HTTP/1.1\r\n' },
      { dir: C, data: 'GET /b HTTP/1.1\r\n\r\n', at: 30 },
      { dir: C, data: 'Host: h\r\n\r\n'.padEnd(13, '\r'), at: 17 },
    ]);
    expect(exchanges.map((e) => [e.request?.target, e.request?.endRow])).toEqual([
      ['/a', -1],
      ['/b', 1],
    ]);
  });

  it('counts body bytes by the wire length when the snaplen cut the payload', () => {
    const head = 'HTTP/1.1 200 OK\r\nContent-Length: 65536\r\n\r\n';
    const { exchanges } = feed([
      { dir: C, data: GET },
      { dir: S, data: head },
      { dir: S, data: 'x'.repeat(134), wireLength: 32768 },
      { dir: S, data: 'x'.repeat(134), wireLength: 32768 },
    ]);
    expect(exchanges[0]?.response).toMatchObject({ bodyBytes: 65536, endRow: 3 });
  });

  it('gives up on a header section cut by the snaplen, keeping its start line', () => {
    const { exchanges } = feed([
      { dir: C, data: GET },
      { dir: S, data: 'HTTP/1.1 500 Internal Server Error\r\nContent-Le', wireLength: 400 },
      { dir: S, data: OK_5.replace('200', '503') },
    ]);
    expect(exchanges[0]?.response).toMatchObject({
      status: 500,
      reason: 'Internal Server Error',
      endRow: -1,
    });
  });
});

describe('HttpTracker: garbage and limits', () => {
  it('ignores binary and non-HTTP text streams', () => {
    const { exchanges, starts } = feed([
      { dir: C, data: '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03' },
      { dir: S, data: 'SSH-2.0-OpenSSH_9.6\r\n' },
      { dir: C, data: 'RTSP/1.0 200 OK\r\n\r\n' },
      { dir: C, data: 'HELLO world\r\n\r\n' },
      { dir: C, data: 'GET /\r\n\r\n' }, // HTTP/0.9: no version, not HTTP/1.x
      { dir: C, data: 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n' }, // the HTTP/2 preface
    ]);
    expect(exchanges).toEqual([]);
    expect(starts.every((s) => !s)).toBe(true);
  });

  it('gives up on an overlong header section and finds the next message', () => {
    const big = `GET /big HTTP/1.1\r\nX-Long: ${'a'.repeat(MAX_HEADER_SECTION)}\r\n\r\n`;
    const { exchanges } = feed([
      ...splitAt(C, big, [1000, 5000, 8200]),
      { dir: C, data: 'GET /next HTTP/1.1\r\n\r\n' },
    ]);
    expect(exchanges.map((e) => [e.request?.target, e.request?.endRow])).toEqual([
      ['/big', -1],
      ['/next', 4],
    ]);
  });

  it('treats a bad Content-Length as unframeable and resynchronises', () => {
    const { exchanges } = feed([
      { dir: C, data: 'POST /x HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello' },
      { dir: C, data: 'GET /y HTTP/1.1\r\n\r\n' },
    ]);
    expect(exchanges.map((e) => [e.request?.target, e.request?.endRow, e.request?.contentLength])).toEqual([
      ['/x', -1, undefined],
      ['/y', 1, undefined],
    ]);
  });

  it('skips empty lines before a request (RFC 9112 §2.2)', () => {
    const { exchanges } = feed([
      { dir: C, data: 'POST /a HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi\r\n' },
      { dir: C, data: '\r\nGET /b HTTP/1.1\r\n\r\n' },
    ]);
    expect(exchanges.map((e) => e.request?.target)).toEqual(['/a', '/b']);
  });

  it('shares one string per distinct method, version, reason and Connection value', () => {
    const strings = new ByteInterner();
    const many = Array.from(
      { length: 50 },
      (_, i) => `GET /${i} HTTP/1.1\r\nConnection: Keep-Alive\r\n\r\n`,
    ).join('');
    const res = Array.from({ length: 50 }, () => 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n').join('');
    const { exchanges } = feed(
      [
        { dir: C, data: many },
        { dir: S, data: res },
      ],
      new HttpTracker(strings),
    );
    expect(exchanges).toHaveLength(50);
    expect(new Set(exchanges.map((e) => e.request?.connection))).toEqual(new Set(['keep-alive']));
    // GET, HTTP/1.1, keep-alive, OK: four strings for a hundred messages.
    expect(strings.size).toBe(4);
  });

  it('finds the same messages however a stream is cut into segments (property)', () => {
    const reqs = `${GET}POST /p HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n${GET}`;
    const res = `${OK_5}HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\n12345\r\n0\r\nT: v\r\n\r\n${OK_5}`;
    const cutsArb = (n: number) =>
      fc
        .uniqueArray(fc.integer({ min: 1, max: n - 1 }), { maxLength: 12 })
        .map((a) => a.sort((x, y) => x - y));
    fc.assert(
      fc.property(cutsArb(reqs.length), cutsArb(res.length), (rc, sc) => {
        const { exchanges } = feed([...splitAt(C, reqs, rc), ...splitAt(S, res, sc)]);
        const summary = exchanges.map((e) => [
          e.request?.method,
          e.request?.bodyBytes,
          e.request?.endRow !== -1,
          e.response?.status,
          e.response?.bodyBytes,
          e.response?.endRow !== -1,
        ]);
        expect(summary).toEqual([
          ['GET', 0, true, 200, 5, true],
          ['POST', 3, true, 200, 5, true],
          ['GET', 0, true, 200, 5, true],
        ]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('HttpTracker: sequence numbers from a SYN', () => {
  it('reads data carried on a SYN (TCP Fast Open) from ISN + 1', () => {
    const fed = feed([
      { dir: C, data: GET, flags: TcpFlag.SYN, at: -1 },
      { dir: C, data: 'GET /second HTTP/1.1\r\n\r\n' },
    ]);
    expect(fed.exchanges.map((e) => [e.request?.method, e.request?.target, e.request?.endRow])).toEqual([
      ['GET', '/index.html', 0],
      ['GET', '/second', 1],
    ]);
  });
});
