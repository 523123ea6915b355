// Seed 004 ("connect reset by peer" logged by the jar server): the client stops reading a response and
// closes its socket with data still unread; Linux then sends RST instead of FIN, and the server,
// still writing, gets ECONNRESET / EPIPE.
import { expect, first, has } from '../lib/capture-view.mjs';

const PORT = 62160;

export default {
  id: 'client-abort-unread-response',
  file: 'client-abort-unread-response.pcap',
  ports: [PORT],
  diagnosis: 'client-abort-unread-response',
  programs:
    'Node http server streaming a 200 kB CSV export in 1000-byte writes every 10 ms; python raw-socket client ' +
    'reads only the response headers, waits 60 ms and closes the socket with the body bytes unread.',

  async run(ctx) {
    await ctx.server('streaming-server.mjs', ['--port', String(PORT)], { label: 'node http server' });
    await ctx.client('abort_client.py', ['--port', String(PORT), '--wait-ms', '60'], {
      label: 'python client',
    });
    await ctx.sleep(100); // let the server's next write fail, so it reports the reset
  },

  verify(v) {
    expect(v.streams.size === 1, `expected one TCP connection, found ${v.streams.size}`);
    const s = v.stream(0);
    const fromServer = (f) => v.from(f) === 'server';
    const req = first(s.frames, (f) => !fromServer(f) && f.method !== null);
    const head = first(s.frames, (f) => fromServer(f) && f.status !== null);
    expect(req && head, 'no request and response headers');
    const body = first(s.frames, (f) => fromServer(f) && f.len > 0, head.frame);
    const rst = first(s.frames, (f) => !fromServer(f) && has(f, 'RST'));
    expect(rst && body && body.frame < rst.frame, 'no client RST after response data');
    expect(
      !s.frames.some((f) => !fromServer(f) && has(f, 'FIN')),
      'the client sent a FIN (it read everything?)',
    );
    const bodyBytes = s.frames
      .filter((f) => fromServer(f) && f.frame > head.frame && f.frame < rst.frame)
      .reduce((n, f) => n + f.len, 0);
    const lastData = s.frames.findLast((f) => fromServer(f) && f.len > 0 && f.frame < rst.frame);
    return {
      measured: {
        bodyBytesBeforeRst: bodyBytes,
        lastDataToRstMs: Math.round((rst.t - lastData.t) * 1e6) / 1e3,
      },
      flows: [
        {
          stream: s.id,
          client: s.client,
          server: s.server,
          diagnosis: 'client-abort-unread-response',
          role: 'download abandoned by the client after the headers',
        },
      ],
      keyFrames: [
        v.key('request', req),
        v.key('response_headers', head, 'the only bytes the client reads'),
        v.key('first_body_segment', body),
        v.key('client_rst', rst, `closed with ${bodyBytes} body bytes unread: RST instead of FIN`),
      ],
    };
  },

  text: (m) => ({
    title: {
      en: 'Client abort: socket closed with the response unread',
      'zh-CN': '客户端中止：响应未读完就关闭连接',
    },
    description: {
      en:
        `The server is still streaming a response when the client closes its socket with ${m.bodyBytesBeforeRst} ` +
        'body bytes unread: the client kernel sends RST, and the server logs "connection reset by peer".',
      'zh-CN':
        `服务器仍在发送响应时，客户端在还有 ${m.bodyBytesBeforeRst} 字节响应体未读的情况下关闭连接：` +
        '客户端内核发送 RST，服务器日志出现 "connection reset by peer"。',
    },
  }),
};
