// Recognises and parses HTTP/1.x start lines (RFC 9112 §3 request-line, §4 status-line).
// Recognition runs on the first bytes of every message and of every segment while resynchronising,
// so it works on a prefix, never allocates, and rejects binary data on the first byte.
import { type ByteInterner, latin1 } from './byte-interner';
import { findLf, wordView } from './find-lf';

export const StartKind = { No: 0, Request: 1, Response: 2, NeedMore: 3 } as const;
export type StartKindValue = (typeof StartKind)[keyof typeof StartKind];

const SP = 0x20;
const HT = 0x09;
const CR = 0x0d;
const LF = 0x0a;
const SLASH = 0x2f;
const DOT = 0x2e;

/** Methods recognised from a prefix alone (the line may continue in a later segment). Others need the
 * whole line ending in " HTTP/1.x" (RFC 9110 §9 and the IANA method registry's common entries). */
const KNOWN_METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
  'PROPFIND',
  'PROPPATCH',
  'MKCOL',
  'COPY',
  'MOVE',
  'LOCK',
  'UNLOCK',
  'SEARCH',
  'REPORT',
  'MERGE',
  'NOTIFY',
  'SUBSCRIBE',
  'UNSUBSCRIBE',
  'M-SEARCH',
  'PURGE',
].map((m) => Uint8Array.from(m, (c) => c.charCodeAt(0)));

const MAX_METHOD = 24;
const HTTP_SLASH = [0x48, 0x54, 0x54, 0x50, SLASH]; // "HTTP/"

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

/** Method characters we accept: upper-case letters, digits, '-' and '_' (real methods are upper case;
 * accepting any tchar would let binary protocols look like requests while resynchronising). */
function isMethodChar(b: number): boolean {
  return (b >= 0x41 && b <= 0x5a) || isDigit(b) || b === 0x2d || b === 0x5f;
}

/** True when `b[at..)` holds "HTTP/1.d" (RFC 9112 §2.3; only major version 1 is HTTP/1.x). */
export function isHttp1Version(b: Uint8Array, at: number, end: number): boolean {
  if (end - at < 8) return false;
  for (let i = 0; i < 5; i++) if (b[at + i] !== HTTP_SLASH[i]) return false;
  return b[at + 5] === 0x31 && b[at + 6] === DOT && isDigit(b[at + 7] ?? 0);
}

/** End of the line content (drops a trailing CR). */
function lineContentEnd(b: Uint8Array, start: number, lf: number): number {
  return lf > start && b[lf - 1] === CR ? lf - 1 : lf;
}

/** True when a message cannot start with byte `c`: it is not a method character (status lines start
 * with 'H', one). classifyStart gives StartKind.No for such a first byte; the flow builder's fast
 * path tests this first, on every segment of a connection that is not HTTP. */
export function cannotStartMessage(c: number): boolean {
  return !isMethodChar(c);
}

/** Classifies the bytes at the start of a message: request line, status line, neither, or too few bytes. */
export function classifyStart(b: Uint8Array, start: number, end: number): StartKindValue {
  if (start >= end) return StartKind.NeedMore;
  const first = b[start] ?? 0;
  if (first === 0x48 && (end - start < 5 || b[start + 1] === 0x54)) {
    const r = classifyStatus(b, start, end);
    if (r !== StartKind.No) return r;
  }
  return classifyRequest(b, start, end);
}

function classifyStatus(b: Uint8Array, start: number, end: number): StartKindValue {
  const n = Math.min(end - start, 12);
  // "HTTP/1.1 200" — compare what we have against the pattern.
  for (let i = 0; i < n; i++) {
    const c = b[start + i] ?? 0;
    const ok =
      i < 5
        ? c === HTTP_SLASH[i]
        : i === 5
          ? c === 0x31
          : i === 6
            ? c === DOT
            : i === 7
              ? isDigit(c)
              : i === 8
                ? c === SP
                : isDigit(c);
    if (!ok) return StartKind.No;
  }
  if (n < 12) return StartKind.NeedMore;
  if (end - start === 12) return StartKind.NeedMore;
  const after = b[start + 12] ?? 0;
  return after === SP || after === CR || after === LF ? StartKind.Response : StartKind.No;
}

function classifyRequest(b: Uint8Array, start: number, end: number): StartKindValue {
  let i = start;
  while (i < end && i - start <= MAX_METHOD && isMethodChar(b[i] ?? 0)) i++;
  if (i === end) return i - start <= MAX_METHOD ? StartKind.NeedMore : StartKind.No;
  if (b[i] !== SP || i === start) return StartKind.No;
  const methodEnd = i;
  const t = b[i + 1];
  if (t === undefined || i + 1 >= end) return StartKind.NeedMore;
  if (t === SP || t === CR || t === LF || t < 0x21) return StartKind.No;
  const lf = findLf(b, i + 1, end, wordView(b));
  if (lf < 0) return isKnownMethod(b, start, methodEnd) ? StartKind.Request : StartKind.NeedMore;
  return requestLineVersionAt(b, start, lf) >= 0 ? StartKind.Request : StartKind.No;
}

