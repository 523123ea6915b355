// Servers for the share and security tests, started by the tests themselves:
// - the project's own static server (scripts/serve-dist.mjs) as a child process, under any base
//   path, with or without its CSP header (`--plain` stands for a static host that sends none);
// - a capture server on another port (another origin), with or without CORS headers.
// And a watcher that records every request of a browser context and every console problem.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from '@playwright/test';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Running {
  url: string;
  stop(): Promise<void>;
}

/** `node scripts/serve-dist.mjs --port 0 ...args`; resolves with the URL it prints. */
export async function startStaticServer(args: string[]): Promise<Running> {
  const child: ChildProcess = spawn(process.execPath, ['scripts/serve-dist.mjs', '--port', '0', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(/serving \S+ at (http:\/\/\S+)/);
      if (m?.[1]) resolve(m[1]);
    });
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.once('exit', (code) => reject(new Error(`serve-dist exited (${code}): ${err}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

/**
 * An HTTP server on another port of 127.0.0.1 (so another origin than the page) answering
 * `/name.pcap` with the bytes of `files[name]`; CORS headers only when `cors` is set.
 */
export async function startCaptureServer(
  files: Record<string, Uint8Array>,
  { cors }: { cors: boolean },
): Promise<Running & { hits: string[] }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    const name = decodeURIComponent((req.url ?? '/').slice(1).split('?')[0] ?? '');
    const bytes = files[name];
    const headers: http.OutgoingHttpHeaders = cors ? { 'Access-Control-Allow-Origin': '*' } : {};
    if (!bytes) {
      res.writeHead(404, headers).end();
      return;
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': 'application/octet-stream',
      'Content-Length': bytes.length,
    });
    res.end(Buffer.from(bytes));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    hits,
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export const fixtureBytes = (name: string): Uint8Array =>
  readFileSync(path.join(repoRoot, 'e2e/fixtures', name));

export interface Watch {
  /** Every request URL of the context (pages and their workers), in order. */
  requests: string[];
  /** Console errors and warnings, page errors, and dialogs (alert/confirm/prompt). */
  problems: string[];
  dialogs: string[];
}

/** Records requests, console problems and dialogs of `context` and its `page`. */
export function watch(context: BrowserContext, page: Page): Watch {
  const w: Watch = { requests: [], problems: [], dialogs: [] };
  context.on('request', (r) => w.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') w.problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => w.problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    w.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return w;
}
