import { describe, expect, it } from 'vitest';
import { sniff } from './sniff';
import { buildPcap, buildPcapng, zstdStored } from './testing/build';
import { readError } from './testing/read';

const ascii = (s: string) => new TextEncoder().encode(s);
const bytes = (...b: number[]) => Uint8Array.from(b);
const message = (b: Uint8Array) => {
  const s = sniff(b);
  return s.kind === 'other' ? `${s.error}: ${s.message}` : s.kind;
};

describe('sniff', () => {
  it('recognises all pcap magics in both byte orders, and pcapng in both', () => {
    for (const le of [true, false]) {
      for (const v of [{}, { nano: true }, { modified: true }]) {
        expect(sniff(buildPcap({ le, ...v, records: [] })).kind).toBe('pcap');
      }
      expect(sniff(buildPcapng([{ type: 'shb', le }])).kind).toBe('pcapng');
    }
  });

  it('recognises gzip and zstd by magic', async () => {
    expect(sniff(bytes(0x1f, 0x8b, 8, 0)).kind).toBe('gzip');
    expect(sniff(zstdStored(ascii('x'))).kind).toBe('zstd');
  });

  it('calls a pcapng start with a wrong byte-order magic damaged', () => {
    expect(message(bytes(0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 1, 2, 3, 4))).toMatch(
      /^corrupt: .*byte-order magic is wrong/,
    );
  });

  it.each([
    [
      bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0),
      'not-a-capture: this is a PNG image, not a packet capture',
    ],
    [bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16), 'not-a-capture: this is a JPEG image, not a packet capture'],
    [ascii('GIF89a....'), 'not-a-capture: this is a GIF image, not a packet capture'],
    [ascii('%PDF-1.7\n'), 'not-a-capture: this is a PDF document, not a packet capture'],
    [
      bytes(0x50, 0x4b, 3, 4, 20, 0),
      'not-a-capture: this is a ZIP archive, not a packet capture: unpack it first',
    ],
    [
      bytes(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1),
      'not-a-capture: this is an ELF executable, not a packet capture',
    ],
    [
      ascii('BZh91AY&SY'),
      'not-a-capture: this is bzip2-compressed data, not a packet capture: Wirelens reads gzip and zstd compressed captures; decompress it first',
    ],
  ])('names a common non-capture file: %#', (b, expected) => {
    expect(message(b)).toBe(expected);
  });

  it.each([
    [ascii('snoop\0\0\0\0\0\0\x02\0\0\0\x04'), 'Solaris snoop'],
    [ascii('GMBU\0\x02'), 'Microsoft Network Monitor 2.x'],
    [ascii('btsnoop\0\0\0\0\x01'), 'btsnoop (Bluetooth HCI)'],
    [bytes(0xaa, 0xaa, 0xaa, 0xaa, 0, 0), 'Accellent 5Views'],
  ])('names a capture format Wireshark reads and Wirelens does not: %#', (b, what) => {
    expect(message(b)).toMatch(
      new RegExp(
        `^unsupported: this is an? ${what.replace(/[()]/g, '\\$&')} capture, a format Wireshark reads that Wirelens does not read yet`,
      ),
    );
  });

  it("recognises tcpdump's text output (wiresharkwiki__packetout.pcap)", () => {
    const text =
      '19:59:32.595590 00:50:56:5c:70:32 > ff:ff:ff:ff:ff:ff, ethertype IPv4 (0x0800),\r\nlength 102: IP (tos 0x0)\r\n';
    expect(message(ascii(text))).toBe(
      "not-a-capture: this looks like tcpdump's text output, not a capture file: save with tcpdump -w",
    );
    expect(message(ascii('2024-05-01 10:00:00.123456 IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [S]\n'))).toMatch(
      /tcpdump's text/,
    );
  });

  it("recognises tshark's text and JSON outputs, HTML, JSON and plain text", () => {
    expect(message(ascii('    1   0.000000 10.0.0.1 → 10.0.0.2 TCP 74 80 → 5000 [SYN]\n'))).toMatch(
      /tshark's or Wireshark's text output/,
    );
    expect(message(ascii('[\n  {\n    "_index": "packets",\n    "_source": {\n      "layers": {'))).toMatch(
      /tshark's JSON output/,
    );
    expect(message(ascii('<!DOCTYPE html><html>'))).toBe(
      'not-a-capture: this is an HTML page, not a packet capture',
    );
    expect(message(ascii('{"a": 1}'))).toBe('not-a-capture: this is JSON text, not a packet capture');
    expect(message(ascii('just some notes\n'))).toBe(
      'not-a-capture: this is plain text, not a packet capture',
    );
  });

  it('says so when nothing matches, and when the file is empty', () => {
    expect(message(bytes(1, 2, 3, 0, 250, 251))).toMatch(
      /^not-a-capture: this is not a packet capture: it starts with bytes 01 02 03 00 fa fb/,
    );
    expect(message(new Uint8Array(0))).toBe('not-a-capture: the file is empty');
  });

  it('makes readCapture throw a not-a-capture CaptureError with the message', async () => {
    const e = await readError(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a));
    expect(e.kind).toBe('not-a-capture');
    expect(e.message).toBe('this is a PNG image, not a packet capture');
  });
});
