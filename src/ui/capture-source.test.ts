import { describe, expect, it } from 'vitest';
import { shareLink, withSource } from './capture-source';

const page = 'https://tools.example.org/wirelens/?example=old#stream=3&frame=17';

describe('capture links', () => {
  it('names an example and keeps the selected packet', () => {
    expect(shareLink({ kind: 'example', id: 'keepalive-race' }, page)).toBe(
      'https://tools.example.org/wirelens/?example=keepalive-race#stream=3&frame=17',
    );
  });

  it('names a URL, encoded, in place of an example', () => {
    const link = shareLink({ kind: 'url', url: 'https://files.example.com/a b.pcap?sig=1&x=2' }, page);
    expect(link).toBe(
      'https://tools.example.org/wirelens/?url=https%3A%2F%2Ffiles.example.com%2Fa+b.pcap%3Fsig%3D1%26x%3D2#stream=3&frame=17',
    );
    // The page reads it back unchanged.
    expect(new URL(link ?? '').searchParams.get('url')).toBe('https://files.example.com/a b.pcap?sig=1&x=2');
  });

  it('has no link for a local file, and a file clears the source from the address', () => {
    expect(shareLink({ kind: 'file' }, page)).toBeNull();
    expect(withSource(page, { kind: 'file' })).toBe('https://tools.example.org/wirelens/#stream=3&frame=17');
  });
});
