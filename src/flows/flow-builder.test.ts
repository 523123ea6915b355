// Flow builder behaviour on hand-built packet sequences: roles, port reuse, how connections open and
// close, RTT, idle gaps, data-after-FIN marks, per-flow rows and counts, UDP flows.
import { describe, expect, it } from 'vitest';
import { Decode } from '../capture/packet-table';
import { Analysis, Mark } from './model';
import { TableBuilder } from './testing/table-builder';

function pair() {
  const b = new TableBuilder();
  return { b, c: b.endpoint('10.0.0.1', 40000), s: b.endpoint('10.0.0.2', 80) };
}

describe('roles', () => {
  it('makes the SYN sender the client', () => {
    const { b, c, s } = pair();
    b.tcp(c, s, 'SYN', { seq: 1 });
    const [f] = b.run().flows;
    expect([f?.clientPort, f?.serverPort, f?.roleInferred]).toEqual([40000, 80, false]);
  });

  it('makes the receiver of a lone SYN-ACK the client', () => {
    const { b, c, s } = pair();
    b.tcp(s, c, 'SYN,ACK', { seq: 1, ack: 2 });
    const [f] = b.run().flows;
    expect([f?.clientPort, f?.serverPort, f?.roleInferred]).toEqual([40000, 80, false]);
  });

  it('infers the lower port as the server without a SYN, whoever sends first', () => {
    const { b, c, s } = pair();
    b.tcp(s, c, 'PSH,ACK', { seq: 10, ack: 20, len: 5 });
    b.tcp(c, s, 'ACK', { seq: 20, ack: 15 });
    const set = b.run();
    const [f] = set.flows;
    expect([f?.clientPort, f?.serverPort, f?.roleInferred]).toEqual([40000, 80, true]);
    expect(Array.from(set.columns.dir)).toEqual([1, 0]);
    expect(f?.packets).toEqual([1, 1]);
  });

  it('makes the receiver of the first packet the server when both ports are equal', () => {
    const b = new TableBuilder();
    const x = b.endpoint('10.0.0.9', 5000);
    const y = b.endpoint('10.0.0.3', 5000);
    b.tcp(x, y, 'ACK', { seq: 1, ack: 1 });
    const [f] = b.run().flows;
    expect([f?.clientAddr, f?.serverAddr, f?.roleInferred]).toEqual([x.addr, y.addr, true]);
  });
});

describe('port reuse', () => {
  it('starts a new stream and flags port-reused for a new ISN after the connection closed', () => {
    const { b, c, s } = pair();
    b.tcp(c, s, 'SYN', { seq: 100 });
    b.tcp(s, c, 'RST,ACK', { seq: 0, ack: 101 });
    const again = b.tcp(c, s, 'SYN', { seq: 5000 });
    const set = b.run();
    expect(set.flows.map((f) => [f.stream, f.packets[0] + f.packets[1]])).toEqual([
      [0, 2],
      [1, 1],
    ]);
    expect((set.columns.analysis[again] ?? 0) & Analysis.PortReused).toBe(Analysis.PortReused);
    expect(set.flows[1]?.open).toBe('syn-unanswered');
  });

  it('keeps a retransmitted SYN (same ISN) in the same stream without the flag', () => {
    const { b, c, s } = pair();
    b.tcp(c, s, 'SYN', { seq: 100 });
    const retrans = b.tcp(c, s, 'SYN', { seq: 100, t: 1 });
    const set = b.run();
    expect(set.flows).toHaveLength(1);
    expect((set.columns.analysis[retrans] ?? 0) & Analysis.PortReused).toBe(0);
  });
});

