import { describe, expect, it } from 'vitest';
import { buildPcap, type PcapRecord, payload } from './testing/build';
import { readBytes, readError, rows, snapshot } from './testing/read';

const recs: PcapRecord[] = [
  { sec: 1_700_000_000, sub: 123_456, data: payload(60, 1) },
  { sec: 1_700_000_001, sub: 999_999, data: payload(1514, 2) },
  { sec: 1_700_000_001, sub: 0, data: payload(42, 3), origLen: 1500 },
];

describe('pcap reader', () => {
  it.each([true, false])('reads a µs file (little-endian: %s): times, lengths, offsets', async (le) => {
    const r = await readBytes(buildPcap({ le, network: 1, records: recs }));
    expect(r.format).toBe('pcap');
    expect(r.compressed).toBeNull();
    expect(r.linkTypes).toEqual([1]);
    expect(r.truncated).toBe(false);
    expect(r.warnings).toEqual([]);
    expect(r.table.baseSec).toBe(1_700_000_000);
    expect(rows(r.table)).toEqual([
      {
        sec: 1_700_000_000,
        ns: 123_456_000,
        capLen: 60,
        origLen: 60,
        offset: 24,
        iface: 0,
        notAPacket: false,
      },
      {
        sec: 1_700_000_001,
        ns: 999_999_000,
        capLen: 1514,
        origLen: 1514,
        offset: 24 + 16 + 60,
        iface: 0,
        notAPacket: false,
      },
      {
        sec: 1_700_000_001,
        ns: 0,
        capLen: 42,
        origLen: 1500,
        offset: 24 + 32 + 60 + 1514,
        iface: 0,
        notAPacket: false,
      },
    ]);
    expect(r.bytesRead).toBe(24 + 48 + 60 + 1514 + 42);
  });

  it.each([true, false])('keeps nanoseconds exactly in a ns file (little-endian: %s)', async (le) => {
    const r = await readBytes(
      buildPcap({ le, nano: true, records: [{ sec: 4_000_000_000, sub: 999_999_999, data: payload(10) }] }),
    );
    expect(rows(r.table)[0]).toMatchObject({ sec: 4_000_000_000, ns: 999_999_999 });
  });

  it.each([true, false])(
    'reads the modified (a1b2cd34) format with 24-byte record headers (le: %s)',
    async (le) => {
      const r = await readBytes(buildPcap({ le, modified: true, records: recs }));
      expect(rows(r.table).map((x) => [x.offset, x.capLen])).toEqual([
        [24, 60],
        [24 + 24 + 60, 1514],
        [24 + 48 + 60 + 1514, 42],
      ]);
    },
  );

  it('takes the link type from the low 16 bits and ignores the FCS bits', async () => {
    // 0x24000000: FCS length present (bit 26), 2 × 16 bits of FCS (bits 28-31).
    const r = await readBytes(buildPcap({ network: 0x24000000 | 276, records: recs.slice(0, 1) }));
    expect(r.linkTypes).toEqual([276]);
    expect(r.table.interfaces).toEqual([{ linkType: 276, snapLen: 262144 }]);
  });

  it("maps an AIX 2.2 file's ifType 6 to Ethernet with ns time stamps, as libpcap.c does", async () => {
    const r = await readBytes(
      buildPcap({ version: [2, 2], network: 6, records: [{ sec: 5, sub: 7, data: payload(40) }] }),
    );
    expect(r.linkTypes).toEqual([1]);
    expect(rows(r.table)[0]).toMatchObject({ sec: 5, ns: 7 });
  });

  it('refuses reserved link-type bits as tshark does', async () => {
    const e = await readError(buildPcap({ network: 0x00300001, records: [] }));
    expect(e.kind).toBe('unsupported');
    expect(e.message).toMatch(/reserved bits set \(0x00300000\)/);
  });

  it('refuses major version 1 as tshark does', async () => {
    const e = await readError(buildPcap({ version: [1, 4], records: recs }));
    expect(e.kind).toBe('unsupported');
    expect(e.message).toMatch(/version 1\.4/);
  });

  it('reads version 2.2 with a warning, its length fields swapped as Wireshark swaps them', async () => {
    // Before 2.3 the header held orig_len before incl_len: write them that way round.
    const r = await readBytes(
      buildPcap({
        version: [2, 2],
        records: [{ sec: 1, sub: 0, data: payload(40), capLenField: 1500, origLen: 40 }],
      }),
    );
    expect(rows(r.table)[0]).toMatchObject({ capLen: 40, origLen: 1500 });
    expect(r.warnings).toEqual([
      expect.objectContaining({ offset: 4, message: expect.stringMatching(/version 2\.2/) }),
    ]);
    expect(r.truncated).toBe(false);
  });

  it('computes an out-of-range µs field as Wireshark does (1 000 000 µs is the next second)', async () => {
    // tcpdump__timestamp_invalid_micro.pcap: tshark shows 1418145370.1000000 and, for
    // 2147483648 µs (× 1000 wraps to 0 in 32 bits), 1418145370.000000000.
    const r = await readBytes(
      buildPcap({
        records: [
          { sec: 1418145370, sub: 1_000_000, data: payload(20) },
          { sec: 1418145370, sub: 2_147_483_648, data: payload(20) },
        ],
      }),
    );
    expect(rows(r.table).map((x) => [x.sec, x.ns])).toEqual([
      [1418145371, 0],
      [1418145370, 0],
    ]);
    expect(r.warnings).toEqual([expect.objectContaining({ frame: 1, offset: 24 })]);
  });

  it('keeps every complete packet of a file cut inside its last record, and says where', async () => {
    const whole = buildPcap({ records: recs });
    const cut = whole.subarray(0, whole.length - 30);
    const r = await readBytes(cut);
    expect(r.packets).toBe(2);
    expect(r.truncated).toBe(true);
    const lastOffset = 24 + 32 + 60 + 1514;
    expect(r.warnings).toEqual([
      {
        frame: 3,
        offset: lastOffset,
        message: `frame 3 at offset ${lastOffset} is cut short: the file ends 28 bytes into its 58-byte record (16-byte header + 42 bytes of packet data)`,
      },
    ]);
  });

  it('reports a file cut inside a record header', async () => {
    const whole = buildPcap({ records: recs.slice(0, 1) });
    const r = await readBytes(new Uint8Array([...whole, 1, 2, 3, 4, 5]));
    expect(r.packets).toBe(1);
    expect(r.warnings[0]?.message).toMatch(
      /frame 2 at offset 100 is cut short: the file ends 5 bytes into its 16-byte record header/,
    );
  });

  it('stops at a captured length no packet can have, keeping the frames before it', async () => {
    const bad: PcapRecord = { sec: 1, sub: 0, data: payload(8), capLenField: 262145 };
    const r = await readBytes(buildPcap({ records: [...recs.slice(0, 2), bad, recs[0]!] }));
    expect(r.packets).toBe(2);
    expect(r.truncated).toBe(true);
    expect(r.warnings[0]).toMatchObject({ frame: 3, offset: 24 + 32 + 60 + 1514 });
    expect(r.warnings[0]?.message).toMatch(/claims 262145 captured bytes/);
  });

  it('accepts a huge original length with a small captured length (tcp_header_heapoverflow)', async () => {
    const r = await readBytes(
      buildPcap({ records: [{ sec: 1, sub: 0, data: payload(46), origLen: 262144 }] }),
    );
    expect(rows(r.table)[0]).toMatchObject({ capLen: 46, origLen: 262144 });
  });

  it('reads a header-only file as an empty capture', async () => {
    const r = await readBytes(buildPcap({ records: [] }));
    expect(r.packets).toBe(0);
    expect(r.warnings).toEqual([]);
    expect(r.table.interfaces).toHaveLength(1);
  });

  it('refuses a file that ends inside its file header', async () => {
    const e = await readError(buildPcap({ records: [] }).subarray(0, 20));
    expect(e.kind).toBe('corrupt');
  });

  it('gives the same table for every chunk size (records straddle chunks)', async () => {
    const bytes = buildPcap({ records: [...recs, ...recs, ...recs] });
    const cut = bytes.subarray(0, bytes.length - 7);
    const ref = await readBytes(cut);
    for (const chunkSize of [1, 2, 3, 5, 15, 16, 17, 23, 24, 25, 64, 100, 1513, 1514, 1530]) {
      const r = await readBytes(cut, { chunkSize });
      expect(snapshot(r.table), `chunk size ${chunkSize}`).toEqual(snapshot(ref.table));
      expect(r.warnings).toEqual(ref.warnings);
    }
  });
});
