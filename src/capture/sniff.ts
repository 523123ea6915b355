// Format detection by content (never by file name): the captures Wirelens reads, the compressions
// it undoes, and — so the message can say what the user dropped — common files that are not
// captures and capture formats Wireshark reads that Wirelens does not read yet.
import { pcapVariant } from './pcap';
import type { CaptureErrorKind } from './types';

export type Sniffed =
  | { kind: 'pcap' | 'pcapng' | 'gzip' | 'zstd' }
  | { kind: 'other'; error: CaptureErrorKind; message: string };

/** Bytes of the file start the sniffer looks at (fewer when the file is shorter). */
export const SNIFF_BYTES = 1024;

interface Signature {
  test: (b: Uint8Array) => boolean;
  /** What the file is, e.g. "a PNG image". */
  what: string;
  /** A capture format Wireshark reads (message says so) rather than some other file. */
  capture?: boolean;
  /** Extra advice appended to the message. */
  hint?: string;
}

const at =
  (s: string, offset = 0) =>
  (b: Uint8Array) =>
    startsWith(b, s, offset);
const hex =
  (h: string, offset = 0) =>
  (b: Uint8Array) =>
    startsWithBytes(b, h, offset);

const UNZIP = 'unpack it first';
const DECOMPRESS = 'Wirelens reads gzip and zstd compressed captures; decompress it first';

const SIGNATURES: Signature[] = [
  { test: hex('89504e470d0a1a0a'), what: 'a PNG image' },
  { test: hex('ffd8ff'), what: 'a JPEG image' },
  { test: (b) => at('GIF87a')(b) || at('GIF89a')(b), what: 'a GIF image' },
  { test: (b) => at('RIFF')(b) && at('WEBP', 8)(b), what: 'a WebP image' },
  { test: at('%PDF-'), what: 'a PDF document' },
  { test: (b) => hex('504b0304')(b) || hex('504b0506')(b), what: 'a ZIP archive', hint: UNZIP },
  { test: hex('377abcaf271c'), what: 'a 7-Zip archive', hint: UNZIP },
  { test: at('Rar!\x1a\x07'), what: 'a RAR archive', hint: UNZIP },
  { test: at('ustar', 257), what: 'a tar archive', hint: UNZIP },
  { test: at('BZh'), what: 'bzip2-compressed data', hint: DECOMPRESS },
  { test: hex('fd377a585a00'), what: 'xz-compressed data', hint: DECOMPRESS },
  { test: hex('04224d18'), what: 'LZ4-compressed data', hint: DECOMPRESS },
  { test: hex('7f454c46'), what: 'an ELF executable' },
  { test: at('MZ'), what: 'a Windows executable' },
  { test: at('SQLite format 3\0'), what: 'an SQLite database' },
  // Capture formats of other tools, with the magic numbers Wireshark's wiretap/ readers check.
  { test: at('snoop\0\0\0'), what: 'a Solaris snoop', capture: true },
  { test: at('GMBU'), what: 'a Microsoft Network Monitor 2.x', capture: true },
  { test: at('RTSS'), what: 'a Microsoft Network Monitor 1.x', capture: true },
  { test: at('btsnoop\0'), what: 'a btsnoop (Bluetooth HCI)', capture: true },
  { test: hex('aaaaaaaa'), what: 'an Accellent 5Views', capture: true },
  { test: at('XCP\0'), what: 'a NetXRay / Windows Sniffer', capture: true },
  { test: at('TRSNIFF data    \x1a'), what: 'a Sniffer (DOS)', capture: true },
  { test: (b) => at('iptrace 1.0')(b) || at('iptrace 2.0')(b), what: 'an AIX iptrace', capture: true },
  { test: at('ObserverPktBuffer'), what: 'a Viavi Observer', capture: true },
  { test: hex('05564e46'), what: 'a Visual Networks', capture: true },
  { test: at('EyeSDN'), what: 'an EyeSDN', capture: true },
  { test: hex('5452006400'), what: 'an HP-UX nettl', capture: true },
  { test: hex('0000020012050010'), what: 'a Tektronix K12', capture: true },
  { test: hex('7f766572'), what: 'a Savvius *Peek tagged', capture: true },
  { test: at('LOGG'), what: 'a Vector BLF', capture: true },
  { test: at('Session Transcript'), what: 'a Catapult DCT2000', capture: true },
  { test: at('#Format='), what: 'a Daintree SNA', capture: true },
  { test: looksLikeEtl, what: 'a Windows ETL (Event Tracing for Windows)', capture: true },
];

/** What the first bytes of a file (up to SNIFF_BYTES) say it is. */
export function sniff(head: Uint8Array): Sniffed {
  if (head.length === 0) return other('not-a-capture', 'the file is empty');
  if (pcapVariant(head)) return { kind: 'pcap' };
  if (startsWithBytes(head, '0a0d0d0a')) return sniffPcapng(head);
  if (startsWithBytes(head, '1f8b')) return { kind: 'gzip' };
  if (startsWithBytes(head, '28b52ffd')) return { kind: 'zstd' };
  for (const s of SIGNATURES) {
    if (s.test(head)) return other(s.capture ? 'unsupported' : 'not-a-capture', messageFor(s));
  }
  const text = describeText(head);
  if (text) return other('not-a-capture', text);
  if (looksLikeErf(head)) {
    return other(
      'unsupported',
      'this looks like an Endace ERF capture, a format Wireshark reads that Wirelens does not read yet; convert it with editcap -F pcapng',
    );
  }
  return other(
    'not-a-capture',
    `this is not a packet capture: it starts with bytes ${toHex(head.subarray(0, 8))}, which no capture format Wirelens knows starts with`,
  );
}

