// Seed 000 (RestTemplate POST, NoHttpResponseException): a POST with an empty body, the client's FIN
// right behind it, and the server resets the connection without answering.
import { expect, first, has, round } from '../lib/capture-view.mjs';

const PORT = 62150;

export default {
  id: 'empty-post-reset',
  file: 'empty-post-reset.pcap',
  ports: [PORT],
  diagnosis: 'empty-post-reset',
  programs:
    'python raw socket: POST with Content-Length: 0, then shutdown(SHUT_WR) at once. Node net server acting as ' +
    'a strict gateway: on the EOF before it has answered it calls socket.resetAndDestroy() (SO_LINGER 0: RST).',

  async run(ctx) {
    await ctx.server('reset-on-eof-server.mjs', ['--port', String(PORT)], { label: 'node gateway' });
    await ctx.client('empty_post_client.py', ['--port', String(PORT)], { label: 'python client' });
  },

  verify(v) {
    expect(v.streams.size === 1, `expected one TCP connection, found ${v.streams.size}`);
    const s = v.stream(0);
    const fromServer = (f) => v.from(f) === 'server';
    const post = first(s.frames, (f) => !fromServer(f) && f.method === 'POST');
    expect(post, 'no POST');
    const fin = first(s.frames, (f) => !fromServer(f) && has(f, 'FIN'), post.frame);
    expect(fin && fin.t - post.t < 0.05, 'no client FIN right after the POST');
    const rst = first(s.frames, (f) => fromServer(f) && has(f, 'RST'), fin.frame);
    expect(rst, 'no server RST after the client FIN');
    expect(!s.frames.some((f) => fromServer(f) && f.len > 0), 'the server sent response bytes');
    expect(!s.frames.some((f) => fromServer(f) && has(f, 'FIN')), 'the server sent a FIN');
    return {
      measured: { postToFinMs: round((fin.t - post.t) * 1000), finToRstMs: round((rst.t - fin.t) * 1000) },
      flows: [
        {
          stream: s.id,
          client: s.client,
          server: s.server,
          diagnosis: 'empty-post-reset',
          role: 'POST with no body and an immediate half-close, reset by the server',
        },
      ],
      keyFrames: [
        v.key('post_request', post, 'Content-Length: 0'),
        v.key('client_fin', fin, 'the client half-closes right after the request'),
        v.key('server_rst', rst, 'no response: the server takes the request as aborted'),
      ],
    };
  },

  text: (m) => ({
    title: {
      en: 'Empty-body POST, client FIN, server RST',
      'zh-CN': '请求体为空的 POST 之后客户端 FIN，服务器 RST',
    },
    description: {
      en:
        `The client sends a POST with Content-Length: 0 and its FIN ${m.postToFinMs} ms later; the server never ` +
        `answers and resets the connection ${m.finToRstMs} ms after the FIN.`,
      'zh-CN':
        `客户端发送 Content-Length: 0 的 POST，${m.postToFinMs} 毫秒后发送 FIN；服务器没有任何响应，` +
        `在 FIN 之后 ${m.finToRstMs} 毫秒以 RST 重置连接。`,
    },
  }),
};
