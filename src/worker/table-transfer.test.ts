import { describe, expect, it } from 'vitest';
import { OptBit, PacketTable, Proto, TcpFlag } from '../capture/packet-table';
import { fromTransferable, toTransferable } from './table-transfer';

/** A small table built by hand: three TCP frames between an IPv4 pair and one IPv6 frame. */
function sampleTable(): PacketTable {
  const t = new PacketTable();
  t.baseSec = 1_700_000_000;
  const a = t.addresses.internV4(0x7f000001);
  const b = t.addresses.internV4(0x0a000002);
  const v6 = new Uint8Array(16);
  v6[0] = 0x20;
  v6[1] = 0x01;
  v6[2] = 0x0d;
  v6[3] = 0xb8;
  v6[15] = 1;
  const c = t.addresses.internV6(v6, 0);
  t.interfaces.push({ linkType: 1, snapLen: 262144 }, { linkType: 1, snapLen: 60 });
  t.records.setLayout(16, 1);
  for (let i = 0; i < 4; i++) {
    const r = t.add();
    t.tsSec[r] = i;
    t.tsNs[r] = 123_456_789;
    t.origLen[r] = 60 + i;
    // Frame 3 is on the second interface, whose snap length cuts it; frame 2 is cut for no known
    // reason; frame 4 does not follow frame 3 in the file.
    t.setRecord(
      r,
      i === 1 ? 50 : Math.min(60 + i, i === 2 ? 60 : 1e6),
      i === 2 ? 1 : 0,
      24 + i * 76 + (i === 3 ? 8 : 0),
    );
    if (i < 3) t.setEndpoints(r, 4, Proto.TCP, a, 40000 + i, b, 80);
    else t.setEndpoints(r, 6, Proto.TCP, c, 40000 + i, c, 80);
    t.tcpFlags[r] = TcpFlag.SYN | (i > 0 ? TcpFlag.ACK : 0);
    t.seq[r] = 0xfffffff0 + i;
  }
  const o = t.options.add(0);
  t.options.mss[o] = 1460;
  t.options.bits[o] = OptBit.MSS;
  t.options.addSack(o, 10, 20);
  return t;
}

describe('table transfer', () => {
  it('transfers every column buffer instead of copying it', () => {
    const t = sampleTable();
    const { value, transfer } = toTransferable(t);
    const columns = t.buffers();
    for (const b of columns) expect(transfer).toContain(b);
    expect(new Set(transfer).size).toBe(transfer.length);
    const copy = structuredClone(value, { transfer });
    // A transferred buffer is detached on the sending side: proof that nothing was copied.
    for (const b of columns) expect(b.byteLength).toBe(0);
    expect(fromTransferable(copy).length).toBe(4);
  });

  it('rebuilds a table whose methods and values match the original', () => {
    const expected = sampleTable();
    const { value, transfer } = toTransferable(sampleTable());
    const t = fromTransferable(structuredClone(value, { transfer }));
    expect(t).toBeInstanceOf(PacketTable);
    expect(t.length).toBe(expected.length);
    expect(t.time(2)).toBe(expected.time(2));
    expect([...t.seq]).toEqual([...expected.seq.subarray(0, 4)]);
    expect(t.addresses.endpoint(t.srcOf(0), t.srcPortOf(0))).toBe('127.0.0.1:40000');
    expect(t.addresses.endpoint(t.dstOf(0), t.dstPortOf(0))).toBe('10.0.0.2:80');
    expect(t.addresses.endpoint(t.srcOf(3), t.srcPortOf(3))).toBe('[2001:db8::1]:40003');
    expect([t.l3Of(0), t.l3Of(3), t.protoOf(2)]).toEqual([4, 6, Proto.TCP]);
    expect([0, 1, 2, 3].map((r) => t.capLenOf(r))).toEqual([60, 50, 60, 63]);
    expect([0, 1, 2, 3].map((r) => t.ifaceOf(r))).toEqual([0, 0, 1, 0]);
    expect([0, 1, 2, 3].map((r) => t.fileOffsetOf(r))).toEqual([24, 100, 176, 260]);
    expect(t.options.mss[0]).toBe(1460);
    expect([...t.options.sackEdges]).toEqual([10, 20]);
    expect(t.interfaces).toEqual([
      { linkType: 1, snapLen: 262144 },
      { linkType: 1, snapLen: 60 },
    ]);
  });

  it('keeps the address hash working, so interning a known address finds it again', () => {
    const { value, transfer } = toTransferable(sampleTable());
    const t = fromTransferable(structuredClone(value, { transfer }));
    expect(t.addresses.internV4(0x0a000002)).toBe(1);
    expect(t.addresses.internV4(0x0a000003)).toBe(3);
    const r = t.add();
    expect(r).toBe(4);
    // The endpoint pairs too: the same conversation, from the other side, is the same pair.
    t.setEndpoints(r, 4, Proto.TCP, 1, 80, 0, 40000);
    expect([t.pairOf(r), t.reversed(r), t.pairOf(0), t.reversed(0)]).toEqual([t.pairOf(0), true, 1, false]);
  });

  it('refuses a table laid out by a different worker build', () => {
    const { value } = toTransferable(sampleTable());
    expect(() => fromTransferable({ ...value, layout: 1 as 2 })).toThrow(/layout 1/);
  });
});
