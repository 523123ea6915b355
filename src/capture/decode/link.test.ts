// Link-layer headers built byte by byte: every encapsulation the decoder knows must reach the same
// IPv4/TCP (or IPv6/TCP) row, and the ones that carry no IP must leave l3 at 0.
import { describe, expect, it } from 'vitest';
import { Decode, L3, Proto } from '../packet-table';
import { be16, be32, ethernet, harness, ipv4, ipv6, le32, tcp, vlanTag } from './testing/frame-builder';

const SEGMENT = tcp({ srcPort: 1234, dstPort: 80, seq: 7, flags: 0x02 }, [1, 2, 3]);
const V4 = ipv4({ src: '192.0.2.1', dst: '198.51.100.2' }, SEGMENT);
const V6 = ipv6({ src: '2001:db8::a', dst: '2001:db8::b' }, SEGMENT);

function expectV4Tcp(h: ReturnType<typeof harness>, row: number, headerBytes: number): void {
  const t = h.table;
  expect(t.l3Of(row)).toBe(L3.IPv4);
  expect(t.addresses.format(t.srcOf(row))).toBe('192.0.2.1');
  expect(t.addresses.format(t.dstOf(row))).toBe('198.51.100.2');
  expect(t.protoOf(row)).toBe(Proto.TCP);
  expect([t.srcPortOf(row), t.dstPortOf(row), t.seq[row], t.tcpFlags[row]]).toEqual([1234, 80, 7, 0x02]);
  expect(t.payloadOffset[row]).toBe(headerBytes + 20 + 20);
  expect(t.payloadLength[row]).toBe(3);
  expect(t.decode[row]).toBe(0);
}

function expectV6Tcp(h: ReturnType<typeof harness>, row: number): void {
  const t = h.table;
  expect(t.l3Of(row)).toBe(L3.IPv6);
  expect(t.addresses.format(t.srcOf(row))).toBe('2001:db8::a');
  expect(t.addresses.format(t.dstOf(row))).toBe('2001:db8::b');
  expect([t.protoOf(row), t.srcPortOf(row), t.payloadLength[row]]).toEqual([Proto.TCP, 1234, 3]);
}

describe('Ethernet (LINKTYPE 1)', () => {
  it('decodes IPv4 and IPv6 by ethertype', () => {
    const h = harness();
    expectV4Tcp(h, h.decode(1, ethernet(0x0800, V4)), 14);
    expectV6Tcp(h, h.decode(1, ethernet(0x86dd, V6)));
  });

  it('walks 802.1Q, 802.1ad, 0x9100 and triple-stacked tags', () => {
    const h = harness();
    expectV4Tcp(h, h.decode(1, ethernet(0x8100, [...vlanTag(42, 0x0800), ...V4])), 18);
    expectV4Tcp(
      h,
      h.decode(1, ethernet(0x88a8, [...vlanTag(10, 0x8100), ...vlanTag(20, 0x0800), ...V4])),
      22,
    );
    expectV4Tcp(h, h.decode(1, ethernet(0x9100, [...vlanTag(5, 0x0800), ...V4])), 18);
    const triple = [...vlanTag(30, 0x8100), ...vlanTag(20, 0x8100), ...vlanTag(10, 0x0800), ...V4];
    expectV4Tcp(h, h.decode(1, ethernet(0x8100, triple)), 26);
  });

  it('finds no IP in an 802.3 length frame with plain LLC (STP)', () => {
    const h = harness();
    const row = h.decode(1, ethernet(38, [0x42, 0x42, 0x03, ...new Array(35).fill(0)]));
    expect([h.table.l3Of(row), h.table.protoOf(row), h.table.decode[row]]).toEqual([0, 0, 0]);
  });

  it('follows an 802.3 frame with SNAP and the Ethernet OUI (RFC 1042) to IPv4', () => {
    const h = harness();
    const snap = [0xaa, 0xaa, 0x03, 0, 0, 0, ...be16(0x0800)];
    expectV4Tcp(h, h.decode(1, ethernet(8 + V4.length, [...snap, ...V4])), 22);
  });

  it('decodes PPPoE session frames carrying PPP IPv4 and IPv6, behind VLAN tags too', () => {
    const h = harness();
    const pppoe = (proto: number, ip: number[]) => [
      0x11,
      0x00,
      ...be16(1),
      ...be16(ip.length + 2),
      ...be16(proto),
      ...ip,
    ];
    expectV4Tcp(h, h.decode(1, ethernet(0x8864, pppoe(0x0021, V4))), 22);
    expectV6Tcp(h, h.decode(1, ethernet(0x8864, pppoe(0x0057, V6))));
    const stacked = [...vlanTag(1, 0x8100), ...vlanTag(2, 0x8864), ...pppoe(0x0021, V4)];
    expectV4Tcp(h, h.decode(1, ethernet(0x8100, stacked)), 30);
    // The PPPoE length bounds the payload, as packet-pppoe.c does: here it cuts the TCP header short.
    const short = pppoe(0x0021, V4);
    short.splice(4, 2, ...be16(2 + 20 + 18));
    const row = h.decode(1, ethernet(0x8864, short));
    expect([h.table.srcPortOf(row), h.table.decode[row]]).toEqual([1234, Decode.Malformed]);
    // PPP LCP (0xc021) and PPPoE discovery (0x8863) carry no IP.
    expect(h.table.l3Of(h.decode(1, ethernet(0x8864, pppoe(0xc021, V4))))).toBe(0);
    expect(h.table.l3Of(h.decode(1, ethernet(0x8863, pppoe(0x0021, V4))))).toBe(0);
  });

  it('leaves ARP and unknown ethertypes undecoded, and flags a cut header', () => {
    const h = harness();
    expect(h.table.l3Of(h.decode(1, ethernet(0x0806, new Array(28).fill(0))))).toBe(0);
    const cut = h.decode(1, ethernet(0x0800, V4), 10);
    expect(h.table.decode[cut]).toBe(Decode.Truncated);
    const cutTag = h.decode(1, ethernet(0x8100, [...vlanTag(1, 0x0800), ...V4]), 16);
    expect(h.table.decode[cutTag]).toBe(Decode.Truncated);
  });

  it('refuses an IPv4 header behind ethertype 0x86dd, as packet-ipv6.c does ("Bogus IPv6 version")', () => {
    const h = harness();
    expect(h.table.l3Of(h.decode(1, ethernet(0x86dd, V4)))).toBe(0);
  });

  it('hands an IPv6 header behind ethertype 0x0800 to IPv6, as packet-ip.c does', () => {
    const h = harness();
    expectV6Tcp(h, h.decode(1, ethernet(0x0800, V6)));
  });
});