function isKnownMethod(b: Uint8Array, start: number, end: number): boolean {
  const len = end - start;
  outer: for (const m of KNOWN_METHODS) {
    if (m.length !== len) continue;
    for (let k = 0; k < len; k++) if (b[start + k] !== m[k]) continue outer;
    return true;
  }
  return false;
}

/** Start of the version in a request line ending at `lf`, -1 when the line is not "method SP target SP HTTP/1.x". */
function requestLineVersionAt(b: Uint8Array, start: number, lf: number): number {
  const end = lineContentEnd(b, start, lf);
  const v = end - 8;
  if (v < start + 3 || b[v - 1] !== SP) return -1;
  return isHttp1Version(b, v, end) ? v : -1;
}

/** The parsed start line; strings are interned except the request target. */
export interface StartLine {
  kind: 'request' | 'response';
  method?: string;
  target?: string;
  version: string;
  status?: number;
  reason?: string;
}

/** Where readStartLine writes: a StartLine, or the HttpMessage being built (which has its fields). */
export interface StartLineFields {
  kind: 'request' | 'response';
  method?: string | undefined;
  target?: string | undefined;
  version: string;
  status?: number | undefined;
  reason?: string | undefined;
}

/** Parses the start line in b[start, lf) (lf = index of its LF). Returns null when it is not a valid
 * HTTP/1.x request or status line. Targets are kept verbatim (as latin-1 text, never interpreted). */
export function parseStartLine(
  b: Uint8Array,
  start: number,
  lf: number,
  strings: ByteInterner,
): StartLine | null {
  const out: StartLineFields = { kind: 'request', version: '' };
  if (!readStartLine(b, start, lf, strings, out)) return null;
  if (out.kind === 'response')
    return { kind: 'response', version: out.version, status: out.status, reason: out.reason };
  return { kind: 'request', method: out.method, target: out.target, version: out.version };
}

/** parseStartLine into `out` (the flow builder's message, so that no StartLine is made per message);
 * false, with `out` partly written, when the line is not HTTP/1.x. Sets only the fields of its kind. */
export function readStartLine(
  b: Uint8Array,
  start: number,
  lf: number,
  strings: ByteInterner,
  out: StartLineFields,
): boolean {
  const end = lineContentEnd(b, start, lf);
  if (isHttp1Version(b, start, end) && b[start + 8] === SP)
    return readStatusLine(b, start, end, strings, out);
  const v = requestLineVersionAt(b, start, lf);
  if (v < 0) return false;
  let sp = start;
  while (sp < v && isMethodChar(b[sp] ?? 0)) sp++;
  if (sp === start || sp - start > MAX_METHOD || b[sp] !== SP) return false;
  // The target runs from after the method's SP to the SP before the version (RFC 9112 §3.2).
  let tStart = sp + 1;
  let tEnd = v - 1;
  while (tStart < tEnd && (b[tStart] === SP || b[tStart] === HT)) tStart++;
  while (tEnd > tStart && (b[tEnd - 1] === SP || b[tEnd - 1] === HT)) tEnd--;
  if (tStart >= tEnd) return false;
  out.kind = 'request';
  out.method = strings.get(b, start, sp);
  // Request targets are unique per request, so they are not interned; kept as plain text.
  out.target = latin1(b, tStart, tEnd);
  out.version = strings.get(b, v, v + 8);
  return true;
}

function readStatusLine(
  b: Uint8Array,
  start: number,
  end: number,
  strings: ByteInterner,
  out: StartLineFields,
): boolean {
  const c0 = b[start + 9] ?? 0;
  const c1 = b[start + 10] ?? 0;
  const c2 = b[start + 11] ?? 0;
  if (end < start + 12 || !isDigit(c0) || !isDigit(c1) || !isDigit(c2)) return false;
  const after = start + 12;
  if (after < end && b[after] !== SP) return false;
  let r = after < end ? after + 1 : end;
  let rEnd = end;
  while (r < rEnd && (b[r] === SP || b[r] === HT)) r++;
  while (rEnd > r && (b[rEnd - 1] === SP || b[rEnd - 1] === HT)) rEnd--;
  out.kind = 'response';
  out.version = strings.get(b, start, start + 8);
  out.status = (c0 - 0x30) * 100 + (c1 - 0x30) * 10 + (c2 - 0x30);
  out.reason = strings.get(b, r, rEnd);
  return true;
}
