// The header section of an HTTP/1.x message (RFC 9112 §5): finds where it ends and reads the few
// fields that frame the message or describe the connection. Everything else is skipped unread.
import type { ByteInterner } from './byte-interner';
import { findLf, wordView } from './find-lf';

const SP = 0x20;
const HT = 0x09;
const CR = 0x0d;
const LF = 0x0a;
const COLON = 0x3a;
const COMMA = 0x2c;

/** Content-Length was absent / present but unusable (RFC 9112 §6.3 item 5: differing or non-numeric). */
export const NO_LENGTH = -1;
export const BAD_LENGTH = -2;

/** What the header section says about framing and the connection. Reused from message to message. */
export class HeaderFields {
  /** Content-Length value, NO_LENGTH or BAD_LENGTH. */
  contentLength = NO_LENGTH;
  /** Transfer-Encoding was present. */
  transferEncoding = false;
  /** The final transfer coding is "chunked" (RFC 9112 §6.1: only then is the body chunked). */
  chunked = false;
  connection: string | undefined = undefined;
  keepAliveTimeout: number | undefined = undefined;
  keepAliveMax: number | undefined = undefined;

  reset(): void {
    this.contentLength = NO_LENGTH;
    this.transferEncoding = false;
    this.chunked = false;
    this.connection = undefined;
    this.keepAliveTimeout = undefined;
    this.keepAliveMax = undefined;
  }
}

/**
 * Index just after the empty line that ends the header section in b[start, end), or -1 when it is not
 * there yet. Accepts CRLF and bare LF line ends (RFC 9112 §2.2 lets a recipient accept a lone LF).
 * `from` lets a caller resume a search: pass the previous end minus 2 so a CRLFCRLF split across calls
 * is still found.
 */
export function findHeaderEnd(
  b: Uint8Array,
  start: number,
  end: number,
  from = start,
  lines?: CandidateLines,
): number {
  if (lines) lines.clear();
  const words = wordView(b);
  for (let i = Math.max(start, from); ; i++) {
    i = findLf(b, i, end, words);
    if (i < 0) return -1;
    // While looking for the end, note the first line's end and the lines that may hold a field we
    // read, with their ends (see readHeaderFields), so the header section is scanned once.
    if (lines) lines.lineEnd(i);
    const n = b[i + 1] ?? 0;
    if (i + 1 < end && n === LF) return i + 2;
    if (i + 2 < end && n === CR && b[i + 2] === LF) return i + 3;
    if (lines && isCandidateFirstByte(n)) lines.add(i + 1);
  }
}

/** Start offsets of the header lines whose first byte could begin a field we read, and where they
 * end (their LF), as findHeaderEnd found them. */
export class CandidateLines {
  readonly at = new Int32Array(32);
  /** The LF ending each line of `at`. */
  readonly end = new Int32Array(32);
  count = 0;
  /** More candidates than `at` holds: readHeaderFields must scan every line. */
  overflow = false;
  /** The LF ending the first line searched (the start line when the search began at the message
   * start), -1 before it is found. */
  firstLf = -1;
  /** The last candidate's LF is still to be found. */
  private open = false;

  clear(): void {
    this.count = 0;
    this.overflow = false;
    this.firstLf = -1;
    this.open = false;
  }

  add(line: number): void {
    if (this.count < this.at.length) {
      this.at[this.count++] = line;
      this.open = true;
    } else {
      this.overflow = true;
    }
  }

  /** The next LF, at `lf`, was found. */
  lineEnd(lf: number): void {
    if (this.firstLf < 0) this.firstLf = lf;
    if (this.open) {
      this.end[this.count - 1] = lf;
      this.open = false;
    }
  }
}

/** c, t, k in either case: Connection, Content-Length, Transfer-Encoding, Keep-Alive (the same
 * first-byte filter req_resp_hdrs.c uses). Lines starting with whitespace are obs-fold continuations
 * (RFC 9112 §5.2), never a new field, so they never pass. */
function isCandidateFirstByte(c: number): boolean {
  const l = c | 0x20;
  return l === 0x63 || l === 0x74 || l === 0x6b;
}

const NAME_CONTENT_LENGTH = bytesOf('content-length');
const NAME_TRANSFER_ENCODING = bytesOf('transfer-encoding');
const NAME_CONNECTION = bytesOf('connection');
const NAME_KEEP_ALIVE = bytesOf('keep-alive');