describe('how a connection opens', () => {
  it('sees a handshake and measures the RTT from the SYN to the ACK of the SYN-ACK', () => {
    const { b, c, s } = pair();
    b.tcp(c, s, 'SYN', { seq: 100, t: 0 });
    b.tcp(c, s, 'SYN', { seq: 100, t: 1 });
    b.tcp(s, c, 'SYN,ACK', { seq: 500, ack: 101, t: 1.01 });
    b.tcp(c, s, 'ACK', { seq: 101, ack: 501, t: 1.02 });
    const [f] = b.run().flows;
    expect(f?.open).toBe('handshake');
    // The retransmitted SYN (t = 1) is the one the SYN-ACK answered.
    expect(f?.rtt).toBeCloseTo(0.02, 9);
  });

  it('falls back to SYN → SYN-ACK when the third ACK is missing', () => {
    const { b, c, s } = pair();
    b.tcp(c, s, 'SYN', { seq: 100, t: 0 });
    b.tcp(s, c, 'SYN,ACK', { seq: 500, ack: 101, t: 0.05 });
    const [f] = b.run().flows;
    expect(f?.rtt).toBeCloseTo(0.05, 9);
  });

  it('calls a SYN answered by RST refused and a SYN with no answer unanswered', () => {
    const { b, c, s } = pair();
    b.tcp(c, s, 'SYN', { seq: 100 });
    b.tcp(s, c, 'RST,ACK', { ack: 101 });
    const d = b.endpoint('10.0.0.3', 443);
    b.tcp(c, d, 'SYN', { seq: 7 });
    b.tcp(c, d, 'SYN', { seq: 7, t: 1 });
    expect(b.run().flows.map((f) => [f.open, f.rtt])).toEqual([
      ['refused', null],
      ['syn-unanswered', null],
    ]);
  });

  it('calls a connection first seen mid-stream no-handshake', () => {
    const { b, c, s } = pair();
    b.tcp(c, s, 'ACK', { seq: 1, ack: 1 });
    expect(b.run().flows[0]?.open).toBe('no-handshake');
  });
});

describe('how each direction closes', () => {
  it('records the FIN of each side and who closed first', () => {
    const { b, c, s } = pair();
    b.tcp(c, s, 'ACK', { seq: 1, ack: 1 });
    const sf = b.tcp(s, c, 'FIN,ACK', { seq: 1, ack: 1 });
    const cf = b.tcp(c, s, 'FIN,ACK', { seq: 1, ack: 2 });
    const [f] = b.run().flows;
    expect(f?.close).toEqual([
      { how: 'fin', row: cf },
      { how: 'fin', row: sf },
    ]);
    expect(f?.firstCloser).toBe('server');
  });

  it('lets a RST close both directions that are still open', () => {
    const { b, c, s } = pair();
    b.tcp(c, s, 'ACK', { seq: 1, ack: 1 });
    const sf = b.tcp(s, c, 'FIN,ACK', { seq: 1, ack: 1 });
    b.tcp(c, s, 'PSH,ACK', { seq: 1, ack: 2, len: 10 });
    const rst = b.tcp(s, c, 'RST', { seq: 2 });
    const [f] = b.run().flows;
    expect(f?.close).toEqual([
      { how: 'rst', row: rst },
      { how: 'fin', row: sf },
    ]);
    expect(f?.firstCloser).toBe('server');
  });

  it('leaves both directions open when the capture ends first', () => {
    const { b, c, s } = pair();
    b.tcp(c, s, 'ACK', { seq: 1, ack: 1 });
    const [f] = b.run().flows;
    expect([f?.close[0].how, f?.close[1].how, f?.firstCloser]).toEqual(['open', 'open', null]);
  });
});

describe('data after FIN', () => {
  it('marks data sent after the peer FIN and data sent after the own FIN', () => {
    const { b, c, s } = pair();
    const before = b.tcp(c, s, 'PSH,ACK', { seq: 1, ack: 1, len: 10 });
    b.tcp(s, c, 'FIN,ACK', { seq: 1, ack: 11 });
    const afterPeer = b.tcp(c, s, 'PSH,ACK', { seq: 11, ack: 2, len: 10 });
    b.tcp(c, s, 'FIN,ACK', { seq: 21, ack: 2 });
    const afterOwn = b.tcp(c, s, 'PSH,ACK', { seq: 11, ack: 2, len: 10 });
    const emptyAck = b.tcp(c, s, 'ACK', { seq: 22, ack: 2 });
    const { columns } = b.run();
    expect(columns.marks[before]).toBe(0);
    expect(columns.marks[afterPeer]).toBe(Mark.DataAfterPeerFin);
    expect(columns.marks[afterOwn]).toBe(Mark.DataAfterPeerFin | Mark.DataAfterOwnFin);
    expect(columns.marks[emptyAck]).toBe(0);
  });
});

