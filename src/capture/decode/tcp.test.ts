// TCP and UDP headers built byte by byte: flags, options, lengths and the malformed cases tshark
// still numbers a stream for.
import { describe, expect, it } from 'vitest';
import { Decode, OptBit, Proto, TcpFlag } from '../packet-table';
import { hasTcpHeader } from './tcp';
import { be16, be32, harness, ipv4, ipv6, tcp, udp } from './testing/frame-builder';

const RAW = 101;
const MSS = (v: number) => [2, 4, ...be16(v)];
const WS = (v: number) => [3, 3, v];
const SACK_OK = [4, 2];
const TS = (val: number, ecr: number) => [8, 10, ...be32(val), ...be32(ecr)];
const NOP = [1];

describe('TCP header', () => {
  it('reads ports, seq, ack, window and all nine flags including NS, CWR and ECE', () => {
    const h = harness();
    const flags =
      TcpFlag.NS |
      TcpFlag.CWR |
      TcpFlag.ECE |
      TcpFlag.URG |
      TcpFlag.ACK |
      TcpFlag.PSH |
      TcpFlag.RST |
      TcpFlag.SYN |
      TcpFlag.FIN;
    const row = h.decode(
      RAW,
      ipv4({}, tcp({ srcPort: 65535, dstPort: 1, seq: 0xfffffffe, ack: 0x80000000, flags, win: 65535 })),
    );
    const t = h.table;
    expect([t.srcPortOf(row), t.dstPortOf(row), t.seq[row], t.ack[row], t.win[row]]).toEqual([
      65535, 1, 0xfffffffe, 0x80000000, 65535,
    ]);
    expect(t.tcpFlags[row]).toBe(0x1ff);
    expect(hasTcpHeader(t, row)).toBe(true);
  });

  it('stores MSS, window scale, SACK-permitted and, when asked, timestamps of a SYN', () => {
    const h = harness();
    h.table.options.keepTimestamps = true;
    const options = [...MSS(1460), ...SACK_OK, ...TS(123456, 0), ...NOP, ...WS(7)];
    const row = h.decode(RAW, ipv4({}, tcp({ flags: TcpFlag.SYN, options })));
    const o = h.table.options;
    expect(o.length).toBe(1);
    expect([o.packet[0], o.mss[0], o.wscale[0], o.tsVal[0], o.tsEcr[0]]).toEqual([row, 1460, 7, 123456, 0]);
    expect(o.bits[0]).toBe(OptBit.MSS | OptBit.WindowScale | OptBit.SackPermitted | OptBit.Timestamps);
    expect(h.table.payloadOffset[row]).toBe(20 + 20 + 20);
  });

  it('keeps no timestamps by default, and no option row for a segment with timestamps alone', () => {
    const h = harness();
    h.decode(RAW, ipv4({}, tcp({ flags: TcpFlag.ACK, options: [...NOP, ...NOP, ...TS(5, 6)] })));
    expect(h.table.options.length).toBe(0);
    const syn = h.decode(
      RAW,
      ipv4({}, tcp({ flags: TcpFlag.SYN, options: [...NOP, ...NOP, ...TS(5, 6), ...NOP, ...WS(7)] })),
    );
    const o = h.table.options;
    expect([o.length, o.packet[0], o.wscale[0], o.bits[0], o.tsVal.length]).toEqual([
      1,
      syn,
      7,
      OptBit.WindowScale,
      0,
    ]);
  });

  it('stores SACK blocks', () => {
    const h = harness();
    const sack = [5, 18, ...be32(100), ...be32(200), ...be32(300), ...be32(400)];
    h.decode(RAW, ipv4({}, tcp({ options: [...NOP, ...NOP, ...sack] })));
    const o = h.table.options;
    expect([o.sackCount[0], ...o.sackEdges.subarray(o.sackStart[0], o.sackStart[0]! + 4)]).toEqual([
      2, 100, 200, 300, 400,
    ]);
  });

  it('adds no option row for NOPs alone, and stops at EOL', () => {
    const h = harness();
    h.decode(RAW, ipv4({}, tcp({ options: [...NOP, ...NOP, ...NOP, ...NOP] })));
    expect(h.table.options.length).toBe(0);
    h.decode(RAW, ipv4({}, tcp({ options: [0, 0, 0, 0, ...MSS(1000)] })));
    expect(h.table.options.length).toBe(0);
  });

  it('stops at a bad option length without failing the frame', () => {
    const h = harness();
    const row = h.decode(RAW, ipv4({}, tcp({ options: [...MSS(1460), 3, 1, 3, 4, ...TS(1, 2), 0, 0] }, [1])));
    const o = h.table.options;
    expect([o.mss[0], o.bits[0]]).toEqual([1460, OptBit.MSS]);
    expect([h.table.payloadLength[row], h.table.decode[row]]).toEqual([1, 0]);
    h.decode(RAW, ipv4({}, tcp({ options: [...NOP, ...NOP, 8, 40, 0, 0, 0, 0] })));
    expect(o.length).toBe(1);
  });

  it('skips an option whose length is wrong for its kind and reads the next, as packet-tcp.c does', () => {
    const h = harness();
    h.decode(RAW, ipv4({}, tcp({ options: [2, 3, 5, ...WS(4), ...NOP, ...NOP] })));
    expect([h.table.options.bits[0], h.table.options.wscale[0]]).toEqual([OptBit.WindowScale, 4]);
    // SACK-permitted counts whatever its length ("option length should be 2").
    h.decode(RAW, ipv4({}, tcp({ options: [4, 4, 0, 0] })));
    expect(h.table.options.bits[1]).toBe(OptBit.SackPermitted);
  });

  it('stops at a SACK option too short for one block, where tshark throws', () => {
    const h = harness();
    h.decode(RAW, ipv4({}, tcp({ options: [...MSS(1460), 5, 2, ...TS(1, 2), ...NOP, ...NOP] })));
    expect([h.table.options.bits[0], h.table.options.sackCount[0]]).toEqual([OptBit.MSS, 0]);
  });

  it('counts SACK-permitted once its kind and length were captured, like tshark', () => {
    const h = harness();
    const frame = ipv4({}, tcp({ options: [...NOP, ...NOP, 4, 8, 0, 0, 0, 0, 0, 0, 0, 0] }));
    h.decode(RAW, frame, 40 + 2 + 1);
    expect(h.table.options.length).toBe(0);
    h.decode(RAW, frame, 40 + 2 + 2);
    expect(h.table.options.bits[0]).toBe(OptBit.SackPermitted);
  });

  it('never reads options past the snaplen', () => {
    const h = harness();
    const frame = ipv4({}, tcp({ options: [...MSS(1460), ...NOP, ...NOP, ...TS(5, 6)] }));
    const row = h.decode(RAW, frame, 40 + 4 + 2 + 5);
    expect(h.table.options.bits[0]).toBe(OptBit.MSS);
    expect(h.table.decode[row]).toBe(Decode.Truncated);
    // A cut first option leaves no empty option row behind.
    h.decode(RAW, ipv4({}, tcp({ options: [...NOP, ...NOP, ...TS(5, 6)] })), 40 + 2 + 5);
    expect(h.table.options.length).toBe(1);
  });

  it('marks a data offset below 5 malformed but keeps ports and seq for the stream', () => {
    const h = harness();
    const row = h.decode(RAW, ipv4({}, tcp({ dataOffset: 0, seq: 42, flags: TcpFlag.SYN })));
    const t = h.table;
    expect([t.protoOf(row), t.srcPortOf(row), t.dstPortOf(row), t.seq[row], t.tcpFlags[row]]).toEqual([
      Proto.TCP,
      40000,
      80,
      42,
      0,
    ]);
    expect(t.decode[row]).toBe(Decode.Malformed);
    expect(hasTcpHeader(t, row)).toBe(false);
  });

  it('marks a header longer than the segment malformed, with fields but no payload', () => {
    const h = harness();
    const row = h.decode(RAW, ipv4({}, tcp({ dataOffset: 7, win: 2193 })));
    const t = h.table;
    expect([t.win[row], t.payloadLength[row], t.decode[row]]).toEqual([2193, 0, Decode.Malformed]);
    expect(hasTcpHeader(t, row)).toBe(true);
  });

  it('keeps only the ports when fewer than 16 header bytes were captured', () => {
    const h = harness();
    const frame = ipv4({}, tcp({ srcPort: 12336, dstPort: 12336 }, new Array(100).fill(0)));
    const row = h.decode(RAW, frame, 20 + 12, 262144);
    const t = h.table;
    expect([t.srcPortOf(row), t.dstPortOf(row), t.seq[row]]).toEqual([12336, 12336, 0]);
    expect(t.decode[row]).toBe(Decode.PortsOnly | Decode.Truncated);
    expect(hasTcpHeader(t, row)).toBe(false);
    const tiny = h.decode(RAW, ipv4({ totalLength: 32 }, tcp({})));
    expect(t.decode[tiny]).toBe(Decode.PortsOnly | Decode.Malformed);
  });

  it('computes the payload over IPv6 from the payload length', () => {
    const h = harness();
    const row = h.decode(RAW, ipv6({}, tcp({}, [1, 2, 3, 4, 5])));
    expect([h.table.payloadOffset[row], h.table.payloadLength[row]]).toEqual([60, 5]);
  });
});

