// A capture named by the page's `?url=` parameter, read while it downloads: fetch() and the response
// body's ReadableStream reader become a ByteSource, so the capture reader starts on the first bytes
// and the page shows progress against Content-Length. The bytes received are also kept as Blob parts
// (the browser's blob store, not the JavaScript heap) so the packet details and the exports can
// re-read frames exactly as they do from a dropped file.
//
// Only http: and https: addresses are fetched, without cookies or a Referer (a link must not make
// the browser send the user's credentials or Wirelens's address to the capture's server), and only
// when the user gave the address. A failed fetch() is a TypeError whatever the cause (the Fetch
// standard hides CORS details from scripts); a second, no-cors request tells a server that answered
// but did not allow the read (CORS) from one that could not be reached, so the page can say which.
import { type ByteSource, CaptureError } from '../capture/types';

export type UrlFailureReason =
  | 'bad-url'
  | 'cors'
  | 'unreachable'
  | 'insecure'
  | 'http'
  | 'no-body'
  /** The single-file build fetches nothing. */
  | 'offline';

/** Why a capture could not be fetched: plain data, it crosses from the worker to the page. */
export interface UrlFailure {
  reason: UrlFailureReason;
  /** The address as the page resolved it (or as given, when it is not an address at all). */
  url: string;
  /** host[:port] of the server, for the message; empty for a bad address. */
  host: string;
  status?: number;
  statusText?: string;
}

/** The bytes a chunk is gathered to before the reader sees it (network reads are 16–64 KiB). */
const GATHER_BYTES = 256 * 1024;

const REQUEST: RequestInit = { credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-cache' };

/**
 * The absolute http(s) address of `raw` (relative to the page, so `?url=captures/x.pcap` works
 * next to Wirelens), or why not: javascript:, data:, file: and blob: addresses are refused.
 */
export function resolveCaptureUrl(raw: string, pageUrl: string): URL | UrlFailure {
  let url: URL;
  try {
    url = new URL(raw.trim(), pageUrl);
  } catch {
    return { reason: 'bad-url', url: raw, host: '' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { reason: 'bad-url', url: raw, host: '' };
  return url;
}

export function isUrlFailure(v: unknown): v is UrlFailure {
  return typeof v === 'object' && v !== null && 'reason' in v && 'host' in v;
}

/** The file name a URL names (its last path segment), else its host. */
export function nameOfUrl(url: URL): string {
  const last = url.pathname.split('/').filter(Boolean).pop() ?? '';
  try {
    return decodeURIComponent(last) || url.host;
  } catch {
    return last || url.host;
  }
}

/**
 * Starts the download: the response once its headers are in, or why there is none. `pageProtocol`
 * tells an https page refusing a plain-http address (mixed content) from a server that is down.
 */
export async function startDownload(
  url: URL,
  pageProtocol: string,
  fetchImpl: typeof fetch = fetch,
): Promise<Response | UrlFailure> {
  const base = { url: url.href, host: url.host };
  let res: Response;
  try {
    res = await fetchImpl(url.href, REQUEST);
  } catch {
    if (pageProtocol === 'https:' && url.protocol === 'http:') return { ...base, reason: 'insecure' };
    return { ...base, reason: (await answers(url, fetchImpl)) ? 'cors' : 'unreachable' };
  }
  if (!res.ok) {
    res.body?.cancel().catch(() => {});
    return { ...base, reason: 'http', status: res.status, statusText: res.statusText };
  }
  if (!res.body) return { ...base, reason: 'no-body' };
  return res;
}

/**
 * Whether the server answers at all: a no-cors request gets an opaque response from a server that
 * answered (whatever its CORS headers) and fails like the first one when nothing answered. It is
 * stopped as soon as the headers are in.
 */
async function answers(url: URL, fetchImpl: typeof fetch): Promise<boolean> {
  const stop = new AbortController();
  try {
    await fetchImpl(url.href, { ...REQUEST, mode: 'no-cors', signal: stop.signal });
    return true;
  } catch {
    return false;
  } finally {
    stop.abort();
  }
}

/** Content-Length when the server sent one and it counts the bytes we will read. */
function lengthOf(res: Response): number | undefined {
  // A content-encoded body (gzip on the wire) arrives decoded: its length is not Content-Length.
  // Cross-origin, Content-Encoding may be hidden; then the percent can only end early at 100.
  if (res.headers.get('content-encoding')) return undefined;
  const n = Number(res.headers.get('content-length') ?? Number.NaN);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The body of a fetched capture as a ByteSource, keeping what it read for later re-reads. */
export class ResponseSource implements ByteSource {
  readonly name: string;
  readonly size: number | undefined;
  private readonly kept: Blob[] = [];
  private received = 0;

  constructor(
    private readonly response: Response,
    private readonly url: URL,
  ) {
    this.name = nameOfUrl(url);
    this.size = lengthOf(response);
  }

  /** Bytes received so far. */
  get bytesReceived(): number {
    return this.received;
  }

  /** Everything received, as one Blob (the whole capture once chunks() has run to the end). */
  blob(): Blob {
    return new Blob(this.kept, { type: 'application/vnd.tcpdump.pcap' });
  }

  async *chunks(chunkSize: number): AsyncGenerator<Uint8Array> {
    const body = this.response.body;
    if (!body) return;
    const reader = body.getReader();
    const gather = Math.max(1, Math.min(Math.floor(chunkSize), GATHER_BYTES));
    let parts: Uint8Array[] = [];
    let pending = 0;
    try {
      for (;;) {
        const { done, value } = await this.read(reader);
        if (!done) {
          parts.push(value);
          pending += value.length;
        }
        if (pending > 0 && (done || pending >= gather)) {
          const chunk = concat(parts, pending);
          parts = [];
          pending = 0;
          this.keep(chunk);
          yield chunk;
        }
        if (done) return;
      }
    } finally {
      // Stopped early (not a capture, or the load was replaced): stop downloading too.
      reader.cancel().catch(() => {});
    }
  }

  private keep(chunk: Uint8Array): void {
    this.received += chunk.length;
    this.kept.push(new Blob([chunk as Uint8Array<ArrayBuffer>]));
  }

  private async read(reader: ReadableStreamDefaultReader<Uint8Array>) {
    try {
      return await reader.read();
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new CaptureError(
        'io',
        `the download from ${this.url.host} stopped after ${this.received} bytes (${why})`,
        this.received,
      );
    }
  }
}
