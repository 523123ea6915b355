#!/usr/bin/env node
// A small static server for the production build (dist/), used by `npm start` and the Playwright run.
// It serves under an optional base path (the e2e run uses /wirelens/ to prove the build works from a
// sub-path) and sends a Content-Security-Policy that only allows this origin, so "nothing leaves your
// browser" is enforced by the browser, not just promised.
//   node scripts/serve-dist.mjs [--port 4173] [--host 127.0.0.1] [--base /] [--dir dist]
import { createReadStream, existsSync, statSync } from 'node:fs';
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

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

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

function handle(dir, base, req, res) {
  const url = req.url ?? '/';
  if (base !== '/' && (url === base.slice(0, -1) || url === '/')) {
    res.writeHead(302, { Location: base }).end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const file = resolveFile(dir, base, url);
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
    return;
  }
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Length': statSync(file).size,
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}

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
export async function serveDist({ dir, port = 4173, host = '127.0.0.1', base = '/', fallback = false }) {
  const root = path.resolve(dir);
  if (!existsSync(path.join(root, 'index.html')))
    throw new Error(`${root}/index.html is missing: run npm run build first`);
  const b = `/${base.replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
  const server = http.createServer((req, res) => handle(root, b, req, res));
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
  const opts = { dir: 'dist', port: 4173, host: '127.0.0.1', base: '/' };
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1]];
    if (k === '--port') opts.port = Number(v);
    else if (k === '--host') opts.host = v;
    else if (k === '--base') opts.base = v;
    else if (k === '--dir') opts.dir = v;
    else throw new Error(`unknown option ${k}`);
  }
  return opts;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await serveDist(parseArgs(process.argv.slice(2)));
  console.log(`serving dist/ at ${url}`);
}