function bytesOf(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** Case-insensitive compare of b[start, end) with a lower-case ASCII name. */
function nameIs(b: Uint8Array, start: number, end: number, name: Uint8Array): boolean {
  if (end - start !== name.length) return false;
  for (let i = 0; i < name.length; i++) {
    const c = b[start + i] ?? 0;
    if ((c >= 0x41 && c <= 0x5a ? c | 0x20 : c) !== name[i]) return false;
  }
  return true;
}

/**
 * Reads the fields after the start line: b[start, end) are the header lines (start = just after the
 * start line's LF, end = the header end found by findHeaderEnd). Fills `out`.
 */
export function readHeaderFields(
  b: Uint8Array,
  start: number,
  end: number,
  strings: ByteInterner,
  out: HeaderFields,
  lines?: CandidateLines,
): void {
  out.reset();
  if (lines && !lines.overflow) {
    // Each candidate line ends before the empty line that ends the section: its LF was found.
    for (let k = 0; k < lines.count; k++) {
      const line = lines.at[k] ?? end;
      if (line >= start && line < end) readLine(b, line, lines.end[k] ?? end, strings, out);
    }
    return;
  }
  const words = wordView(b);
  let line = start;
  while (line < end) {
    let lf = findLf(b, line, end, words);
    if (lf < 0) lf = end;
    readLine(b, line, lf, strings, out);
    line = lf + 1;
  }
}

/** Reads the field on the line b[line, lf) (lf: its LF, or the section end) if it is one of ours. */
function readLine(b: Uint8Array, line: number, lf: number, strings: ByteInterner, out: HeaderFields): void {
  if (isCandidateFirstByte(b[line] ?? 0))
    readField(b, line, lf > line && b[lf - 1] === CR ? lf - 1 : lf, strings, out);
}

function readField(
  b: Uint8Array,
  start: number,
  end: number,
  strings: ByteInterner,
  out: HeaderFields,
): void {
  // The longest name we want is 17 bytes: look no further for the colon.
  const limit = Math.min(end, start + NAME_TRANSFER_ENCODING.length + 1);
  let colon = start;
  while (colon < limit && b[colon] !== COLON) colon++;
  if (colon === limit) return;
  // No whitespace is allowed between the field name and the colon (RFC 9112 §5.1): such a name
  // matches none of ours, so the line is ignored.
  const which = fieldOf(b, start, colon);
  if (which === 0) return;
  let v = colon + 1;
  let vEnd = end;
  while (v < vEnd && (b[v] === SP || b[v] === HT)) v++;
  while (vEnd > v && (b[vEnd - 1] === SP || b[vEnd - 1] === HT)) vEnd--;
  if (which === 1) {
    out.contentLength = mergeLength(out.contentLength, readContentLength(b, v, vEnd));
  } else if (which === 2) {
    out.transferEncoding = true;
    out.chunked = lastCodingIsChunked(b, v, vEnd);
  } else if (which === 3) {
    const value = strings.get(b, v, vEnd, true);
    out.connection = out.connection === undefined ? value : `${out.connection}, ${value}`;
  } else {
    readKeepAlive(b, v, vEnd, out);
  }
}

/** 1 Content-Length, 2 Transfer-Encoding, 3 Connection, 4 Keep-Alive, 0 anything else. */
function fieldOf(b: Uint8Array, start: number, end: number): number {
  if (nameIs(b, start, end, NAME_CONTENT_LENGTH)) return 1;
  if (nameIs(b, start, end, NAME_TRANSFER_ENCODING)) return 2;
  if (nameIs(b, start, end, NAME_CONNECTION)) return 3;
  if (nameIs(b, start, end, NAME_KEEP_ALIVE)) return 4;
  return 0;
}

/** A repeated Content-Length must repeat the same value (RFC 9112 §6.3 item 5). */
function mergeLength(prev: number, next: number): number {
  if (prev === NO_LENGTH) return next;
  return prev === next ? prev : BAD_LENGTH;
}

/** Content-Length = 1*DIGIT; a list of identical values ("5, 5") is accepted as one (RFC 9110 §8.6). */
function readContentLength(b: Uint8Array, start: number, end: number): number {
  let value = NO_LENGTH;
  let n = -1;
  for (let i = start; i <= end; i++) {
    const c = i < end ? (b[i] ?? 0) : COMMA;
    if (c >= 0x30 && c <= 0x39) {
      n = n < 0 ? c - 0x30 : n * 10 + (c - 0x30);
      if (n > Number.MAX_SAFE_INTEGER) return BAD_LENGTH;
    } else if (c === COMMA) {
      if (n < 0) return BAD_LENGTH;
      if (value !== NO_LENGTH && value !== n) return BAD_LENGTH;
      value = n;
      n = -1;
      while (i + 1 < end && (b[i + 1] === SP || b[i + 1] === HT)) i++;
    } else {
      return BAD_LENGTH;
    }
  }
  return value;
}

/** True when the last coding of a Transfer-Encoding list is "chunked" (parameters after ';' ignored). */
function lastCodingIsChunked(b: Uint8Array, start: number, end: number): boolean {
  let s = start;
  for (let i = start; i < end; i++) if (b[i] === COMMA) s = i + 1;
  while (s < end && (b[s] === SP || b[s] === HT)) s++;
  let e = s;
  while (e < end && b[e] !== 0x3b && b[e] !== SP && b[e] !== HT) e++;
  return nameIs(b, s, e, CHUNKED);
}
const CHUNKED = bytesOf('chunked');
const TIMEOUT = bytesOf('timeout');
const MAX = bytesOf('max');

/** Keep-Alive: timeout=5, max=100 (RFC 2068 §19.7.1.1; still sent by Apache, nginx, Node). */
function readKeepAlive(b: Uint8Array, start: number, end: number, out: HeaderFields): void {
  let p = start;
  while (p < end) {
    while (p < end && (b[p] === SP || b[p] === HT || b[p] === COMMA)) p++;
    const nameStart = p;
    while (p < end && b[p] !== 0x3d && b[p] !== COMMA) p++;
    let nameEnd = p;
    while (nameEnd > nameStart && (b[nameEnd - 1] === SP || b[nameEnd - 1] === HT)) nameEnd--;
    if (p < end && b[p] === 0x3d) {
      p++;
      while (p < end && (b[p] === SP || b[p] === HT || b[p] === 0x22)) p++;
      let n = -1;
      while (p < end && b[p]! >= 0x30 && b[p]! <= 0x39 && n < 1e12)
        n = (n < 0 ? 0 : n * 10) + (b[p++]! - 0x30);
      if (n >= 0 && nameIs(b, nameStart, nameEnd, TIMEOUT)) out.keepAliveTimeout = n;
      else if (n >= 0 && nameIs(b, nameStart, nameEnd, MAX)) out.keepAliveMax = n;
    }
    while (p < end && b[p] !== COMMA) p++;
  }
}
