// The command's JSON for flows: field names and shape (issue 2 item 5, issue 3 item 6), and the
// per-packet values against the scenario manifests' key packets (flags, relative seq/ack, length,
// scaled window, direction as tshark 4.0 shows them).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFlowBuilder } from './flow-builder';
import { flowsToJson, type PacketJson } from './flow-json';
import { TableBuilder } from './testing/table-builder';
import { parseTsv, tableFromTsv } from './testing/tshark-tsv';

describe('flow JSON shape', () => {
  it('writes a TCP flow with the issue 2 fields, opening, closing, gaps, HTTP and packets', () => {
    const b = new TableBuilder();
    const c = b.endpoint('192.168.1.2', 51000);
    const s = b.endpoint('192.168.1.1', 8080);
    b.tcp(c, s, 'SYN', { seq: 1000, t: 0, wscale: 7, frameLen: 74 });
    b.tcp(s, c, 'SYN,ACK', { seq: 9000, ack: 1001, t: 0.01, wscale: 2, frameLen: 74 });
    b.tcp(c, s, 'ACK', { seq: 1001, ack: 9001, t: 0.02, win: 10 });
    b.tcp(c, s, 'PSH,ACK', { seq: 1001, ack: 9001, t: 0.03, payload: 'GET /x HTTP/1.1\r\nHost: a\r\n\r\n' });
    b.tcp(s, c, 'PSH,ACK', {
      seq: 9001,
      ack: 1029,
      t: 0.04,
      payload: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi',
    });
    b.tcp(c, s, 'FIN,ACK', { seq: 1029, ack: 9040, t: 3 });
    const set = b.run();
    const [f] = flowsToJson(set, b.table, { packets: true });
    expect(Object.keys(f ?? {})).toEqual([
      'transport',
      'stream',
      'client',
      'server',
      'roleInferred',
      'firstFrame',
      'lastFrame',
      'packetsClientToServer',
      'packetsServerToClient',
      'bytesClientToServer',
      'bytesServerToClient',
      'payloadBytesClientToServer',
      'payloadBytesServerToClient',
      'start',
      'end',
      'opening',
      'closing',
      'idleThreshold',
      'idleGaps',
      'http',
      'packets',
    ]);
    expect(f).toMatchObject({
      transport: 'tcp',
      stream: 0,
      client: '192.168.1.2:51000',
      server: '192.168.1.1:8080',
      firstFrame: 1,
      lastFrame: 6,
      packetsClientToServer: 4,
      packetsServerToClient: 2,
      start: 1_700_000_000,
      opening: { how: 'handshake', windowScaleClient: 7, windowScaleServer: 2 },
      closing: {
        clientToServer: { how: 'fin', frame: 6, by: 'client' },
        serverToClient: { how: 'open', frame: null, by: null },
        firstCloser: 'client',
      },
      idleGaps: [{ fromFrame: 5, toFrame: 6 }],
    });
    expect(f?.opening?.rtt).toBeCloseTo(0.02, 9);
    expect(f?.http).toMatchObject([
      {
        requestFrame: 4,
        method: 'GET',
        target: '/x',
        version: 'HTTP/1.1',
        responseFrame: 5,
        status: 200,
        reason: 'OK',
      },
    ]);
    expect(f?.packets?.[2]).toEqual({
      frame: 3,
      time: 1_700_000_000.02,
      dir: 'c2s',
      flags: 'ACK',
      seq: 1,
      ack: 1,
      len: 0,
      win: 1280,
      analysis: [],
      clientState: 'ESTABLISHED',
      serverState: 'ESTABLISHED',
    });
    expect(f?.packets?.map((p) => p.http)).toEqual([
      undefined,
      undefined,
      undefined,
      'GET /x HTTP/1.1',
      'HTTP/1.1 200 OK',
      undefined,
    ]);
  });

  it('writes IPv6 endpoints in brackets and UDP flows with counts only, after the TCP flows', () => {
    const b = new TableBuilder();
    const v6 = (text: string, port: number) => {
      const bytes = new Uint8Array(16);
      bytes[0] = 0x20;
      bytes[1] = 0x01;
      bytes[15] = Number(text);
      return { addr: b.table.addresses.internV6(bytes, 0), port };
    };
    const c = b.endpoint('10.0.0.1', 5353);
    b.udp(c, b.endpoint('10.0.0.2', 53), { payload: 'q' });
    b.tcp(v6('2', 40000), v6('1', 443), 'SYN', { seq: 1 });
    const json = flowsToJson(b.run(), b.table, { packets: true });
    expect(json.map((f) => [f.transport, f.client, f.server])).toEqual([
      ['tcp', '[2001::2]:40000', '[2001::1]:443'],
      ['udp', '10.0.0.1:5353', '10.0.0.2:53'],
    ]);
    expect(Object.keys(json[1] ?? {})).not.toContain('opening');
    expect(json[1]?.packets).toEqual([{ frame: 1, time: 1_700_000_000, dir: 'c2s', flags: '', len: 1 }]);
  });
});

const scenarios = new URL('../../../shared/scenarios/', import.meta.url);
const tsvDir = new URL('../../testdata/tshark/', import.meta.url);
const haveShared = existsSync(scenarios);
if (!haveShared) console.warn(`skipping the manifest key-packet checks: ${scenarios.pathname} is absent`);

interface KeyPacket {
  name: string;
  frame: number;
  direction?: string;
  tcp_flags: string;
  tcp_len?: number;
  seq_rel?: number;
  ack_rel?: number;
  window?: number;
}

describe.skipIf(!haveShared)('packets agree with the scenario manifests’ key packets', () => {
  const names = haveShared
    ? readdirSync(scenarios).filter((d) => existsSync(new URL(`${d}/manifest.json`, scenarios)))
    : [];
  it.each(names)('%s', (scenario) => {
    const manifest = JSON.parse(readFileSync(new URL(`${scenario}/manifest.json`, scenarios), 'utf8'));
    const tsv = parseTsv(readFileSync(new URL(`scenario__${scenario}__capture.pcap.tsv`, tsvDir), 'utf8'));
    const { table, payloads } = tableFromTsv(tsv);
    const builder = createFlowBuilder(table);
    for (let r = 0; r < table.length; r++) builder.onPacket(table, r, payloads[r] ?? new Uint8Array(0), 0);
    const packets = new Map<number, PacketJson>();
    for (const f of flowsToJson(builder.finish(), table, { packets: true }))
      for (const p of f.packets ?? []) packets.set(p.frame, p);
    const problems: string[] = [];
    for (const mf of manifest.flows as { key_packets: KeyPacket[] }[]) {
      for (const k of mf.key_packets) {
        const p = packets.get(k.frame);
        const want = {
          dir: k.direction === undefined ? p?.dir : k.direction.startsWith('client') ? 'c2s' : 's2c',
          flags: k.tcp_flags,
          len: k.tcp_len ?? p?.len,
          seq: k.seq_rel ?? p?.seq,
          ack: k.ack_rel ?? p?.ack,
          win: k.window ?? p?.win,
        };
        const got = { dir: p?.dir, flags: p?.flags, len: p?.len, seq: p?.seq, ack: p?.ack, win: p?.win };
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          problems.push(`frame ${k.frame} ${k.name}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
