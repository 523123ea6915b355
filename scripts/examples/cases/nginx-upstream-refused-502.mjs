// Seed 002, scene 2 ("Nginx 502 Bad Gateway"): nginx proxies to an upstream with a keep-alive pool;
// the upstream process is killed; the next request makes nginx connect to the dead upstream, the
// connection is refused, and nginx answers the client 502. nginx's error log says
// "connect() failed (111: Connection refused) while connecting to upstream".
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, first, has, isSyn, round } from '../lib/capture-view.mjs';

const NGINX = 62140;
const UPSTREAM = 62141;

/** The seed's configuration (upstream with keepalive, proxy_http_version 1.1), in a private prefix. */
function nginxConf(dir) {
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log notice;
events { worker_connections 64; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream web_server {
    server 127.0.0.1:${UPSTREAM};
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${NGINX};
    location /api/ {
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass http://web_server/;
    }
  }
}
`;
}

export default {
  id: 'upstream-refused-502',
  file: 'nginx-502-upstream-refused.pcap',
  ports: [NGINX, UPSTREAM],
  diagnosis: 'upstream-refused-502',
  programs:
    `nginx (Debian) on 127.0.0.1:${NGINX} proxying /api/ to a Node http server on 127.0.0.1:${UPSTREAM} ` +
    '(upstream keepalive 16, proxy_http_version 1.1). python http.client GETs /api/orders/1 (200), the Node ' +
    'process is killed (SIGKILL), then python http.client GETs /api/orders/2 on a new connection (502).',

  async run(ctx) {
    const upstream = await ctx.server(
      'keepalive-server.mjs',
      ['--port', String(UPSTREAM), '--keep-alive-ms', '20000'],
      {
        label: 'node upstream',
      },
    );
    const conf = path.join(ctx.dir, 'nginx.conf');
    writeFileSync(conf, nginxConf(ctx.dir));
    ctx.start(
      'nginx',
      ['-p', ctx.dir, '-e', path.join(ctx.dir, 'error.log'), '-c', conf, '-g', 'daemon off;'],
      {
        label: 'nginx',
      },
    );
    await ctx.listening(NGINX);
    const fetch = (p) => ['--port', String(NGINX), '--path', p];
    await ctx.client('fetch.py', fetch('/api/orders/1'), { label: 'python http.client (before the kill)' });
    await ctx.sleep(300);
    await upstream.stop('SIGKILL');
    await ctx.sleep(300);
    await ctx.client('fetch.py', fetch('/api/orders/2'), { label: 'python http.client (after the kill)' });
    // What nginx logged for the 502, without the timestamp and pid prefix.
    const log = readFileSync(path.join(ctx.dir, 'error.log'), 'utf8');
    const failed = /\[error\].*?\*\d+ (.*)/.exec(log);
    if (failed?.[1]) ctx.note('nginx error.log', failed[1]);
  },

  verify(v) {
    const front = v.streamsTo(NGINX);
    const back = v.streamsTo(UPSTREAM);
    expect(front.length === 2, `expected 2 client connections to nginx, found ${front.length}`);
    expect(back.length === 2, `expected 2 nginx connections to the upstream, found ${back.length}`);
    const [a, c] = front;
    const [b, d] = back;
    const fromServer = (f) => v.from(f) === 'server';
    const req1 = first(a.frames, (f) => f.method !== null && !fromServer(f));
    const ok = first(a.frames, (f) => f.status === 200);
    expect(req1 && ok, 'the first request did not get its 200');
    const upReq = first(b.frames, (f) => f.method !== null && !fromServer(f));
    const upOk = first(b.frames, (f) => f.status === 200);
    expect(upReq && upOk, 'the first request did not reach the upstream');
    const upFin = first(b.frames, (f) => fromServer(f) && has(f, 'FIN'));
    expect(upFin && upFin.t > ok.t, 'no FIN from the killed upstream on the pooled connection');
    const nginxFin = first(b.frames, (f) => !fromServer(f) && has(f, 'FIN'), upFin.frame);
    const req2 = first(c.frames, (f) => f.method !== null && !fromServer(f));
    const bad = first(c.frames, (f) => f.status === 502);
    expect(req2 && bad, 'the second request did not get a 502');
    const [syn, rst, ...more] = d.frames;
    expect(
      isSyn(syn) && fromServer(rst) && has(rst, 'RST') && more.length === 0,
      'upstream connect not refused',
    );
    expect(
      req2.frame < syn.frame && rst.frame < bad.frame,
      'the refusal does not fall between request and 502',
    );
    expect(
      !v.frames.some((f) => has(f, 'RST') && f.stream !== d.id),
      'unexpected RST outside the refused connect',
    );
    const flow = (s, diagnosis, role) => ({
      stream: s.id,
      client: s.client,
      server: s.server,
      diagnosis,
      role,
    });
    return {
      measured: { rstTo502Ms: round((bad.t - rst.t) * 1000), requestTo502Ms: round((bad.t - req2.t) * 1000) },
      flows: [
        flow(a, 'healthy', 'client to nginx: GET /api/orders/1 answered 200 while the upstream was up'),
        flow(
          b,
          'healthy',
          "nginx's pooled upstream connection; closed by the upstream's kernel when it was killed",
        ),
        flow(c, 'upstream-refused-502', 'client to nginx: GET /api/orders/2 answered 502 Bad Gateway'),
        flow(d, 'connection-refused', 'nginx connecting to the dead upstream: SYN answered by RST,ACK'),
      ],
      keyFrames: [
        v.key('request_1', req1),
        v.key('upstream_request_1', upReq, 'nginx forwards it on a pooled upstream connection'),
        v.key('upstream_response_1', upOk),
        v.key('response_200', ok),
        v.key('upstream_fin', upFin, 'the upstream process was killed: its kernel closes the socket'),
        ...(nginxFin
          ? [v.key('nginx_fin_to_upstream', nginxFin, 'nginx drops the closed pooled connection')]
          : []),
        v.key('request_2', req2),
        v.key('upstream_syn', syn, 'nginx needs a new upstream connection'),
        v.key('upstream_rst', rst, 'connection refused: nothing listens any more'),
        v.key('response_502', bad),
      ],
    };
  },

  text: (m) => ({
    title: {
      en: 'nginx 502 Bad Gateway: the upstream died, its port refuses',
      'zh-CN': 'nginx 502 Bad Gateway：上游进程已退出，端口拒绝连接',
    },
    description: {
      en:
        'nginx forwards a request to an upstream that was killed: its connect is answered by RST,ACK and ' +
        `nginx returns 502 to the client ${m.rstTo502Ms} ms later. Both sides of the proxy are in the capture.`,
      'zh-CN':
        '上游进程被杀死后，nginx 转发请求时向上游发起的连接被 RST,ACK 拒绝，' +
        `${m.rstTo502Ms} 毫秒后 nginx 向客户端返回 502。抓包同时包含代理两侧的连接。`,
    },
  }),
};
