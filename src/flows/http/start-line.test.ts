import { describe, expect, it } from 'vitest';
import { ByteInterner } from './byte-interner';
import { findLf } from './find-lf';
import { classifyStart, parseStartLine, StartKind } from './start-line';
import { bytesOf } from './testing/segments';

const classify = (s: string) => classifyStart(bytesOf(s), 0, s.length);

function parse(s: string) {
  const b = bytesOf(s);
  return parseStartLine(b, 0, findLf(b, 0, b.length), new ByteInterner());
}

describe('classifyStart', () => {
  it('recognises request and status lines from a prefix when it can', () => {
    expect(classify('GET /x')).toBe(StartKind.Request);
    expect(classify('HTTP/1.1 200')).toBe(StartKind.NeedMore);
    expect(classify('HTTP/1.1 200 ')).toBe(StartKind.Response);
    expect(classify('HTTP/1.0 404\r\n')).toBe(StartKind.Response);
    expect(classify('BREW /pot HTTP/1.1\r\n')).toBe(StartKind.Request);
    expect(classify('BREW /pot')).toBe(StartKind.NeedMore);
    expect(classify('GE')).toBe(StartKind.NeedMore);
  });

  it('rejects other protocols and binary data', () => {
    for (const s of [
      '\x16\x03\x01',
      'SSH-2.0-x\r\n',
      'RTSP/1.0 200 OK\r\n',
      'HTTP/2 200\r\n',
      'HTTP/1.1 20x',
      'get / HTTP/1.1\r\n',
      'GET  / HTTP/1.1',
      'EHLO mail\r\n',
      'PRI * HTTP/2.0\r\n',
    ]) {
      expect(classify(s), JSON.stringify(s)).toBe(StartKind.No);
    }
  });
});

describe('parseStartLine', () => {
  it('parses request lines, keeping the target verbatim', () => {
    expect(parse('GET http://h/a?b=<i>c</i> HTTP/1.0\r\n')).toEqual({
      kind: 'request',
      method: 'GET',
      target: 'http://h/a?b=<i>c</i>',
      version: 'HTTP/1.0',
    });
    expect(parse('OPTIONS * HTTP/1.1\n')).toMatchObject({ method: 'OPTIONS', target: '*' });
    expect(parse('CONNECT example.com:443 HTTP/1.1\r\n')).toMatchObject({ target: 'example.com:443' });
  });

  it('parses status lines with, without and with an odd reason phrase', () => {
    expect(parse('HTTP/1.1 200 OK\r\n')).toEqual({
      kind: 'response',
      version: 'HTTP/1.1',
      status: 200,
      reason: 'OK',
    });
    expect(parse('HTTP/1.1 204\r\n')).toMatchObject({ status: 204, reason: '' });
    expect(parse('HTTP/1.0 503 Service  Unavailable \r\n')).toMatchObject({
      status: 503,
      reason: 'Service  Unavailable',
    });
  });

  it('returns null for lines that are not HTTP/1.x', () => {
    expect(parse('GET /\r\n')).toBeNull();
    expect(parse('GET / HTTP/2.0\r\n')).toBeNull();
    expect(parse('HTTP/1.1 2000 OK\r\n')).toBeNull();
  });
});
