// Random packet sequences (any flags, sequence numbers, ports, malformed rows, payloads): the flow
// builder and the JSON writer never throw, and what they produce stays consistent.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decode } from '../capture/packet-table';
import { flowsToJson } from './flow-json';
import { TCP_STATE_NAMES } from './model';
import { TableBuilder } from './testing/table-builder';

const FLAG_SETS = [
  'SYN',
  'SYN,ACK',
  'ACK',
  'PSH,ACK',
  'FIN,ACK',
  'FIN',
  'RST',
  'RST,ACK',
  'SYN,FIN',
  'URG,ACK,ECN,CWR,NS',
];

const packet = fc.record({
  udp: fc.boolean(),
  fromA: fc.boolean(),
  host: fc.integer({ min: 0, max: 2 }),
  port: fc.constantFrom(80, 161, 40000, 40001),
  flags: fc.constantFrom(...FLAG_SETS),
  seq: fc.oneof(fc.constantFrom(0, 1, 100, 101, 0xffffffff), fc.integer({ min: 0, max: 0xffffffff })),
  ack: fc.oneof(fc.constantFrom(0, 1, 101, 102), fc.integer({ min: 0, max: 0xffffffff })),
  payload: fc.oneof(
    fc.constant(''),
    fc.constant('GET / HTTP/1.1\r\n\r\n'),
    fc.constant('HTTP/1.1 200 OK\r\n\r\n'),
    fc.string(),
  ),
  dt: fc.double({ min: 0, max: 3, noNaN: true }),
  malformed: fc.boolean(),
});

describe('flow builder on random packets', () => {
  it('never throws and keeps rows, counts and states consistent', () => {
    fc.assert(
      fc.property(fc.array(packet, { maxLength: 60 }), (packets) => {
        const b = new TableBuilder();
        let t = 0;
        for (const p of packets) {
          t += p.dt;
          const a = b.endpoint(`10.0.0.${p.host + 1}`, p.port);
          const z = b.endpoint('10.0.9.9', 80);
          const [from, to] = p.fromA ? [a, z] : [z, a];
          const spec = {
            seq: p.seq,
            ack: p.ack,
            payload: p.payload,
            t,
            decode: p.malformed ? Decode.Malformed : 0,
          };
          if (p.udp) b.udp(from, to, spec);
          else b.tcp(from, to, p.flags, spec);
        }
        const set = b.run();
        const json = flowsToJson(set, b.table, { packets: true });
        let rows = 0;
        for (const f of set.flows) {
          expect(f.rows.length).toBe(f.packets[0] + f.packets[1]);
          for (let i = 1; i < f.rows.length; i++) expect(f.rows[i]).toBeGreaterThan(f.rows[i - 1] ?? -1);
          for (const r of f.rows) expect(set.columns.flow[r]).toBe(f.index);
          rows += f.rows.length;
        }
        expect(rows).toBe(packets.length);
        for (let r = 0; r < packets.length; r++) {
          expect(TCP_STATE_NAMES[set.columns.clientState[r] ?? 99]).toBeDefined();
          expect(TCP_STATE_NAMES[set.columns.serverState[r] ?? 99]).toBeDefined();
        }
        expect(json.reduce((n, f) => n + (f.packets?.length ?? 0), 0)).toBe(packets.length);
        const streams = (tr: string) => json.filter((f) => f.transport === tr).map((f) => f.stream);
        for (const tr of ['tcp', 'udp']) expect(streams(tr)).toEqual(streams(tr).map((_, i) => i));
      }),
      { numRuns: 1500 },
    );
  });
});
