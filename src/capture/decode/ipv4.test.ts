// IPv4 headers built byte by byte: options, lengths (TSO, padding, snaplen), fragments and their
// reassembly, source routes and tunnels.
import { describe, expect, it } from 'vitest';
import { Decode, L3, Proto } from '../packet-table';
import { ethernet, harness, ipv4, ipv4Addr, ipv6, tcp, udp } from './testing/frame-builder';

const ETH = 1;
const RAW = 101;

describe('IPv4 header', () => {
  it('skips options to the transport header', () => {
    const h = harness();
    const row = h.decode(RAW, ipv4({ options: [0x94, 0x04, 0, 0, 1, 1, 1, 0] }, tcp({ srcPort: 7 }, [9, 9])));
    expect([h.table.srcPortOf(row), h.table.payloadOffset[row], h.table.payloadLength[row]]).toEqual([
      7, 48, 2,
    ]);
  });

  it('takes the final destination from a loose or strict source route (packet-ip.c get_dst_offset)', () => {
    const h = harness();
    const route = (type: number, ptr: number) => [
      1,
      type,
      11,
      ptr,
      ...ipv4Addr('192.0.2.7'),
      ...ipv4Addr('192.0.2.9'),
    ];
    const ssrr = h.decode(RAW, ipv4({ dst: '10.9.9.9', options: route(137, 4) }, tcp({})));
    expect(h.table.addresses.format(h.table.dstOf(ssrr))).toBe('192.0.2.9');
    const lsrr = h.decode(RAW, ipv4({ dst: '10.9.9.9', options: route(131, 8) }, tcp({})));
    expect(h.table.addresses.format(h.table.dstOf(lsrr))).toBe('192.0.2.9');
    // A used-up route (pointer past the option) leaves the header's destination.
    const done = h.decode(RAW, ipv4({ dst: '10.9.9.9', options: route(137, 12) }, tcp({})));
    expect(h.table.addresses.format(h.table.dstOf(done))).toBe('10.9.9.9');
  });

  it('marks a header length below 20 or a total length below it malformed, with no addresses', () => {
    const h = harness();
    const short = h.decode(RAW, ipv4({ ihl: 4 }, tcp({})));
    expect([h.table.l3Of(short), h.table.decode[short]]).toEqual([0, Decode.Malformed]);
    const bogus = h.decode(RAW, ipv4({ totalLength: 12 }, tcp({})));
    expect([h.table.l3Of(bogus), h.table.decode[bogus]]).toEqual([0, Decode.Malformed]);
  });

  it('takes the length from the frame when the total length is 0 (TSO), also beyond the snaplen', () => {
    const h = harness();
    const frame = ethernet(0x0800, ipv4({ totalLength: 0 }, tcp({}, new Array(100).fill(1))));
    const row = h.decode(ETH, frame, frame.length, 2030);
    expect(h.table.decode[row]).toBe(Decode.TsoLength | Decode.Truncated);
    expect(h.table.payloadLength[row]).toBe(2030 - 14 - 20 - 20);
  });

  it('ignores Ethernet padding after the datagram and clips a total length past the frame', () => {
    const h = harness();
    const padded = h.decode(ETH, [...ethernet(0x0800, ipv4({}, tcp({}))), 0, 0, 0, 0, 0, 0]);
    expect([h.table.payloadLength[padded], h.table.decode[padded]]).toEqual([0, 0]);
    const long = h.decode(RAW, ipv4({ totalLength: 1000 }, tcp({}, [1, 2, 3, 4])));
    expect(h.table.payloadLength[long]).toBe(4);
  });

  it('hands an empty payload to no transport, as packet-ip.c does', () => {
    const h = harness();
    const row = h.decode(RAW, ipv4({ options: new Array(32).fill(1), totalLength: 52 }, tcp({})));
    expect([h.table.l3Of(row), h.table.protoOf(row), h.table.srcPortOf(row), h.table.decode[row]]).toEqual([
      L3.IPv4,
      0,
      0,
      0,
    ]);
  });

  it('keeps the header lengths when the snaplen cut the payload, and says so', () => {
    const h = harness();
    const frame = ethernet(0x0800, ipv4({}, tcp({}, new Array(58).fill(7))));
    const row = h.decode(ETH, frame, frame.length - 1);
    expect([h.table.payloadLength[row], h.table.decode[row]]).toEqual([58, Decode.Truncated]);
  });

  it('keeps the addresses when the options are cut', () => {
    const h = harness();
    const frame = ipv4({ options: [1, 1, 1, 1, 1, 1, 1, 0] }, tcp({}));
    const row = h.decode(RAW, frame, 24);
    expect([h.table.l3Of(row), h.table.protoOf(row), h.table.decode[row]]).toEqual([
      L3.IPv4,
      0,
      Decode.Truncated,
    ]);
  });
});