function sniffPcapng(head: Uint8Array): Sniffed {
  if (head.length < 12) return { kind: 'pcapng' }; // the reader reports the file as cut short
  if (startsWithBytes(head, '1a2b3c4d', 8) || startsWithBytes(head, '4d3c2b1a', 8)) return { kind: 'pcapng' };
  return other(
    'corrupt',
    'this starts like a pcapng file, but its byte-order magic is wrong: the file is damaged',
  );
}

function messageFor(s: Signature): string {
  if (s.capture) {
    return `this is ${s.what} capture, a format Wireshark reads that Wirelens does not read yet; convert it with editcap -F pcapng`;
  }
  return `this is ${s.what}, not a packet capture${s.hint ? `: ${s.hint}` : ''}`;
}

function other(error: CaptureErrorKind, message: string): Sniffed {
  return { kind: 'other', error, message };
}

/** Text files: the text outputs of capture tools get a specific message. */
function describeText(head: Uint8Array): string | null {
  if (!isText(head)) return null;
  const s = new TextDecoder().decode(head).replace(/^\ufeff/, '');
  const lines = s.split(/\r?\n/);
  const t = s.trimStart().toLowerCase();
  // tcpdump prints "HH:MM:SS.ffffff" (or -tttt's date, or -tt's epoch) at the start of each packet.
  if (
    lines.some(
      (l) =>
        /^(\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d\.\d{6,9} \S/.test(l) ||
        /^\d{9,10}\.\d{6,9} (IP6?|ARP|\S+ >) /.test(l),
    )
  ) {
    return "this looks like tcpdump's text output, not a capture file: save with tcpdump -w";
  }
  if (lines.some((l) => /^\s*\d+\s+-?\d+\.\d+\s+\S+\s+(→|->)\s+\S+/.test(l))) {
    return "this looks like tshark's or Wireshark's text output, not a capture file: save the capture itself (File › Save As, or tshark -w)";
  }
  if (lines.filter((l) => /^[0-9a-f]{4,8}\s+([0-9a-f]{2}\s){4}/i.test(l)).length >= 2) {
    return 'this looks like a hex dump, not a capture file: convert it with text2pcap';
  }
  if (t.startsWith('<pdml') || t.includes('<pdml'))
    return "this is Wireshark's PDML (XML) export, not a capture file";
  if (t.startsWith('<!doctype html') || t.startsWith('<html'))
    return 'this is an HTML page, not a packet capture';
  if (t.startsWith('<?xml') || t.startsWith('<')) return 'this is an XML document, not a packet capture';
  if (t.startsWith('{') || t.startsWith('[')) {
    return t.includes('"_source"') || t.includes('"layers"')
      ? "this is tshark's JSON output, not a capture file: save the capture itself with tshark -w"
      : 'this is JSON text, not a packet capture';
  }
  return 'this is plain text, not a packet capture';
}

/** Valid UTF-8 (a character cut at the end of the head is fine), no NUL, few control characters. */
function isText(b: Uint8Array): boolean {
  let control = 0;
  for (const c of b) {
    if (c === 0) return false;
    if (c < 9 || (c > 13 && c < 32) || c === 127) control++;
  }
  if (control * 20 > b.length) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * ERF has no magic number. As Wireshark's erf_open() does, check that the first records have a
 * known type, a record length of at least the 16-byte header, and a plausible wire length.
 */
function looksLikeErf(b: Uint8Array): boolean {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let o = 0;
  let records = 0;
  while (o + 16 <= b.length && records < 3) {
    const type = dv.getUint8(o + 8) & 0x7f;
    const rlen = dv.getUint16(o + 10);
    const wlen = dv.getUint16(o + 14);
    if (
      type === 0 ||
      type > 48 ||
      rlen < 16 ||
      wlen === 0 ||
      wlen > 16384 ||
      (dv.getUint8(o + 9) & 0x80) !== 0
    )
      return false;
    o += rlen;
    records++;
  }
  return records >= 2;
}

/**
 * ETL: a WMI_BUFFER_HEADER (72 bytes) whose BufferSize is a multiple of 1 KiB, then the logfile
 * header's SYSTEM_TRACE_HEADER: HeaderType 1 or 2 (system trace, 32/64-bit), flags 0xC0.
 */
function looksLikeEtl(b: Uint8Array): boolean {
  if (b.length < 0x4c) return false;
  const size = ((b[0] ?? 0) | ((b[1] ?? 0) << 8) | ((b[2] ?? 0) << 16) | ((b[3] ?? 0) << 24)) >>> 0;
  return size >= 4096 && size % 1024 === 0 && (b[0x4a] === 1 || b[0x4a] === 2) && b[0x4b] === 0xc0;
}

function startsWith(b: Uint8Array, s: string, offset = 0): boolean {
  if (b.length < offset + s.length) return false;
  for (let i = 0; i < s.length; i++) if (b[offset + i] !== s.charCodeAt(i)) return false;
  return true;
}

function startsWithBytes(b: Uint8Array, h: string, offset = 0): boolean {
  const n = h.length / 2;
  if (b.length < offset + n) return false;
  for (let i = 0; i < n; i++)
    if (b[offset + i] !== Number.parseInt(h.slice(2 * i, 2 * i + 2), 16)) return false;
  return true;
}

function toHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}
