// The baseline: several requests per keep-alive connection, every one answered, clean close.
import { expect, first, has, isSyn, round } from '../lib/capture-view.mjs';

const PORT = 62180;

export default {
  id: 'healthy',
  file: 'healthy-keepalive.pcap',
  ports: [PORT],
  diagnosis: 'healthy',
  programs:
    'python http.server (HTTP/1.1, keep-alive, 5 s idle timeout) on 127.0.0.1 and [::1]. Node http.Agent ' +
    '(keepAlive, one socket) sends 4 GETs over 127.0.0.1, then python http.client sends 3 GETs over [::1]; ' +
    'each client closes its connection when done.',

  async run(ctx) {
    const port = String(PORT);
    await ctx.server(
      'http_server.py',
      ['--host', '127.0.0.1', '--host', '::1', '--port', port, '--idle', '5'],
      {
        label: 'python http.server',
      },
    );
    await ctx.client('keepalive-client.mjs', ['--url', `http://127.0.0.1:${port}/items`, '--requests', '4'], {
      label: 'node http.Agent',
    });
    await ctx.client('healthy_client.py', ['--host', '::1', '--port', port, '--requests', '3'], {
      label: 'python http.client',
    });
  },

  verify(v) {
    expect(v.streams.size === 2, `expected two connections, found ${v.streams.size}`);
    expect(!v.frames.some((f) => has(f, 'RST')), 'a RST in the healthy capture');
    const keyFrames = [];
    const flows = [];
    const counts = [];
    for (const s of v.streams.values()) {
      const fromServer = (f) => v.from(f) === 'server';
      const requests = s.frames.filter((f) => !fromServer(f) && f.method !== null);
      const responses = s.frames.filter((f) => fromServer(f) && f.status === 200);
      expect(
        requests.length >= 3 && requests.length === responses.length,
        `stream ${s.id}: requests != responses`,
      );
      const syn = s.frames[0];
      const cFin = first(s.frames, (f) => !fromServer(f) && has(f, 'FIN'));
      const sFin = first(s.frames, (f) => fromServer(f) && has(f, 'FIN'));
      expect(
        isSyn(syn) && cFin && sFin && cFin.frame < sFin.frame,
        `stream ${s.id}: not a clean client-first close`,
      );
      const lastAck = s.frames.at(-1);
      expect(lastAck && !fromServer(lastAck) && lastAck.frame > sFin.frame, `stream ${s.id}: no final ACK`);
      counts.push(requests.length);
      keyFrames.push(
        v.key('syn', syn),
        v.key('first_request', requests[0]),
        v.key('last_response', responses.at(-1), `response ${responses.length} of ${requests.length}`),
        v.key('client_fin', cFin),
        v.key('server_fin', sFin),
        v.key('last_ack', lastAck),
      );
      flows.push({
        stream: s.id,
        client: s.client,
        server: s.server,
        diagnosis: 'healthy',
        role: `${requests.length} requests on one keep-alive connection, closed by the client`,
      });
    }
    const durations = [...v.streams.values()].map((s) => s.frames.at(-1).t - s.frames[0].t);
    return { measured: { requests: counts, longestFlowS: round(Math.max(...durations)) }, flows, keyFrames };
  },

  text: (m) => ({
    title: {
      en: 'Healthy keep-alive: several requests per connection, clean close',
      'zh-CN': '健康的长连接：一个连接上多个请求，正常关闭',
    },
    description: {
      en:
        `Two keep-alive connections (IPv4 and IPv6) carry ${m.requests.join(' and ')} requests, every one ` +
        'answered; the client closes first with FIN, the server replies FIN, the last ACK ends it. No RST.',
      'zh-CN':
        `两个长连接（IPv4 与 IPv6）分别承载 ${m.requests.join(' 和 ')} 个请求，全部得到响应；` +
        '客户端先发 FIN，服务器回 FIN，最后一个 ACK 结束连接，没有 RST。',
    },
  }),
};