describe('IPv4 fragments', () => {
  const payload = tcp(
    { srcPort: 5555, dstPort: 80, seq: 99 },
    Array.from({ length: 60 }, (_, i) => i),
  );
  const frag = (offset: number, len: number, more: boolean, id = 7) =>
    ipv4(
      { id, frag: (more ? 0x2000 : 0) | (offset / 8), src: '192.0.2.1' },
      payload.slice(offset, offset + len),
    );

  it('reassembles out-of-order fragments and decodes TCP on the frame that completes the datagram', () => {
    const h = harness();
    const t = h.table;
    const r1 = h.decode(RAW, frag(32, 24, true));
    const r2 = h.decode(RAW, frag(56, 24, false));
    for (const r of [r1, r2])
      expect([t.decode[r], t.protoOf(r), t.srcPortOf(r)]).toEqual([Decode.Fragment, 0, 0]);
    expect(h.decoder.pendingFragments).toBe(1);
    const r3 = h.decode(RAW, frag(0, 32, true));
    expect(t.decode[r3]).toBe(Decode.Fragment | Decode.Reassembled);
    expect([t.protoOf(r3), t.srcPortOf(r3), t.seq[r3], t.payloadLength[r3]]).toEqual([
      Proto.TCP,
      5555,
      99,
      60,
    ]);
    const start = h.decoder.viewStart + t.payloadOffset[r3]!;
    expect([...h.decoder.view.subarray(start, start + 60)]).toEqual(payload.slice(20));
    expect(h.decoder.pendingFragments).toBe(0);
  });

  it('starts a new datagram for a fragment that arrives after its datagram was completed', () => {
    const h = harness();
    h.decode(RAW, frag(0, 40, true));
    const done = h.decode(RAW, frag(40, 40, false));
    expect(h.table.protoOf(done)).toBe(Proto.TCP);
    const late = h.decode(RAW, frag(40, 40, false));
    expect([h.table.decode[late], h.table.protoOf(late)]).toEqual([Decode.Fragment, 0]);
  });

  it('keeps datagrams with another id, protocol or address apart', () => {
    const h = harness();
    h.decode(RAW, frag(0, 40, true, 1));
    const other = h.decode(RAW, frag(40, 40, false, 2));
    expect(h.table.protoOf(other)).toBe(0);
    expect(h.decoder.pendingFragments).toBe(2);
  });

  it('survives overlapping fragments (teardrop): the first tail fixes the length', () => {
    const h = harness();
    const data = udp(31915, 20197, new Array(28).fill(0x41));
    h.decode(RAW, ipv4({ proto: 17, frag: 0x2000 }, data));
    const row = h.decode(RAW, ipv4({ proto: 17, frag: 3 }, data.slice(24, 28)));
    expect(h.table.decode[row]).toBe(Decode.Fragment | Decode.Reassembled | Decode.Malformed);
    expect([h.table.protoOf(row), h.table.srcPortOf(row), h.table.dstPortOf(row)]).toEqual([
      Proto.UDP,
      31915,
      20197,
    ]);
  });

  it('decodes a first fragment cut by the snaplen as it stands, and nothing of later ones', () => {
    const h = harness();
    const first = frag(0, 40, true);
    const row = h.decode(RAW, first, first.length - 4, first.length);
    expect([h.table.protoOf(row), h.table.srcPortOf(row)]).toEqual([Proto.TCP, 5555]);
    expect(h.table.decode[row]).toBe(Decode.Fragment | Decode.Truncated);
    const later = frag(40, 40, false);
    const r2 = h.decode(RAW, later, later.length - 4, later.length);
    expect([h.table.protoOf(r2), h.table.srcPortOf(r2)]).toEqual([0, 0]);
  });

  it('holds at most 64 pending datagrams whatever the input', () => {
    const h = harness();
    for (let id = 0; id < 1000; id++) h.decode(RAW, frag(0, 40, true, id));
    expect(h.decoder.pendingFragments).toBe(64);
    // The newest survive: completing one of them still works.
    expect(h.table.protoOf(h.decode(RAW, frag(40, 40, false, 999)))).toBe(Proto.TCP);
  });

  it('gives up on a datagram split into too many holes rather than grow', () => {
    const h = harness();
    const big = ipv4({}, []);
    for (let i = 0; i < 200; i++)
      h.decode(RAW, [...big.slice(0, 6), 0x20, i * 2, ...big.slice(8, 20), 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(h.decoder.pendingFragments).toBeLessThanOrEqual(1);
  });
});

describe('IP tunnels', () => {
  it('gives IPv6-in-IPv4 (protocol 41) rows the inner addresses', () => {
    const h = harness();
    const inner = ipv6({ src: '2001:db8::1', dst: '2001:db8::2' }, tcp({ srcPort: 53104 }));
    const row = h.decode(ETH, ethernet(0x0800, ipv4({ proto: 41 }, inner)));
    const t = h.table;
    expect([t.l3Of(row), t.protoOf(row), t.srcPortOf(row), t.decode[row]]).toEqual([
      L3.IPv6,
      Proto.TCP,
      53104,
      Decode.Tunnelled,
    ]);
    expect(t.addresses.format(t.srcOf(row))).toBe('2001:db8::1');
    expect(t.payloadOffset[row]).toBe(14 + 20 + 40 + 20);
  });

  it('gives IP-in-IP (protocol 4) and IPv4-in-IPv6 rows the inner addresses', () => {
    const h = harness();
    const inner = ipv4({ src: '192.0.2.5', dst: '192.0.2.6', proto: 17 }, udp(1, 2, [0]));
    const r1 = h.decode(RAW, ipv4({ proto: 4 }, inner));
    const r2 = h.decode(RAW, ipv6({ next: 4 }, inner));
    for (const r of [r1, r2]) {
      expect([h.table.l3Of(r), h.table.protoOf(r), h.table.dstPortOf(r)]).toEqual([L3.IPv4, Proto.UDP, 2]);
      expect(h.table.addresses.format(h.table.srcOf(r))).toBe('192.0.2.5');
    }
  });

  it('keeps the outer addresses when the inner header is cut', () => {
    const h = harness();
    const cut = h.decode(RAW, ipv4({ proto: 4, src: '192.0.2.1' }, ipv4({}, []).slice(0, 12)));
    expect(h.table.addresses.format(h.table.srcOf(cut))).toBe('192.0.2.1');
    expect(h.table.decode[cut]).toBe(Decode.Truncated);
  });

  it('stops after 8 nested IP headers', () => {
    const h = harness();
    let packet = tcp({});
    for (let i = 0; i < 20; i++) packet = ipv4({ proto: i === 0 ? 6 : 4, src: `192.0.2.${i}` }, packet);
    const row = h.decode(RAW, packet);
    expect(h.table.addresses.format(h.table.srcOf(row))).toBe('192.0.2.12');
    expect(h.table.protoOf(row)).toBe(4);
  });
});

describe('GRE', () => {
  const inner = ipv4({ src: '192.0.2.1', dst: '192.0.2.2' }, tcp({ srcPort: 12345 }));
  const gre = (header: number[], payload: number[]) => ipv4({ proto: 47 }, [...header, ...payload]);

  it('opens GRE like tshark: plain, with checksum/key/sequence, with source routes, over IPv6 and Ethernet', () => {
    const h = harness();
    const frames = [
      gre([0, 0, 0x08, 0x00], inner),
      gre([0xb0, 0, 0x08, 0x00, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 9], inner),
      gre([0x40, 0, 0x08, 0x00, 0, 0, 0, 0, 0x08, 0x00, 0, 4, 10, 0, 0, 3, 0, 0, 0, 0], inner),
      gre([0, 0, 0x65, 0x58], ethernet(0x0800, inner)),
      // PPTP enhanced GRE (version 1) with key and sequence, then PPP with a compressed protocol field.
      gre([0x30, 0x01, 0x88, 0x0b, 0, 0x30, 0, 1, 0, 0, 0, 1], [0x21, ...inner]),
    ];
    for (const f of frames) {
      const row = h.decode(RAW, f);
      expect([h.table.l3Of(row), h.table.protoOf(row), h.table.srcPortOf(row)]).toEqual([
        L3.IPv4,
        Proto.TCP,
        12345,
      ]);
      expect(h.table.addresses.format(h.table.srcOf(row))).toBe('192.0.2.1');
      expect(h.table.decode[row]).toBe(Decode.Tunnelled);
    }
    const v6 = h.decode(RAW, gre([0, 0, 0x86, 0xdd], ipv6({}, tcp({}))));
    expect([h.table.l3Of(v6), h.table.protoOf(v6)]).toEqual([L3.IPv6, Proto.TCP]);
  });

  it('leaves PPTP control traffic (PPP LCP) and unknown payloads with the outer addresses and proto 47', () => {
    const h = harness();
    const lcp = h.decode(
      RAW,
      gre(
        [0x30, 0x81, 0x88, 0x0b, 0, 0x10, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0],
        [0xff, 0x03, 0xc0, 0x21, 1, 1, 0, 4],
      ),
    );
    const other = h.decode(RAW, gre([0, 0, 0x88, 0xbe], inner));
    for (const r of [lcp, other]) {
      expect([h.table.l3Of(r), h.table.protoOf(r), h.table.srcPortOf(r), h.table.decode[r]]).toEqual([
        L3.IPv4,
        47,
        0,
        0,
      ]);
      expect(h.table.addresses.format(h.table.srcOf(r))).toBe('10.0.0.1');
    }
  });
});
