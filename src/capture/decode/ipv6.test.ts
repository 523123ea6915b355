// IPv6 headers built byte by byte: extension-header chains, fragments and their reassembly.
import { describe, expect, it } from 'vitest';
import { Decode, L3, Proto } from '../packet-table';
import { ext6, fragment6, harness, ipv6, tcp, udp } from './testing/frame-builder';

const RAW = 101;
const HOP = 0;
const ROUTING = 43;
const FRAGMENT = 44;
const DEST = 60;
const AUTH = 51;

describe('IPv6 extension headers', () => {
  it('walks hop-by-hop, routing and destination options to TCP', () => {
    const h = harness();
    const chain = [...ext6(ROUTING), ...ext6(DEST, 2), ...ext6(6, 3)];
    const row = h.decode(RAW, ipv6({ next: HOP }, [...chain, ...tcp({ srcPort: 443 }, [1, 2])]));
    expect([h.table.protoOf(row), h.table.srcPortOf(row), h.table.payloadLength[row]]).toEqual([
      Proto.TCP,
      443,
      2,
    ]);
    expect(h.table.payloadOffset[row]).toBe(40 + 8 + 16 + 24 + 20);
  });

  it('sizes an authentication header in 4-byte units (RFC 4302)', () => {
    const h = harness();
    const ah = [17, 4, 0, 0, ...new Array(20).fill(0)]; // (4 + 2) × 4 = 24 bytes
    const row = h.decode(RAW, ipv6({ next: AUTH }, [...ah, ...udp(5353, 5353, [1])]));
    expect([h.table.protoOf(row), h.table.dstPortOf(row)]).toEqual([Proto.UDP, 5353]);
  });

  it('reaches UDP after a chain of hundreds of headers, like libpcap ipv6_ext_headers.pcap', () => {
    const h = harness();
    const chain: number[] = [...ext6(ROUTING)];
    for (let i = 0; i < 100; i++)
      chain.push(...ext6(FRAGMENT), ...fragment6(DEST, 0, false, i), ...ext6(ROUTING));
    chain.push(...ext6(17));
    const row = h.decode(RAW, ipv6({ next: HOP }, [...chain, ...udp(12345, 53, [0])]));
    expect([h.table.protoOf(row), h.table.srcPortOf(row), h.table.decode[row]]).toEqual([
      Proto.UDP,
      12345,
      0,
    ]);
  });

  it('flags a chain cut by the snaplen as truncated and one past the payload length as malformed', () => {
    const h = harness();
    const frame = ipv6({ next: HOP }, [...ext6(DEST), ...ext6(6), ...tcp({})]);
    const cut = h.decode(RAW, frame, 49);
    expect([h.table.l3Of(cut), h.table.protoOf(cut), h.table.decode[cut]]).toEqual([
      L3.IPv6,
      0,
      Decode.Truncated,
    ]);
    const short = h.decode(
      RAW,
      ipv6({ next: HOP, payloadLength: 8 }, [...ext6(DEST), ...ext6(6), ...tcp({})]),
    );
    expect(h.table.decode[short]).toBe(Decode.Malformed);
  });

  it('treats a payload length of 0 as an empty payload, as tshark does (malformed TCP, no ports)', () => {
    const h = harness();
    const row = h.decode(RAW, ipv6({ payloadLength: 0 }, tcp({})));
    expect([h.table.l3Of(row), h.table.protoOf(row), h.table.srcPortOf(row)]).toEqual([
      L3.IPv6,
      Proto.TCP,
      0,
    ]);
    expect(h.table.decode[row]).toBe(Decode.Malformed | Decode.PortsOnly);
  });

  it('needs all 40 header bytes for the addresses', () => {
    const h = harness();
    const row = h.decode(RAW, ipv6({}, tcp({})), 36);
    expect([h.table.l3Of(row), h.table.decode[row]]).toEqual([0, Decode.Truncated]);
  });
});

describe('IPv6 fragments', () => {
  const datagram = udp(
    60245,
    3702,
    Array.from({ length: 100 }, (_, i) => i),
  );
  const frag = (offset: number, len: number, more: boolean, id = 0xabc) =>
    ipv6({ next: FRAGMENT }, [...fragment6(17, offset, more, id), ...datagram.slice(offset, offset + len)]);

  it('reassembles fragments and decodes UDP on the last one, like tshark on ip6_fragments.pcap', () => {
    const h = harness();
    const t = h.table;
    const r1 = h.decode(RAW, frag(0, 56, true));
    expect([t.decode[r1], t.protoOf(r1), t.srcPortOf(r1)]).toEqual([Decode.Fragment, 0, 0]);
    const r2 = h.decode(RAW, frag(56, 52, false));
    expect(t.decode[r2]).toBe(Decode.Fragment | Decode.Reassembled);
    expect([t.protoOf(r2), t.srcPortOf(r2), t.dstPortOf(r2), t.payloadLength[r2]]).toEqual([
      Proto.UDP,
      60245,
      3702,
      100,
    ]);
    const start = h.decoder.viewStart + t.payloadOffset[r2]!;
    expect([...h.decoder.view.subarray(start, start + 100)]).toEqual(datagram.slice(8));
  });

  it('walks on through an atomic fragment (offset 0, M clear)', () => {
    const h = harness();
    const row = h.decode(RAW, frag(0, datagram.length, false));
    expect([h.table.decode[row], h.table.protoOf(row), h.table.srcPortOf(row)]).toEqual([
      0,
      Proto.UDP,
      60245,
    ]);
  });

  it('decodes nothing of a first fragment the snaplen cut, as packet-ipv6.c shows it as data', () => {
    const h = harness();
    const first = frag(0, 56, true);
    const row = h.decode(RAW, first, first.length - 1, first.length);
    expect([h.table.l3Of(row), h.table.protoOf(row), h.table.srcPortOf(row)]).toEqual([L3.IPv6, 0, 0]);
    expect(h.table.decode[row]).toBe(Decode.Fragment | Decode.Truncated);
  });
});
