import { describe, expect, it } from 'vitest';
import { ByteInterner } from './byte-interner';
import {
  BAD_LENGTH,
  CandidateLines,
  findHeaderEnd,
  HeaderFields,
  NO_LENGTH,
  readHeaderFields,
} from './header-block';
import { bytesOf } from './testing/segments';

function fields(headerLines: string): HeaderFields {
  const b = bytesOf(`${headerLines}\r\n`);
  const out = new HeaderFields();
  readHeaderFields(b, 0, b.length, new ByteInterner(), out);
  return out;
}

describe('findHeaderEnd', () => {
  it('finds CRLFCRLF and bare LFLF, and nothing in an unfinished section', () => {
    expect(findHeaderEnd(bytesOf('GET / HTTP/1.1\r\nA: b\r\n\r\nbody'), 0, 28)).toBe(24);
    expect(findHeaderEnd(bytesOf('GET / HTTP/1.1\nA: b\n\nbody'), 0, 25)).toBe(21);
    expect(findHeaderEnd(bytesOf('GET / HTTP/1.1\r\nA: b\r\n\r'), 0, 23)).toBe(-1);
  });

  it('does not look past `end`', () => {
    const b = bytesOf('GET / HTTP/1.1\r\n\r\n');
    expect(findHeaderEnd(b, 0, 17)).toBe(-1);
    expect(findHeaderEnd(b, 0, 18)).toBe(18);
  });

  it('notes only the lines that can hold a field it reads', () => {
    const text =
      'GET / HTTP/1.1\r\nHost: h\r\nconnection: close\r\nAccept: */*\r\nTransfer-Encoding: chunked\r\n\r\n';
    const lines = new CandidateLines();
    const b = bytesOf(text);
    expect(findHeaderEnd(b, 0, b.length, 0, lines)).toBe(b.length);
    expect(Array.from(lines.at.subarray(0, lines.count))).toEqual([
      text.indexOf('connection'),
      text.indexOf('Transfer'),
    ]);
  });
});

describe('readHeaderFields', () => {
  it('reads Content-Length, accepting a repeated identical value (RFC 9110 §8.6)', () => {
    expect(fields('Content-Length: 42').contentLength).toBe(42);
    expect(fields('content-length:7\r\nContent-Length: 7').contentLength).toBe(7);
    expect(fields('Content-Length: 5, 5').contentLength).toBe(5);
    expect(fields('Host: x').contentLength).toBe(NO_LENGTH);
  });

  it('rejects differing, signed, empty or non-numeric lengths (RFC 9112 §6.3 item 5)', () => {
    for (const bad of [
      'Content-Length: 5, 6',
      'Content-Length: 5\r\nContent-Length: 6',
      'Content-Length: -1',
      'Content-Length:',
      'Content-Length: 1e3',
      'Content-Length: 99999999999999999999',
    ]) {
      expect(fields(bad).contentLength, bad).toBe(BAD_LENGTH);
    }
  });

  it('treats the body as chunked only when chunked is the final coding (RFC 9112 §6.1)', () => {
    expect(fields('Transfer-Encoding: gzip, Chunked')).toMatchObject({
      transferEncoding: true,
      chunked: true,
    });
    expect(fields('Transfer-Encoding: chunked, gzip')).toMatchObject({
      transferEncoding: true,
      chunked: false,
    });
    expect(fields('Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked;x=1')).toMatchObject({
      chunked: true,
    });
  });

  it('reads Connection lower-cased and joins repeated ones, and Keep-Alive parameters', () => {
    expect(fields('Connection: Keep-Alive\r\nKeep-Alive: Timeout=15, MAX="100"')).toMatchObject({
      connection: 'keep-alive',
      keepAliveTimeout: 15,
      keepAliveMax: 100,
    });
    expect(fields('Connection: Upgrade\r\nconnection: close').connection).toBe('upgrade, close');
    expect(fields('Keep-Alive: max=5').keepAliveTimeout).toBeUndefined();
  });

  it('ignores names with whitespace before the colon and folded continuation lines', () => {
    expect(fields('Content-Length : 5').contentLength).toBe(NO_LENGTH);
    expect(fields('X-A: a\r\n Content-Length: 5').contentLength).toBe(NO_LENGTH);
  });
});