describe('Linux cooked captures', () => {
  const sll = (hatype: number, protocol: number, payload: number[]) => [
    ...be16(0),
    ...be16(hatype),
    ...be16(6),
    2,
    0,
    0,
    0,
    0,
    1,
    0,
    0,
    ...be16(protocol),
    ...payload,
  ];
  const sll2 = (hatype: number, protocol: number, payload: number[]) => [
    ...be16(protocol),
    0,
    0,
    ...be32(3),
    ...be16(hatype),
    4,
    6,
    2,
    0,
    0,
    0,
    0,
    1,
    0,
    0,
    ...payload,
  ];

  it('decodes SLL (LINKTYPE 113) and SLL2 (LINKTYPE 276) by their protocol field', () => {
    const h = harness();
    expectV4Tcp(h, h.decode(113, sll(1, 0x0800, V4)), 16);
    expectV6Tcp(h, h.decode(113, sll(772, 0x86dd, V6)));
    expectV4Tcp(h, h.decode(276, sll2(1, 0x0800, V4)), 20);
    expectV6Tcp(h, h.decode(276, sll2(1, 0x86dd, V6)));
    expectV4Tcp(h, h.decode(113, sll(1, 0x8100, [...vlanTag(7, 0x0800), ...V4])), 20);
  });

  it('ignores netlink frames and Linux pseudo-protocols', () => {
    const h = harness();
    expect(h.table.l3Of(h.decode(113, sll(824, 0x0800, V4)))).toBe(0);
    expect(h.table.l3Of(h.decode(276, sll2(1, 0x000c, V4)))).toBe(0); // ETH_P_CAN
  });

  it('reads 802.2 LLC with SNAP behind protocol 0x0004', () => {
    const h = harness();
    const snap = [0xaa, 0xaa, 0x03, 0, 0, 0, ...be16(0x0800)];
    expectV4Tcp(h, h.decode(113, sll(1, 0x0004, [...snap, ...V4])), 24);
  });
});

describe('raw IP link types', () => {
  it('decodes by version nibble for 101, 12 and 14', () => {
    const h = harness();
    for (const lt of [101, 12, 14]) {
      expectV4Tcp(h, h.decode(lt, V4), 0);
      expectV6Tcp(h, h.decode(lt, V6));
    }
  });

  it('hands IPv6 inside LINKTYPE_IPV4 (228) to IPv6, like tshark on LINKTYPE_IPV4_invalid.pcap', () => {
    const h = harness();
    expectV4Tcp(h, h.decode(228, V4), 0);
    expectV6Tcp(h, h.decode(228, V6));
  });

  it('accepts only IPv6 in LINKTYPE_IPV6 (229)', () => {
    const h = harness();
    expectV6Tcp(h, h.decode(229, V6));
    expect(h.table.l3Of(h.decode(229, V4))).toBe(0);
  });

  it('finds nothing in an unknown link type or a bogus IP version', () => {
    const h = harness();
    expect(h.table.l3Of(h.decode(147, V4))).toBe(0);
    expect(h.table.l3Of(h.decode(101, [0x55, ...V4.slice(1)]))).toBe(0);
  });
});

describe('BSD NULL (0) and LOOP (108)', () => {
  it('reads the address family in either byte order', () => {
    const h = harness();
    expectV4Tcp(h, h.decode(0, [...le32(2), ...V4]), 4);
    expectV4Tcp(h, h.decode(0, [...be32(2), ...V4]), 4);
    for (const af of [24, 28, 30]) {
      expectV6Tcp(h, h.decode(0, [...le32(af), ...V6]));
      expectV6Tcp(h, h.decode(0, [...be32(af), ...V6]));
      expectV6Tcp(h, h.decode(108, [...be32(af), ...V6]));
      expectV6Tcp(h, h.decode(108, [...le32(af), ...V6]));
    }
    expectV4Tcp(h, h.decode(108, [...be32(2), ...V4]), 4);
    expectV4Tcp(h, h.decode(108, [...le32(2), ...V4]), 4);
  });

  it('takes a NULL value above 1500 as an ethertype, and FF 03 as PPP', () => {
    const h = harness();
    expectV4Tcp(h, h.decode(0, [...le32(0x0800), ...V4]), 4);
    expectV4Tcp(h, h.decode(0, [0xff, 0x03, ...be16(0x0021), ...V4]), 4);
  });

  it('finds no IP behind other families (AF_APPLETALK 16, Linux AF_INET6 10)', () => {
    const h = harness();
    expect(h.table.l3Of(h.decode(0, [...le32(16), ...V4]))).toBe(0);
    expect(h.table.l3Of(h.decode(0, [...le32(10), ...V6]))).toBe(0);
  });
});
