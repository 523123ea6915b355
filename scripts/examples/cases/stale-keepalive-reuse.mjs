// Seed 001 ("The target server failed to respond", Tomcat's 20 s keepAliveTimeout) and seed 000
// (NoHttpResponseException): the server closes an idle keep-alive connection, the client's pool keeps
// it, and the next request goes out on it long after the FIN; the server's kernel answers with RST.
import { expect, first, has, last, round } from '../lib/capture-view.mjs';

const PORT = 62110;

export default {
  id: 'stale-keepalive-reuse',
  file: 'stale-keepalive-reuse.pcap',
  anyFile: 'stale-keepalive-reuse-any.pcap',
  ports: [PORT],
  diagnosis: 'stale-keepalive-reuse',
  programs:
    'Node http server with keepAliveTimeout 1 s: it answers with Keep-Alive: timeout=1 and closes an idle ' +
    'connection about 1 s later than that (Node keeps a 1 s margin so that clients honouring the header close ' +
    'first). python http.client ignores the header: it sends a GET, sits idle 3.2 s, then sends the second GET ' +
    'on the same connection.',

  async run(ctx) {
    await ctx.server('keepalive-server.mjs', ['--port', String(PORT), '--keep-alive-ms', '1000'], {
      label: 'node http server',
    });
    await ctx.client('stale_client.py', ['--port', String(PORT), '--pause', '3.2'], {
      label: 'python http.client',
    });
  },

  verify(v) {
    expect(v.streams.size === 1, `expected one TCP connection, found ${v.streams.size}`);
    const s = v.stream(0);
    const fromServer = (f) => v.from(f) === 'server';
    const req1 = first(s.frames, (f) => !fromServer(f) && f.method !== null);
    expect(req1, 'no first request');
    const resp1 = first(s.frames, (f) => fromServer(f) && f.status !== null, req1.frame);
    expect(resp1, 'no response to the first request');
    const fin = first(s.frames, (f) => fromServer(f) && has(f, 'FIN'));
    expect(fin && fin.frame > resp1.frame, 'the server did not send its FIN after the response');
    const lastData = last(s.frames, (f) => fromServer(f) && f.len > 0 && f.frame < fin.frame);
    const idle = fin.t - lastData.t;
    expect(idle >= 0.8 && idle < 5, `server FIN ${idle.toFixed(3)} s after its last data, expected 1-2 s`);
    const ackOfFin = first(s.frames, (f) => !fromServer(f) && f.len === 0 && !has(f, 'FIN'), fin.frame);
    const req2 = first(s.frames, (f) => !fromServer(f) && f.method !== null, fin.frame);
    expect(req2, 'the client did not reuse the connection after the FIN');
    const reuse = req2.t - fin.t;
    expect(reuse >= 0.5, `reuse ${reuse.toFixed(4)} s after the FIN is a race, not a stale reuse`);
    const rst = first(s.frames, (f) => fromServer(f) && has(f, 'RST'), req2.frame);
    expect(rst, 'no server RST after the reused request');
    expect(
      !s.frames.some((f) => fromServer(f) && f.len > 0 && f.frame > fin.frame),
      'server data after its FIN',
    );
    return {
      measured: { serverIdleS: round(idle), reuseAfterFinS: round(reuse) },
      flows: [
        {
          stream: s.id,
          client: s.client,
          server: s.server,
          diagnosis: 'stale-keepalive-reuse',
          role: 'pooled keep-alive connection reused after the server idle-closed it',
        },
      ],
      keyFrames: [
        v.key('request_1', req1),
        v.key('response_1', resp1),
        v.key('server_fin', fin, `server closes the idle connection ${round(idle)} s after its last byte`),
        ...(ackOfFin && ackOfFin.frame < req2.frame
          ? [
              v.key(
                'client_ack',
                ackOfFin,
                "the client's kernel ACKs the FIN; the application does not notice",
              ),
            ]
          : []),
        v.key('reused_request', req2, `sent ${round(reuse)} s after the server's FIN`),
        v.key('server_rst', rst, 'the server has no socket for this connection any more'),
      ],
    };
  },

  text: (m) => ({
    title: {
      en: 'Stale keep-alive reuse: request on a connection the server had closed',
      'zh-CN': '复用过期长连接：在服务器已关闭的连接上发送请求',
    },
    description: {
      en:
        `The server closes the idle keep-alive connection (FIN) after ${m.serverIdleS} s; ` +
        `${m.reuseAfterFinS} s later the client sends its next request on it anyway and gets RST.`,
      'zh-CN':
        `服务器在连接空闲 ${m.serverIdleS} 秒后关闭长连接（FIN）；` +
        `${m.reuseAfterFinS} 秒后客户端仍在该连接上发送下一个请求，收到 RST。`,
    },
  }),
};
