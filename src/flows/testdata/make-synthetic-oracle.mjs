#!/usr/bin/env node
// Writes every case of synthetic-cases.json as a pcap (LINKTYPE_RAW IPv4) in a temporary folder, runs
// tshark on it and stores tshark's per-packet answers in synthetic-cases.tshark.json (only tshark's
// answers are committed, never our own output). Made with tshark 4.0.17 (Debian 12).
// Usage: node src/flows/testdata/make-synthetic-oracle.mjs
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const spec = JSON.parse(fs.readFileSync(path.join(here, 'synthetic-cases.json'), 'utf8'));
const FLAGS = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16, URG: 32 };
const FIELDS = [
  'frame.number',
  'tcp.stream',
  'udp.stream',
  'tcp.analysis.reused_ports',
  'tcp.seq',
  'tcp.ack',
  'tcp.window_size',
];

function checksum(b) {
  let s = 0;
  for (let i = 0; i < b.length; i += 2) s += (b[i] << 8) | (b[i + 1] ?? 0);
  while (s >> 16) s = (s & 0xffff) + (s >> 16);
  return ~s & 0xffff;
}

function ipv4(proto, src, dst, l4) {
  const h = Buffer.alloc(20);
  h.writeUInt8(0x45, 0);
  h.writeUInt16BE(20 + l4.length, 2);
  h.writeUInt16BE(1, 4);
  h.writeUInt8(64, 8);
  h.writeUInt8(proto, 9);
  Buffer.from(src.split('.').map(Number)).copy(h, 12);
  Buffer.from(dst.split('.').map(Number)).copy(h, 16);
  h.writeUInt16BE(checksum(h), 10);
  return Buffer.concat([h, l4]);
}

function packet(p) {
  const c = { ip: '10.0.0.1', port: p.cport ?? 1000 };
  const s = { ip: '10.0.0.2', port: p.sport ?? 80 };
  const [from, to] = p.from === 'c' ? [c, s] : [s, c];
  const payload = p.payloadHex ? Buffer.from(p.payloadHex, 'hex') : Buffer.alloc(p.len ?? 0, 0x78);
  if (p.proto === 'udp') {
    const u = Buffer.alloc(8);
    u.writeUInt16BE(from.port, 0);
    u.writeUInt16BE(to.port, 2);
    u.writeUInt16BE(8 + payload.length, 4);
    return ipv4(17, from.ip, to.ip, Buffer.concat([u, payload]));
  }
  const opts = p.ws === undefined ? Buffer.alloc(0) : Buffer.from([1, 3, 3, p.ws]);
  const hlen = p.hlen ?? 20 + opts.length;
  const t = Buffer.alloc(20);
  t.writeUInt16BE(from.port, 0);
  t.writeUInt16BE(to.port, 2);
  t.writeUInt32BE((p.seq ?? 0) >>> 0, 4);
  t.writeUInt32BE((p.ack ?? 0) >>> 0, 8);
  t.writeUInt8((hlen / 4) << 4, 12);
  t.writeUInt8(
    p.flags.split(',').reduce((a, f) => a | FLAGS[f], 0),
    13,
  );
  t.writeUInt16BE(p.win ?? 1000, 14);
  return ipv4(6, from.ip, to.ip, Buffer.concat([t, opts, payload]));
}

function pcap(packets) {
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(65535, 16);
  head.writeUInt32LE(101, 20);
  const recs = packets.map((p, i) => {
    const r = Buffer.alloc(16);
    r.writeUInt32LE(1_700_000_000 + i, 0);
    r.writeUInt32LE(p.length, 8);
    r.writeUInt32LE(p.length, 12);
    return Buffer.concat([r, p]);
  });
  return Buffer.concat([head, ...recs]);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wirelens-synth-'));
const out = {
  tshark: execFileSync('tshark', ['--version'], { encoding: 'utf8' }).split('\n')[0],
  fields: FIELDS,
  cases: [],
};
for (const [i, c] of spec.cases.entries()) {
  const file = path.join(dir, `case-${i}.pcap`);
  fs.writeFileSync(file, pcap(c.packets.map(packet)));
  const args = ['-n', '-r', file, '-T', 'fields', '-E', 'occurrence=l', '-E', 'separator=/t'];
  for (const f of FIELDS) args.push('-e', f);
  const text = execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  out.cases.push({
    name: c.name,
    rows: text
      .trimEnd()
      .split('\n')
      .map((l) => l.split('\t')),
  });
}
fs.rmSync(dir, { recursive: true });
fs.writeFileSync(path.join(here, 'synthetic-cases.tshark.json'), `${JSON.stringify(out, null, 1)}\n`);
console.error(`wrote ${out.cases.length} cases`);
