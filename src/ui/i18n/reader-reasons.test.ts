// The reader's reasons, as sniff() really words them for files that are not captures, read in Chinese;
// words the page does not know stay as the reader wrote them.
import { describe, expect, it } from 'vitest';
import { sniff } from '../../capture/sniff';
import { readerReason } from './reader-reasons';

const HAN = /[\u4e00-\u9fff]/;
const bytes = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
const text = (s: string) => new TextEncoder().encode(s);

const FILES: [string, Uint8Array][] = [
  ['empty', new Uint8Array(0)],
  ['PNG', bytes('89504e470d0a1a0a0000000d49484452')],
  ['ZIP', bytes('504b030414000000080000000000')],
  ['bzip2', text('BZh91AY&SY')],
  ['ELF', bytes('7f454c46020101000000000000000000')],
  ['snoop', text('snoop\0\0\0\0\0\0\x02\0\0\0\x04')],
  ['plain text', text('these are my notes, not a capture\n'.repeat(4))],
  ['HTML', text('<!doctype html><html><body>hi</body></html>')],
  ['JSON', text('{"a": 1, "b": [1, 2, 3]}')],
  ['unknown bytes', bytes('0102030405060708090a0b0c0d0e0f10')],
];

function messageOf(head: Uint8Array): string {
  const s = sniff(head);
  if (!('message' in s) || typeof s.message !== 'string') throw new Error(`sniffed as ${s.kind}`);
  return s.message;
}

describe('readerReason', () => {
  it.each(FILES)('%s: the reader’s reason in Chinese', (_, head) => {
    const message = messageOf(head);
    const zh = readerReason('zh-CN', message);
    expect(zh.original, message).toBeNull();
    expect(zh.text).toMatch(HAN);
    expect(readerReason('en', message)).toEqual({ text: message, original: null });
  });

  it('keeps the compression it was found in', () => {
    const zh = readerReason('zh-CN', 'inside its gzip compression, this is plain text, not a packet capture');
    expect(zh).toEqual({ text: '（gzip 压缩之内）这是纯文本，不是抓包文件', original: null });
  });

  it('shows words it does not know as the reader wrote them', () => {
    const m = 'pcapng block at offset 24 has length 7, not a multiple of 4';
    expect(readerReason('zh-CN', m)).toEqual({ text: '读取器的原始说明：', original: m });
  });
});