describe('UDP and ICMP', () => {
  it('reads UDP ports and payload', () => {
    const h = harness();
    const row = h.decode(RAW, ipv4({ proto: 17 }, udp(53, 1035, [1, 2, 3])));
    const t = h.table;
    expect([
      t.protoOf(row),
      t.srcPortOf(row),
      t.dstPortOf(row),
      t.payloadOffset[row],
      t.payloadLength[row],
    ]).toEqual([Proto.UDP, 53, 1035, 28, 3]);
  });

  it('flags a UDP length below 8 (no stream in tshark) and one past the IP payload', () => {
    const h = harness();
    const zero = h.decode(RAW, ipv4({ proto: 17 }, udp(1, 2, [1, 2, 3, 4], 0)));
    expect([h.table.decode[zero], h.table.payloadLength[zero]]).toEqual([
      Decode.Malformed | Decode.PortsOnly,
      4,
    ]);
    const long = h.decode(RAW, ipv4({ proto: 17 }, udp(1, 2, [1, 2, 3, 4], 64)));
    expect([h.table.decode[long], h.table.payloadLength[long]]).toEqual([Decode.Malformed, 4]);
  });

  it('counts ICMP and ICMPv6 by protocol only', () => {
    const h = harness();
    const v4 = h.decode(RAW, ipv4({ proto: 1 }, [8, 0, 0, 0, 0, 1, 0, 1]));
    const v6 = h.decode(RAW, ipv6({ next: 58 }, [128, 0, 0, 0, 0, 1, 0, 1]));
    expect([
      h.table.protoOf(v4),
      h.table.protoOf(v6),
      h.table.srcPortOf(v4),
      h.table.payloadLength[v6],
    ]).toEqual([Proto.ICMP, Proto.ICMPv6, 0, 0]);
  });
});
