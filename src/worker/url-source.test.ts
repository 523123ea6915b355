// `?url=` loading in Node: a real HTTP server on loopback streams the e2e fixtures (chunked and with
// Content-Length, whole and cut off mid-download); the analysis of the streamed bytes must match the
// one of the file (frame counts from `tshark -r FILE | wc -l`: 13 and 67), the bytes kept for the
// packet details must be the file's bytes, and each failure must come back as data naming its cause.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadProgress } from './analysis-api';
import { openCapture } from './open-capture';
import {
  isUrlFailure,
  nameOfUrl,
  ResponseSource,
  resolveCaptureUrl,
  startDownload,
  type UrlFailure,
} from './url-source';

const fixtures = path.resolve(import.meta.dirname, '../../e2e/fixtures');
const STALE = readFileSync(path.join(fixtures, 'g-stale-keepalive.pcap'));
const CRASH = readFileSync(path.join(fixtures, 'l-server-crash.pcap'));

/** Routes: /stale.pcap with Content-Length, /crash.pcap chunked in 1000-byte writes, /cut.pcap dies half-way. */
function route(req: http.IncomingMessage, res: http.ServerResponse): void {
  const write = async (bytes: Buffer, step: number, stopAt = bytes.length) => {
    for (let at = 0; at < stopAt; at += step) {
      res.write(bytes.subarray(at, Math.min(at + step, stopAt)));
      await new Promise((r) => setTimeout(r, 1));
    }
  };
  if (req.url === '/stale.pcap') {
    res.writeHead(200, { 'Content-Length': STALE.length }).end(STALE);
  } else if (req.url === '/crash.pcap') {
    res.writeHead(200, { 'Content-Type': 'application/vnd.tcpdump.pcap' });
    void write(CRASH, 1000).then(() => res.end());
  } else if (req.url === '/cut.pcap') {
    res.writeHead(200, { 'Content-Length': CRASH.length });
    void write(CRASH, 1000, 4000).then(() => res.destroy());
  } else {
    res.writeHead(404, 'Not Found').end('no such capture\n');
  }
}

let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer(route);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function download(p: string): Promise<{ source: ResponseSource; url: URL }> {
  const url = new URL(p, base);
  const res = await startDownload(url, 'http:');
  if (isUrlFailure(res)) throw new Error(`unexpected failure ${res.reason}`);
  return { source: new ResponseSource(res, url), url };
}

describe('resolveCaptureUrl', () => {
  it('resolves relative addresses against the page and keeps absolute http(s) ones', () => {
    const page = 'https://tools.example.org/wirelens/?url=x#stream=1';
    expect((resolveCaptureUrl('captures/a.pcap', page) as URL).href).toBe(
      'https://tools.example.org/wirelens/captures/a.pcap',
    );
    expect((resolveCaptureUrl(' http://10.0.0.5:8080/d.pcapng ', page) as URL).href).toBe(
      'http://10.0.0.5:8080/d.pcapng',
    );
  });

  it('refuses every scheme but http and https before any request', () => {
    for (const bad of ['javascript:alert(1)', 'data:,abc', 'file:///etc/passwd', 'blob:null/1', 'http://']) {
      const r = resolveCaptureUrl(bad, 'https://tools.example.org/');
      expect(isUrlFailure(r) && r.reason, bad).toBe('bad-url');
    }
  });

  it('names the capture by its last path segment, decoded, else by its host', () => {
    expect(nameOfUrl(new URL('https://h.example/a/b%20c.pcap?sig=1'))).toBe('b c.pcap');
    expect(nameOfUrl(new URL('https://h.example:8443/'))).toBe('h.example:8443');
  });
});

describe('ResponseSource', () => {
  it('streams a capture with Content-Length into the same analysis as the file', async () => {
    const { source } = await download('/stale.pcap');
    expect(source.size).toBe(STALE.length);
    const progress: LoadProgress[] = [];
    const r = await openCapture(source, { onProgress: (p) => progress.push(p), progressIntervalMs: 0 });
    expect(r.error).toBeNull();
    expect(r.packets).toBe(13);
    expect(r.diagnosis?.flows[0]?.diagnosis).toBe('stale-keepalive-reuse');
    expect(progress.at(-1)).toMatchObject({ bytesRead: STALE.length, bytesTotal: STALE.length });
    expect(Buffer.from(await source.blob().arrayBuffer()).equals(STALE)).toBe(true);
  });

  it('reads a chunked download of unknown length whole, in small network chunks', async () => {
    const { source } = await download('/crash.pcap');
    expect(source.size).toBeUndefined();
    const r = await openCapture(source, { chunkSize: 4096 });
    expect(r.error).toBeNull();
    expect(r.packets).toBe(67);
    expect(r.flowSet?.flows.filter((f) => f.transport === 'tcp')).toHaveLength(6);
    expect(source.bytesReceived).toBe(CRASH.length);
    expect(Buffer.from(await source.blob().arrayBuffer()).equals(CRASH)).toBe(true);
  });

  it('keeps the packets before a download that breaks off, and says where it stopped', async () => {
    const { source } = await download('/cut.pcap');
    const r = await openCapture(source, { chunkSize: 1024 });
    expect(r.error?.kind).toBe('io');
    expect(r.error?.message).toMatch(/^the download from 127\.0\.0\.1:\d+ stopped after \d+ bytes/);
    expect(r.packets).toBeGreaterThan(0);
    expect(r.packets).toBeLessThan(67);
    // What arrived is a prefix of the file.
    const kept = Buffer.from(await source.blob().arrayBuffer());
    expect(kept.length).toBeLessThanOrEqual(4000);
    expect(kept.equals(CRASH.subarray(0, kept.length))).toBe(true);
  });
});

describe('startDownload failures', () => {
  it('reports an HTTP error status', async () => {
    const r = await startDownload(new URL('/missing.pcap', base), 'http:');
    expect(r).toMatchObject({
      reason: 'http',
      status: 404,
      statusText: 'Not Found',
      host: new URL(base).host,
    });
  });

  it('tells a server that cannot be reached from one that refused the read (CORS)', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const down = await startDownload(new URL(`http://127.0.0.1:${port}/x.pcap`), 'http:');
    expect((down as UrlFailure).reason).toBe('unreachable');

    // A browser fails the CORS read but lets the no-cors request through (opaque response).
    const seen: (RequestMode | undefined)[] = [];
    const browserLike: typeof fetch = async (_input, init) => {
      seen.push(init?.mode);
      if (init?.mode === 'no-cors') return new Response(null, { status: 200 });
      throw new TypeError('Failed to fetch');
    };
    const cors = await startDownload(new URL('https://files.example.com/x.pcap'), 'https:', browserLike);
    expect(cors).toMatchObject({ reason: 'cors', host: 'files.example.com' });
    expect(seen).toEqual([undefined, 'no-cors']);
  });

  it('blames mixed content for a plain-http address from an https page', async () => {
    const failing: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    const r = await startDownload(new URL('http://files.example.com/x.pcap'), 'https:', failing);
    expect((r as UrlFailure).reason).toBe('insecure');
  });
});
