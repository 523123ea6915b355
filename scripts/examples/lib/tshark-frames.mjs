// What tshark sees in a capture: one row per frame with the TCP and HTTP fields the checks need.
// TCP reassembly is switched off so an HTTP request or status line is reported on the segment that
// starts it (the frame the ladder labels), not on the segment that completes the message.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const FIELDS = [
  'frame.number',
  'frame.time_relative',
  'tcp.stream',
  'ip.src',
  'ipv6.src',
  'ip.dst',
  'ipv6.dst',
  'tcp.srcport',
  'tcp.dstport',
  'tcp.flags',
  'tcp.len',
  'tcp.seq',
  'tcp.ack',
  'http.request.method',
  'http.request.uri',
  'http.request.version',
  'http.response.version',
  'http.response.code',
  'http.response.phrase',
];

/** TCP flag names in header bit order (RFC 9293 section 3.1), as the app's data-flags writes them. */
const FLAG_BITS = [
  ['FIN', 0x001],
  ['SYN', 0x002],
  ['RST', 0x004],
  ['PSH', 0x008],
  ['ACK', 0x010],
  ['URG', 0x020],
  ['ECE', 0x040],
  ['CWR', 0x080],
  ['NS', 0x100],
];
export const TCP = Object.fromEntries(FLAG_BITS);

export function flagNames(bits) {
  return FLAG_BITS.filter(([, b]) => bits & b)
    .map(([n]) => n)
    .join(',');
}

/** `ip:port`, IPv6 in brackets: the form src/capture/address-table.ts endpoint() prints. */
export function endpoint(ip, port) {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/**
 * @typedef {{ frame: number, t: number, stream: number, src: string, dst: string, flags: number,
 *   len: number, seq: number, ack: number, http: string | null, method: string | null,
 *   status: number | null }} Frame
 */

/** Reads `file` with tshark; `httpPorts` are decoded as HTTP. @returns {Frame[]} */
export function tsharkFrames(file, httpPorts) {
  const args = [
    '-r',
    file,
    '-n',
    '-o',
    'tcp.desegment_tcp_streams:FALSE',
    '-o',
    'tcp.relative_sequence_numbers:TRUE',
  ];
  for (const p of httpPorts) args.push('-d', `tcp.port==${p},http`);
  args.push('-T', 'fields', '-E', 'occurrence=f', '-E', 'separator=\t');
  for (const f of FIELDS) args.push('-e', f);
  // stderr piped: tshark warns about running as root on every call.
  const out = execFileSync('tshark', args, {
    encoding: 'utf8',
    timeout: 30_000,
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return out
    .split('\n')
    .filter((l) => l.length > 0)
    .map(parseRow);
}

function parseRow(line) {
  const c = line.split('\t');
  const v = (name) => c[FIELDS.indexOf(name)] ?? '';
  const method = v('http.request.method') || null;
  const status = v('http.response.code') ? Number(v('http.response.code')) : null;
  let http = null;
  if (method) http = `${method} ${v('http.request.uri')} ${v('http.request.version')}`;
  else if (status !== null)
    http = `${v('http.response.version')} ${status} ${v('http.response.phrase')}`.trim();
  return {
    frame: Number(v('frame.number')),
    t: Number(v('frame.time_relative')),
    stream: v('tcp.stream') === '' ? -1 : Number(v('tcp.stream')),
    src: endpoint(v('ip.src') || v('ipv6.src'), v('tcp.srcport')),
    dst: endpoint(v('ip.dst') || v('ipv6.dst'), v('tcp.dstport')),
    flags: Number.parseInt(v('tcp.flags') || '0', 16),
    len: Number(v('tcp.len') || 0),
    seq: Number(v('tcp.seq') || 0),
    ack: Number(v('tcp.ack') || 0),
    http,
    method,
    status,
  };
}

const LINK_TYPES = {
  1: 'EN10MB (Ethernet)',
  113: 'LINUX_SLL (Linux cooked v1)',
  276: 'LINUX_SLL2 (Linux cooked v2)',
};

/** The link type in a classic pcap file header (tcpdump writes pcap in host byte order). */
export function pcapLinkType(file) {
  const h = readFileSync(file).subarray(0, 24);
  const magic = h.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const lt = le ? h.readUInt32LE(20) : h.readUInt32BE(20);
  const nano = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
  return { linkType: lt, linkTypeName: LINK_TYPES[lt] ?? `link type ${lt}`, nanosecond: nano };
}
