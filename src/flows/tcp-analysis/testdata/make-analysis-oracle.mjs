#!/usr/bin/env node
// Writes every case of analysis-cases.json as a pcap (LINKTYPE_RAW IPv4) in a temporary folder, runs
// tshark on it and stores tshark's per-packet tcp.analysis answers in analysis-cases.tshark.json. Only
// tshark's answers are committed, never our own output. Made with tshark 4.0.17 (Debian 12).
// Usage: node src/flows/tcp-analysis/testdata/make-analysis-oracle.mjs
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const spec = JSON.parse(fs.readFileSync(path.join(here, 'analysis-cases.json'), 'utf8'));
const FLAGS = { F: 1, S: 2, R: 4, P: 8, A: 16 };
const FIELDS = [
  'frame.number',
  'tcp.analysis.retransmission',
  'tcp.analysis.fast_retransmission',
  'tcp.analysis.spurious_retransmission',
  'tcp.analysis.out_of_order',
  'tcp.analysis.lost_segment',
  'tcp.analysis.ack_lost_segment',
  'tcp.analysis.duplicate_ack',
  'tcp.analysis.duplicate_ack_num',
  'tcp.analysis.zero_window',
  'tcp.analysis.zero_window_probe',
  'tcp.analysis.zero_window_probe_ack',
  'tcp.analysis.window_full',
  'tcp.analysis.window_update',
  'tcp.analysis.keep_alive',
  'tcp.analysis.keep_alive_ack',
  'tcp.analysis.reused_ports',
  'tcp.analysis.bytes_in_flight',
];

function checksum(b) {
  let s = 0;
  for (let i = 0; i < b.length; i += 2) s += (b[i] << 8) | (b[i + 1] ?? 0);
  while (s >> 16) s = (s & 0xffff) + (s >> 16);
  return ~s & 0xffff;
}

function ipv4(src, dst, l4) {
  const h = Buffer.alloc(20);
  h.writeUInt8(0x45, 0);
  h.writeUInt16BE(20 + l4.length, 2);
  h.writeUInt16BE(1, 4);
  h.writeUInt8(64, 8);
  h.writeUInt8(6, 9);
  Buffer.from(src.split('.').map(Number)).copy(h, 12);
  Buffer.from(dst.split('.').map(Number)).copy(h, 16);
  h.writeUInt16BE(checksum(h), 10);
  return Buffer.concat([h, l4]);
}

/** NOP-padded window scale and SACK options (RFC 7323 §2.2, RFC 2018 §3). */
function options(p) {
  const bytes = [];
  if (p.ws !== undefined) bytes.push(1, 3, 3, p.ws);
  if (p.sack) {
    bytes.push(1, 1, 5, 2 + 8 * p.sack.length);
    for (const [l, r] of p.sack)
      for (const v of [l, r]) bytes.push(v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
  }
  return Buffer.from(bytes);
}

function packet(p) {
  const c = { ip: '10.0.0.1', port: 40000 };
  const s = { ip: '10.0.0.2', port: 80 };
  const [from, to] = p.from === 'c' ? [c, s] : [s, c];
  const opts = options(p);
  const t = Buffer.alloc(20);
  t.writeUInt16BE(from.port, 0);
  t.writeUInt16BE(to.port, 2);
  t.writeUInt32BE((p.seq ?? 0) >>> 0, 4);
  t.writeUInt32BE((p.ack ?? 0) >>> 0, 8);
  t.writeUInt8(((20 + opts.length) / 4) << 4, 12);
  t.writeUInt8(
    [...p.flags].reduce((a, f) => a | FLAGS[f], 0),
    13,
  );
  t.writeUInt16BE(p.win ?? 1000, 14);
  return ipv4(from.ip, to.ip, Buffer.concat([t, opts, Buffer.alloc(p.len ?? 0, 0x78)]));
}

function pcap(packets) {
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(65535, 16);
  head.writeUInt32LE(101, 20);
  let t = 0;
  const recs = packets.map((p, i) => {
    t = p.t ?? (i === 0 ? 0 : t + 10);
    const b = packet(p);
    const r = Buffer.alloc(16);
    r.writeUInt32LE(1_700_000_000 + Math.floor(t / 1000), 0);
    r.writeUInt32LE((t % 1000) * 1000, 4);
    r.writeUInt32LE(b.length, 8);
    r.writeUInt32LE(b.length, 12);
    return Buffer.concat([r, b]);
  });
  return Buffer.concat([head, ...recs]);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wirelens-analysis-'));
const out = {
  tshark: execFileSync('tshark', ['--version'], { encoding: 'utf8' }).split('\n')[0],
  fields: FIELDS,
  cases: [],
};
for (const [i, c] of spec.cases.entries()) {
  const file = path.join(dir, `case-${i}.pcap`);
  fs.writeFileSync(file, pcap(c.packets));
  const args = ['-n', '-r', file, '-T', 'fields', '-E', 'occurrence=l', '-E', 'separator=/t'];
  for (const f of FIELDS) args.push('-e', f);
  const text = execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  out.cases.push({
    name: c.name,
    rows: text
      .replace(/\n+$/, '')
      .split('\n')
      .map((l) => l.split('\t')),
  });
}
fs.rmSync(dir, { recursive: true });
fs.writeFileSync(path.join(here, 'analysis-cases.tshark.json'), `${JSON.stringify(out, null, 1)}\n`);
console.error(`wrote ${out.cases.length} cases`);
