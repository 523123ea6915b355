#!/usr/bin/env node
// A small static server for the production build (dist/), used by `npm start` and the Playwright run.
// It serves under an optional base path (the e2e run uses /wirelens/ to prove the build works from a
// sub-path) and sends, as a header, the Content-Security-Policy the built page declares in its
// <meta> (vite.config.ts), plus what only a header can say (frame-ancestors). The header also
// covers the worker script, which a page's <meta> policy does not reach.
// `--also /captures/=e2e/fixtures` serves another folder beside it (the e2e tests load captures
// from there by `?url=`).
// `--plain` sends no CSP or other security header, as many static hosts (GitHub Pages) do: the page's
// <meta> policy must then hold on its own (the e2e tests check both).
//   node scripts/serve-dist.mjs [--port 4173] [--host 127.0.0.1] [--base /] [--dir dist] [--also /p/=dir] [--plain]
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.pcap': 'application/vnd.tcpdump.pcap',
};

/** Used when the built page declares no policy (a build older than the <meta>): this origin only. */
const FALLBACK_CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/** The policy of the page's <meta http-equiv="Content-Security-Policy">, or null. */
export function pagePolicy(html) {
  const meta = html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i);
  return meta ? (meta[1] ?? '').replaceAll('&#39;', "'").replaceAll('&quot;', '"') : null;
}

/** The header policy for a build: the page's own, plus frame-ancestors (a <meta> cannot set it). */
export function headerPolicy(dir) {
  const policy = pagePolicy(readFileSync(path.join(dir, 'index.html'), 'utf8')) ?? FALLBACK_CSP;
  return `${policy}; frame-ancestors 'none'`;
}

/** The file under `dir` for a URL path, or null when it is outside `base` or `dir` or does not exist. */
function resolveFile(dir, base, urlPath) {
  let p;
  try {
    p = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return null;
  }
  if (!p.startsWith(base)) return null;
  const rel = p.slice(base.length) || 'index.html';
  const file = path.resolve(dir, rel);
  if (file !== dir && !file.startsWith(dir + path.sep)) return null;
  if (!existsSync(file)) return null;
  const st = statSync(file);
  if (st.isDirectory()) {
    const index = path.join(file, 'index.html');
    return existsSync(index) ? index : null;
  }
  return file;
}

function handle(mounts, csp, req, res) {
  const url = req.url ?? '/';
  const base = mounts[0].base;
  if (base !== '/' && (url === base.slice(0, -1) || url === '/')) {
    res.writeHead(302, { Location: base }).end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const file = mounts.map((m) => resolveFile(m.dir, m.base, url)).find(Boolean) ?? null;
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
    return;
  }
  const security = csp ? { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' } : {};
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Length': statSync(file).size,
    ...security,
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}

const normalBase = (base) => `/${base.replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

/**
 * Serves `dir` on `port`; when `fallback` is set and the port is taken, on any free port instead.
 * Resolves to the server and its URL.
 */
export async function serveDist({
  dir,
  port = 4173,
  host = '127.0.0.1',
  base = '/',
  fallback = false,
  also = [],
  plain = false,
}) {
  const root = path.resolve(dir);
  if (!existsSync(path.join(root, 'index.html')))
    throw new Error(`${root}/index.html is missing: run npm run build first`);
  const b = normalBase(base);
  const mounts = [
    { base: b, dir: root },
    ...also.map((m) => ({ base: normalBase(m.base), dir: path.resolve(m.dir) })),
  ];
  const csp = plain ? null : headerPolicy(root);
  const server = http.createServer((req, res) => handle(mounts, csp, req, res));
  let bound;
  try {
    bound = await listen(server, port, host);
  } catch (e) {
    if (!fallback || e.code !== 'EADDRINUSE') throw e;
    bound = await listen(server, 0, host);
  }
  return { server, url: `http://${host}:${bound}${b}` };
}

function parseArgs(argv) {
  const opts = { dir: 'dist', port: 4173, host: '127.0.0.1', base: '/', also: [] };
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1]];
    if (k === '--port') opts.port = Number(v);
    else if (k === '--host') opts.host = v;
    else if (k === '--base') opts.base = v;
    else if (k === '--plain') {
      opts.plain = true;
      i--;
    } else if (k === '--dir') opts.dir = v;
    else if (k === '--also') {
      const [b, d] = (v ?? '').split('=');
      if (!b || !d) throw new Error('--also wants /path/=folder');
      opts.also.push({ base: b, dir: d });
    } else throw new Error(`unknown option ${k}`);
  }
  return opts;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = parseArgs(process.argv.slice(2));
  const { url } = await serveDist(opts);
  console.log(`serving ${opts.dir} at ${url}`);
}
