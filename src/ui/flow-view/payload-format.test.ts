import { describe, expect, it } from 'vitest';
import { escapeBytes, hexDump } from './payload-format';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('payload format', () => {
  it('escapes control bytes and breaks lines after \\n, keeping markup as plain text', () => {
    expect(escapeBytes(bytes('GET /<b>x</b> HTTP/1.1\r\nHost: a\r\n\r\n'))).toBe(
      'GET /<b>x</b> HTTP/1.1\\r\\n\nHost: a\\r\\n\n\\r\\n\n',
    );
    expect(escapeBytes(new Uint8Array([0, 9, 0x5c, 0xff]))).toBe('\\x00\\t\\\\\\xff');
  });

  it('dumps hex like xxd: offset, two groups of eight, ASCII', () => {
    const dump = hexDump(bytes('HTTP/1.1 200 OK\r\nA'));
    expect(dump.split('\n')).toEqual([
      '0000  48 54 54 50 2f 31 2e 31  20 32 30 30 20 4f 4b 0d  HTTP/1.1 200 OK.',
      '0010  0a 41                                             .A',
    ]);
  });
});
