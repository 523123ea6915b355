// Seed 002, scene 1 ("对端主机端口不存在"): a client connects to a port where nothing listens; the
// kernel answers the SYN with RST,ACK (RFC 9293 section 3.10.7.1: a segment to a CLOSED port).
import { expect, has, isSyn, round } from '../lib/capture-view.mjs';

const PORT = 62130;

export default {
  id: 'connection-refused',
  file: 'connection-refused.pcap',
  ports: [PORT],
  diagnosis: 'connection-refused',
  programs:
    `Nothing listens on port ${PORT}. python http.client connects to 127.0.0.1, Node's http module to ` +
    '127.0.0.1, then python http.client to [::1].',

  async run(ctx) {
    const port = String(PORT);
    await ctx.client('refused_client.py', ['--port', port], { label: 'python http.client (IPv4)' });
    await ctx.client('get.mjs', ['--url', `http://127.0.0.1:${port}/health`], { label: 'node http' });
    await ctx.client('refused_client.py', ['--host', '::1', '--port', port], {
      label: 'python http.client (IPv6)',
    });
  },

  verify(v) {
    expect(v.streams.size === 3, `expected three connection attempts, found ${v.streams.size}`);
    const keyFrames = [];
    const flows = [];
    let maxSynToRst = 0;
    for (const s of v.streams.values()) {
      const [syn, rst, ...more] = s.frames;
      expect(syn && isSyn(syn), `stream ${s.id} does not start with a SYN`);
      expect(
        rst && v.from(rst) === 'server' && has(rst, 'RST') && has(rst, 'ACK'),
        `stream ${s.id}: no RST,ACK`,
      );
      expect(more.length === 0, `stream ${s.id} has ${more.length} frames after the RST`);
      maxSynToRst = Math.max(maxSynToRst, rst.t - syn.t);
      keyFrames.push(v.key('syn', syn), v.key('rst', rst, 'nothing listens on the port'));
      flows.push({
        stream: s.id,
        client: s.client,
        server: s.server,
        diagnosis: 'connection-refused',
        role: 'connection attempt to a port with no listener',
      });
    }
    expect(
      flows.some((f) => f.server.startsWith('[::1]')),
      'the IPv6 attempt is missing',
    );
    return {
      measured: { attempts: flows.length, maxSynToRstMs: round(maxSynToRst * 1000) },
      flows,
      keyFrames,
    };
  },

  text: (m) => ({
    title: {
      en: 'Connection refused: SYN answered by RST,ACK',
      'zh-CN': '连接被拒绝：SYN 被 RST,ACK 回应',
    },
    description: {
      en: `${m.attempts} connection attempts (two over IPv4, one over IPv6) to a port with no listener; each SYN is answered at once by RST,ACK.`,
      'zh-CN': `向没有监听的端口发起 ${m.attempts} 次连接（两次 IPv4，一次 IPv6）；每个 SYN 都立即被 RST,ACK 拒绝。`,
    },
  }),
};
