// Seed 001 (netstat showed a CLOSE_WAIT connection on the client): the server closes idle keep-alive
// connections, the client's kernel ACKs each FIN, but the application does not close its sockets for
// seconds; they sit in CLOSE_WAIT until it finally does.
import { expect, first, has, round } from '../lib/capture-view.mjs';

const PORT = 62170;
const CONNECTIONS = 3;
const HOLD_S = 4;

export default {
  id: 'close-wait-leak',
  file: 'close-wait-leak.pcap',
  ports: [PORT],
  diagnosis: 'close-wait-leak',
  programs:
    'python http.server (HTTP/1.1, 1 s idle timeout); a leaky python raw-socket client makes one request on ' +
    `each of ${CONNECTIONS} connections, reads the responses, then keeps the sockets ${HOLD_S} s without ` +
    'closing them (ss shows them in CLOSE-WAIT) before it closes all of them.',

  async run(ctx) {
    await ctx.server('http_server.py', ['--port', String(PORT), '--idle', '1', '--body-size', '300'], {
      label: 'python http.server',
    });
    const args = ['--port', String(PORT), '--connections', String(CONNECTIONS), '--hold', String(HOLD_S)];
    await ctx.client('leak_client.py', args, { label: 'python leaky client', timeoutMs: 20_000 });
  },

  verify(v) {
    expect(v.streams.size === CONNECTIONS, `expected ${CONNECTIONS} connections, found ${v.streams.size}`);
    const keyFrames = [];
    const flows = [];
    const waits = [];
    for (const s of v.streams.values()) {
      const fromServer = (f) => v.from(f) === 'server';
      const resp = first(s.frames, (f) => fromServer(f) && f.status !== null);
      const sFin = first(s.frames, (f) => fromServer(f) && has(f, 'FIN'));
      expect(resp && sFin && sFin.frame > resp.frame, `stream ${s.id}: no server FIN after the response`);
      const ack = first(s.frames, (f) => !fromServer(f) && !has(f, 'FIN') && f.len === 0, sFin.frame);
      const cFin = first(s.frames, (f) => !fromServer(f) && has(f, 'FIN'), sFin.frame);
      expect(cFin, `stream ${s.id}: the client never closed`);
      const wait = cFin.t - sFin.t;
      expect(
        wait >= 2,
        `stream ${s.id}: client closed ${wait.toFixed(3)} s after the server FIN, expected seconds`,
      );
      expect(!s.frames.some((f) => has(f, 'RST')), `stream ${s.id}: unexpected RST`);
      waits.push(wait);
      keyFrames.push(
        v.key('response', resp),
        v.key('server_fin', sFin, 'server closes the idle connection'),
        ...(ack && ack.frame < cFin.frame
          ? [v.key('client_ack', ack, 'client kernel ACKs: CLOSE_WAIT')]
          : []),
        v.key('client_fin', cFin, `the application closes ${round(wait)} s later`),
      );
      flows.push({
        stream: s.id,
        client: s.client,
        server: s.server,
        diagnosis: 'close-wait-leak',
        role: 'leaked pooled connection left in CLOSE_WAIT on the client',
      });
    }
    return {
      measured: {
        connections: flows.length,
        minCloseWaitS: round(Math.min(...waits)),
        maxCloseWaitS: round(Math.max(...waits)),
      },
      flows,
      keyFrames,
    };
  },

  text: (m) => ({
    title: {
      en: 'CLOSE_WAIT leak: the client does not close after the server FIN',
      'zh-CN': 'CLOSE_WAIT 泄漏：服务器 FIN 之后客户端迟迟不关闭',
    },
    description: {
      en:
        `The server closes ${m.connections} idle keep-alive connections; the client ACKs each FIN but keeps its ` +
        `sockets open (CLOSE_WAIT) for ${m.minCloseWaitS}-${m.maxCloseWaitS} s before it closes them.`,
      'zh-CN':
        `服务器关闭了 ${m.connections} 个空闲长连接；客户端确认了每个 FIN，却让套接字停留在 CLOSE_WAIT ` +
        `${m.minCloseWaitS}-${m.maxCloseWaitS} 秒后才关闭。`,
    },
  }),
};
