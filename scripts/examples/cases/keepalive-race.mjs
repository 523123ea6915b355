// Seed 003 (dio client, frames 17-21): the server closes a keep-alive connection and, within a
// millisecond, the client sends the next request on it: the request and the FIN cross, the client
// could not have known, and the server answers the request with RST.
import path from 'node:path';
import { expect, first, has, round } from '../lib/capture-view.mjs';

const PORT = 62120;
const CLOSE_DELAY_MS = 5;
/** The client waits this much longer than the server before its 4th request: the request then
 * leaves a fraction of a millisecond after the FIN (the server's close() must come first, or its
 * kernel resets the connection for the unread request instead of sending a FIN). */
const CLIENT_LAG_MS = 0.5;
const MAX_GAP_S = 0.0015;

export default {
  id: 'keepalive-race',
  file: 'keepalive-race.pcap',
  ports: [PORT],
  diagnosis: 'keepalive-race',
  // A lost race (the request before the FIN, or a busy machine delaying it) is simply run again.
  minAttempts: 10,
  programs:
    `python raw-socket HTTP/1.1 server that closes a connection ${CLOSE_DELAY_MS} ms after its 3rd response ` +
    `(a keep-alive request limit) without sending Connection: close; python http.client sends its 4th request ` +
    `${CLIENT_LAG_MS} ms after that close (the server tells it the moment through a file, on the shared ` +
    'monotonic clock, so the race is reproducible on a busy machine).',

  async run(ctx) {
    const closeAt = path.join(ctx.dir, 'close-at');
    const port = String(PORT);
    const args = ['--port', port, '--max-requests', '3', '--close-delay-ms', String(CLOSE_DELAY_MS)];
    const server = await ctx.server('race_server.py', [...args, '--deadline-file', closeAt], {
      label: 'python raw-socket server',
    });
    await ctx.client(
      'race_client.py',
      ['--port', port, '--deadline-file', closeAt, '--lag-ms', String(CLIENT_LAG_MS)],
      {
        label: 'python http.client',
      },
    );
    await server.done(5000);
  },

  verify(v) {
    expect(v.streams.size === 1, `expected one TCP connection, found ${v.streams.size}`);
    const s = v.stream(0);
    const fromServer = (f) => v.from(f) === 'server';
    const fin = first(s.frames, (f) => fromServer(f) && has(f, 'FIN'));
    expect(fin, 'the server sent no FIN (the request arrived before its close(): RST instead)');
    const answered = s.frames.filter((f) => fromServer(f) && f.status !== null && f.frame < fin.frame);
    expect(answered.length === 3, `expected 3 responses before the FIN, found ${answered.length}`);
    const lastResponse = answered[2];
    const req = first(s.frames, (f) => !fromServer(f) && f.method !== null, fin.frame);
    expect(req, 'no request after the FIN');
    const gap = req.t - fin.t;
    expect(
      gap >= 0 && gap <= MAX_GAP_S,
      `request ${(gap * 1000).toFixed(3)} ms after the FIN, wanted 0-1.5 ms`,
    );
    const rst = first(s.frames, (f) => fromServer(f) && has(f, 'RST'), req.frame);
    expect(rst, 'no server RST after the request');
    expect(
      !s.frames.some((f) => fromServer(f) && f.len > 0 && f.frame > fin.frame),
      'server data after its FIN',
    );
    return {
      measured: {
        responseToFinMs: round((fin.t - lastResponse.t) * 1000),
        finToRequestMs: round(gap * 1000),
        requestToRstMs: round((rst.t - req.t) * 1000),
      },
      flows: [
        {
          stream: s.id,
          client: s.client,
          server: s.server,
          diagnosis: 'keepalive-race',
          role: 'keep-alive connection closed by the server as the client sent its 4th request',
        },
      ],
      keyFrames: [
        v.key('response_3', lastResponse, 'the last response, no Connection: close'),
        v.key('server_fin', fin),
        v.key('racing_request', req, `sent ${round(gap * 1000)} ms after the server's FIN`),
        v.key('server_rst', rst),
      ],
    };
  },

  text: (m) => ({
    title: {
      en: 'Keep-alive race: the request crosses the server FIN',
      'zh-CN': '长连接竞争：请求与服务器的 FIN 擦肩而过',
    },
    description: {
      en:
        `The server closes the connection ${m.responseToFinMs} ms after its 3rd response; the client's 4th request ` +
        `leaves ${m.finToRequestMs} ms after that FIN, too late to know, and is answered with RST.`,
      'zh-CN':
        `服务器在第 3 个响应后 ${m.responseToFinMs} 毫秒关闭连接；客户端的第 4 个请求在该 FIN 之后仅 ` +
        `${m.finToRequestMs} 毫秒发出，来不及察觉，被服务器以 RST 回应。`,
    },
  }),
};
