// Stream numbering, port reuse, relative seq/ack and window scaling on hand-made packet sequences,
// against tshark 4.0's answers for the same packets (testdata/synthetic-cases.tshark.json, written by
// testdata/make-synthetic-oracle.mjs from testdata/synthetic-cases.json).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Decode } from '../capture/packet-table';
import { flowsToJson, type PacketJson } from './flow-json';
import { Analysis } from './model';
import { TableBuilder } from './testing/table-builder';

interface PacketSpec {
  proto?: 'udp';
  from: 'c' | 's';
  flags?: string;
  seq?: number;
  ack?: number;
  len?: number;
  win?: number;
  ws?: number;
  hlen?: number;
  cport?: number;
  sport?: number;
  payloadHex?: string;
}

const read = (name: string) =>
  JSON.parse(readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8'));
const spec: { cases: { name: string; packets: PacketSpec[] }[] } = read('synthetic-cases.json');
const oracle: { fields: string[]; cases: { name: string; rows: string[][] }[] } = read(
  'synthetic-cases.tshark.json',
);

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
}

function run(packets: PacketSpec[]) {
  const b = new TableBuilder();
  for (const p of packets) {
    const c = b.endpoint('10.0.0.1', p.cport ?? 1000);
    const s = b.endpoint('10.0.0.2', p.sport ?? 80);
    const [from, to] = p.from === 'c' ? [c, s] : [s, c];
    const payload = p.payloadHex ? hexBytes(p.payloadHex) : undefined;
    const seg = { seq: p.seq, ack: p.ack, len: p.len, win: p.win, wscale: p.ws, payload };
    if (p.proto === 'udp') b.udp(from, to, seg);
    else
      b.tcp(from, to, p.flags ?? '', {
        ...seg,
        decode: p.hlen !== undefined && p.hlen < 20 ? Decode.Malformed : 0,
      });
  }
  const set = b.run();
  const byFrame = new Map<number, PacketJson>();
  for (const f of flowsToJson(set, b.table, { packets: true }))
    for (const p of f.packets ?? []) byFrame.set(p.frame, p);
  return { set, byFrame };
}

describe('hand-made sequences agree with tshark 4.0', () => {
  const col = (name: string) => oracle.fields.indexOf(name);
  for (const [i, c] of spec.cases.entries()) {
    const answers = oracle.cases[i];
    it(c.name, () => {
      expect(answers?.name).toBe(c.name);
      const { set, byFrame } = run(c.packets);
      for (const [r, row] of (answers?.rows ?? []).entries()) {
        const flow = set.flows[set.columns.flow[r] ?? -1];
        const at = `frame ${r + 1}`;
        const tcpStream = row[col('tcp.stream')] ?? '';
        const udpStream = row[col('udp.stream')] ?? '';
        const mine = flow ? String(flow.stream) : '';
        expect(flow?.transport === 'tcp' ? mine : '', `${at} tcp.stream`).toBe(tcpStream);
        expect(flow?.transport === 'udp' ? mine : '', `${at} udp.stream`).toBe(udpStream);
        if (tcpStream === '') continue;
        const reused = ((set.columns.analysis[r] ?? 0) & Analysis.PortReused) !== 0;
        expect(reused ? '1' : '', `${at} reused_ports`).toBe(row[col('tcp.analysis.reused_ports')] ?? '');
        const p = byFrame.get(r + 1);
        expect(String(p?.seq), `${at} tcp.seq`).toBe(row[col('tcp.seq')]);
        const ack = row[col('tcp.ack')] ?? '';
        if (ack !== '') expect(String(p?.ack), `${at} tcp.ack`).toBe(ack);
        const win = row[col('tcp.window_size')] ?? '';
        if (win !== '') expect(String(p?.win), `${at} tcp.window_size`).toBe(win);
      }
    });
  }
});