describe('idle gaps', () => {
  it('reports every silence of 1 s or more, and shorter ones beyond max(200 ms, 50 × RTT)', () => {
    const { b, c, s } = pair();
    b.tcp(c, s, 'SYN', { seq: 100, t: 0 });
    b.tcp(s, c, 'SYN,ACK', { seq: 500, ack: 101, t: 0.001 });
    b.tcp(c, s, 'ACK', { seq: 101, ack: 501, t: 0.002 }); // RTT 2 ms → threshold 200 ms
    b.tcp(c, s, 'PSH,ACK', { seq: 101, ack: 501, len: 5, t: 0.1 }); // 98 ms: not a gap
    const a = b.tcp(s, c, 'ACK', { seq: 501, ack: 106, t: 0.35 }); // 250 ms: a gap
    const z = b.tcp(c, s, 'FIN,ACK', { seq: 106, ack: 501, t: 2.35 }); // 2 s
    const [f] = b.run().flows;
    expect(f?.idleGaps.map((g) => [g.fromRow, g.toRow, Number(g.seconds.toFixed(6))])).toEqual([
      [a - 1, a, 0.25],
      [a, z, 2],
    ]);
  });

  it('uses 1 s when there is no handshake RTT', () => {
    const { b, c, s } = pair();
    b.tcp(c, s, 'ACK', { seq: 1, ack: 1, t: 0 });
    b.tcp(c, s, 'ACK', { seq: 1, ack: 1, t: 0.9 });
    b.tcp(c, s, 'ACK', { seq: 1, ack: 1, t: 1.9 });
    expect(b.run().flows[0]?.idleGaps.map((g) => g.toRow)).toEqual([2]);
  });
});

describe('flows and per-packet columns', () => {
  it('lists each flow’s rows, counts and bytes each way, and leaves non-flow rows at -1', () => {
    const { b, c, s } = pair();
    const d = b.endpoint('10.0.0.3', 53);
    b.tcp(c, s, 'SYN', { seq: 1, frameLen: 74 });
    b.udp(c, d, { payload: 'query', frameLen: 70 });
    const other = b.table.add(); // a non-IP frame (ARP, say)
    b.payloads[other] = new Uint8Array(0);
    b.tcp(s, c, 'SYN,ACK', { seq: 9, ack: 2, frameLen: 74 });
    b.udp(d, c, { payload: 'answer!', frameLen: 90 });
    b.tcp(c, s, 'PSH,ACK', { seq: 2, ack: 10, len: 100, frameLen: 166 });
    const set = b.run();
    expect(Array.from(set.columns.flow)).toEqual([0, 1, -1, 0, 1, 0]);
    const [tcp, udp] = set.flows;
    expect([tcp?.transport, tcp?.stream, Array.from(tcp?.rows ?? [])]).toEqual(['tcp', 0, [0, 3, 5]]);
    expect([tcp?.packets, tcp?.bytes, tcp?.payloadBytes]).toEqual([
      [2, 1],
      [240, 74],
      [100, 0],
    ]);
    expect([udp?.transport, udp?.stream, udp?.packets, udp?.bytes, udp?.payloadBytes]).toEqual([
      'udp',
      0,
      [1, 1],
      [70, 90],
      [5, 7],
    ]);
    expect([udp?.clientPort, udp?.serverPort]).toEqual([40000, 53]);
  });

  it('gives a malformed TCP header its stream but no state change', () => {
    const { b, c, s } = pair();
    b.tcp(c, s, 'SYN', { seq: 1 });
    const bad = b.tcp(s, c, 'RST', { seq: 0, decode: Decode.Malformed });
    const set = b.run();
    expect(set.columns.flow[bad]).toBe(0);
    expect([set.columns.clientState[bad], set.columns.serverState[bad]]).toEqual([
      set.columns.clientState[0],
      set.columns.serverState[0],
    ]);
    expect(set.flows[0]?.close[1].how).toBe('open');
  });

  it('skips IP fragments that were not reassembled', () => {
    const { b, c, s } = pair();
    b.udp(c, s, { decode: Decode.Fragment });
    b.udp(c, s, { decode: Decode.Fragment | Decode.Reassembled });
    const set = b.run();
    expect(Array.from(set.columns.flow)).toEqual([-1, 0]);
  });
});
