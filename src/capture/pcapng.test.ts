import { describe, expect, it } from 'vitest';
import { type Block, buildPcapng, concat, payload } from './testing/build';
import { readBytes, readError, rows, snapshot } from './testing/read';

const us = (sec: number, micros: number) => BigInt(sec) * 1_000_000n + BigInt(micros);

/** Offsets of the blocks of a file built from `blocks`. */
function offsets(blocks: Block[]): number[] {
  const out: number[] = [];
  let o = 0;
  for (const b of blocks) {
    out.push(o);
    o += buildPcapng(b.type === 'shb' ? [b] : [{ type: 'shb' }, b]).length - (b.type === 'shb' ? 0 : 28);
  }
  return out;
}

const basic: Block[] = [
  { type: 'shb' },
  { type: 'idb', linkType: 1, snapLen: 65535, name: 'eth0' },
  { type: 'epb', iface: 0, ts: us(1_700_000_000, 250_000), data: payload(61, 1) },
  { type: 'raw', blockType: 4, body: new Uint8Array(8) }, // NRB: skipped
  { type: 'epb', iface: 0, ts: us(1_700_000_002, 1), data: payload(1514, 2), origLen: 1600, comment: 'hi' },
  { type: 'raw', blockType: 5, body: new Uint8Array(12) }, // ISB: skipped
  { type: 'raw', blockType: 0x0a, body: new Uint8Array(16) }, // DSB: skipped
  { type: 'raw', blockType: 0x12345678, body: new Uint8Array(4) }, // unknown: skipped
];

describe('pcapng reader', () => {
  it.each([true, false])(
    'reads EPBs of a section (little-endian: %s), skipping NRB/ISB/DSB/unknown blocks',
    async (le) => {
      const blocks: Block[] = [{ type: 'shb', le }, ...basic.slice(1)];
      const r = await readBytes(buildPcapng(blocks));
      const at = offsets(blocks);
      expect(r.format).toBe('pcapng');
      expect(r.linkTypes).toEqual([1]);
      expect(r.table.interfaces).toEqual([{ linkType: 1, snapLen: 65535, name: 'eth0' }]);
      expect(r.warnings).toEqual([]);
      expect(r.truncated).toBe(false);
      expect(rows(r.table)).toEqual([
        {
          sec: 1_700_000_000,
          ns: 250_000_000,
          capLen: 61,
          origLen: 61,
          offset: at[2],
          iface: 0,
          notAPacket: false,
        },
        {
          sec: 1_700_000_002,
          ns: 1000,
          capLen: 1514,
          origLen: 1600,
          offset: at[4],
          iface: 0,
          notAPacket: false,
        },
      ]);
    },
  );

  it('applies if_tsresol (power of 10 and of 2) and if_tsoffset per interface', async () => {
    // tshark 4.0.17 on such a file: if_tsoffset 1000 with 5 000 000 µs shows 1005.000000000, and
    // 2^-20 s ticks 5·2^20 + 2^19 show 5.500000000.
    const r = await readBytes(
      buildPcapng([
        { type: 'shb' },
        { type: 'idb', linkType: 1, tsresol: 9 },
        { type: 'idb', linkType: 1, tsresol: 0x80 | 20, tsoffset: 1_000_000n },
        { type: 'idb', linkType: 1, tsresol: 3, tsoffset: -10n },
        { type: 'epb', iface: 0, ts: 1_700_000_000_123_456_789n, data: payload(4) },
        // 2^-20 s ticks: 5.5 s = 5 · 2^20 + 2^19 ticks.
        { type: 'epb', iface: 1, ts: 5n * 2n ** 20n + 2n ** 19n, data: payload(4) },
        { type: 'epb', iface: 2, ts: 1_700_000_000_999n, data: payload(4) },
      ]),
    );
    expect(rows(r.table).map((x) => [x.sec, x.ns, x.iface])).toEqual([
      [1_700_000_000, 123_456_789, 0],
      [1_000_005, 500_000_000, 1],
      [1_699_999_990, 999_000_000, 2],
    ]);
  });

  it('splits 64-bit time stamps exactly, as unsigned (Wireshark divides the unsigned count)', async () => {
    const ts = 0xffff_fffe_1234_5678n; // µs: far in the future, not representable as a double
    const r = await readBytes(
      buildPcapng([
        { type: 'shb' },
        { type: 'idb', linkType: 1 },
        { type: 'epb', iface: 0, ts, data: payload(4) },
      ]),
    );
    expect(r.table.baseSec).toBe(Number(ts / 1_000_000n));
    expect(r.table.tsNs[0]).toBe(Number(ts % 1_000_000n) * 1000);
  });

  it('gives an SPB the captured length min(original length, snaplen), snaplen 0 meaning no limit', async () => {
    const r = await readBytes(
      buildPcapng([
        { type: 'shb' },
        { type: 'idb', linkType: 1, snapLen: 100 },
        { type: 'spb', origLen: 150, data: payload(100) },
        { type: 'spb', origLen: 60, data: payload(60) },
        { type: 'shb' },
        { type: 'idb', linkType: 1, snapLen: 0 },
        { type: 'spb', origLen: 300, data: payload(300) },
      ]),
    );
    expect(rows(r.table).map((x) => [x.capLen, x.origLen, x.iface])).toEqual([
      [100, 150, 0],
      [60, 60, 0],
      [300, 300, 1],
    ]);
  });

  it('gives an SPB (no time stamp) the time of the frame before it', async () => {
    const r = await readBytes(
      buildPcapng([
        { type: 'shb' },
        { type: 'idb', linkType: 1 },
        { type: 'epb', iface: 0, ts: us(1000, 5), data: payload(4) },
        { type: 'spb', origLen: 4, data: payload(4) },
      ]),
    );
    expect(rows(r.table).map((x) => [x.sec, x.ns])).toEqual([
      [1000, 5000],
      [1000, 5000],
    ]);
  });

  it('reads the obsolete Packet Block with its 16-bit interface id', async () => {
    const r = await readBytes(
      buildPcapng([
        { type: 'shb', le: false },
        { type: 'idb', linkType: 0 },
        { type: 'idb', linkType: 113 },
        { type: 'pb', iface: 1, ts: us(2000, 7), data: payload(30), origLen: 31 },
      ]),
    );
    expect(r.linkTypes).toEqual([0, 113]);
    expect(rows(r.table)[0]).toMatchObject({ sec: 2000, ns: 7000, capLen: 30, origLen: 31, iface: 1 });
  });

  it('counts custom blocks as frames, as tshark does, with no packet in them', async () => {
    const r = await readBytes(
      buildPcapng([
        { type: 'shb' },
        { type: 'cb', pen: 32473, data: payload(8) },
        { type: 'idb', linkType: 1 },
        { type: 'epb', iface: 0, ts: us(10, 0), data: payload(4) },
        { type: 'cb', copy: false, pen: 32473, data: payload(44) },
      ]),
    );
    expect(r.packets).toBe(3);
    // pcapng.c: the record length is the block length less MIN_CB_SIZE (16), i.e. the data.
    expect(rows(r.table).map((x) => [x.capLen, x.notAPacket])).toEqual([
      [8, true],
      [4, false],
      [44, true],
    ]);
  });

  it('numbers interfaces across sections of different byte orders', async () => {
    const s1: Block[] = [
      { type: 'shb', le: true },
      { type: 'idb', linkType: 1 },
      { type: 'idb', linkType: 0 },
      { type: 'epb', iface: 1, ts: us(1, 0), data: payload(4) },
    ];
    const s2: Block[] = [
      { type: 'shb', le: false },
      { type: 'idb', linkType: 101 },
      { type: 'epb', iface: 0, ts: us(2, 0), data: payload(4) },
    ];
    const s3: Block[] = [
      { type: 'shb', le: true },
      { type: 'idb', linkType: 1 },
      { type: 'idb', linkType: 276 },
      { type: 'epb', iface: 1, ts: us(3, 0), data: payload(4) },
      { type: 'epb', iface: 0, ts: us(4, 0), data: payload(4) },
    ];
    const r = await readBytes(concat(buildPcapng(s1), buildPcapng(s2), buildPcapng(s3)));
    expect(r.table.interfaces.map((i) => i.linkType)).toEqual([1, 0, 101, 1, 276]);
    expect(r.linkTypes).toEqual([1, 0, 101, 276]);
    expect(rows(r.table).map((x) => [x.iface, x.sec])).toEqual([
      [1, 1],
      [2, 2],
      [4, 3],
      [3, 4],
    ]);
  });

  it('refuses a first section of an unknown version, as tshark does', async () => {
    const e = await readError(buildPcapng([{ type: 'shb', version: [0, 1] }, ...basic.slice(1)]));
    expect(e.kind).toBe('unsupported');
    expect(e.message).toMatch(/version 0\.1/);
  });

  it('reads version 1.2 sections', async () => {
    const r = await readBytes(buildPcapng([{ type: 'shb', version: [1, 2] }, ...basic.slice(1)]));
    expect(r.packets).toBe(2);
  });

  it('stops at a later section of an unknown version, keeping the packets before it', async () => {
    const first = buildPcapng(basic);
    const r = await readBytes(
      concat(first, buildPcapng([{ type: 'shb', version: [2, 0] }, ...basic.slice(1)])),
    );
    expect(r.packets).toBe(2);
    expect(r.truncated).toBe(true);
    expect(r.warnings).toEqual([expect.objectContaining({ frame: 3, offset: first.length })]);
  });

  it('rounds a total length that is not a multiple of 4 up, as Wireshark does, and says so', async () => {
    const bytes = buildPcapng(basic);
    const at = offsets(basic)[2]!;
    const dv = new DataView(bytes.buffer);
    const len = dv.getUint32(at + 4, true);
    dv.setUint32(at + 4, len - 3, true); // 61 data bytes + 3 padding: the length without padding
    const r = await readBytes(bytes);
    expect(r.packets).toBe(2);
    expect(r.truncated).toBe(false);
    expect(r.warnings).toEqual([expect.objectContaining({ frame: 1, offset: at })]);
  });

  it.each([
    [
      'its length fields disagree',
      (dv: DataView, at: number, len: number) => dv.setUint32(at + len - 4, len + 4, true),
    ],
    ['less than the 32 bytes', (dv: DataView, at: number) => dv.setUint32(at + 4, 28, true)],
    ['larger than any block', (dv: DataView, at: number) => dv.setUint32(at + 4, 0xfffffff0, true)],
    ['names interface 7', (dv: DataView, at: number) => dv.setUint32(at + 8, 7, true)],
    ['claims 262145 captured bytes', (dv: DataView, at: number) => dv.setUint32(at + 20, 262145, true)],
    ['too small for its 2000 bytes', (dv: DataView, at: number) => dv.setUint32(at + 20, 2000, true)],
  ])('stops at a damaged EPB (%s), keeping the frames before it', async (what, damage) => {
    const at = offsets(basic)[4]!;
    const bytes = buildPcapng(basic);
    const dv = new DataView(bytes.buffer);
    damage(dv, at, dv.getUint32(at + 4, true));
    const r = await readBytes(bytes);
    expect(r.packets).toBe(1);
    expect(r.truncated).toBe(true);
    expect(r.warnings).toEqual([{ frame: 2, offset: at, message: expect.stringContaining(what) }]);
    expect(r.warnings[0]?.message).toMatch(/^frame 2 \(the Enhanced Packet Block at offset \d+\) is damaged/);
  });

  it('stops at an SPB that comes before any IDB of its section', async () => {
    const r = await readBytes(buildPcapng([{ type: 'shb' }, { type: 'spb', origLen: 4, data: payload(4) }]));
    expect(r.packets).toBe(0);
    expect(r.warnings[0]).toMatchObject({
      frame: 1,
      offset: 28,
      message: expect.stringMatching(/before any Interface/),
    });
  });

  it('refuses a file whose first section header is damaged (wiresharkwiki__rarp_req_reply.pcap)', async () => {
    const bytes = buildPcapng(basic);
    new DataView(bytes.buffer).setUint32(4, 32, true);
    const e = await readError(bytes);
    expect(e.kind).toBe('corrupt');
    expect(e.message).toMatch(/first Section Header Block/);
  });

  it('keeps every complete block of a file cut inside its last block, and says where', async () => {
    const blocks = basic.slice(0, 5);
    const bytes = buildPcapng(blocks);
    const r = await readBytes(bytes.subarray(0, bytes.length - 10));
    const at = offsets(blocks)[4]!;
    expect(r.packets).toBe(1);
    expect(r.truncated).toBe(true);
    expect(r.warnings).toEqual([
      {
        frame: 2,
        offset: at,
        message: `frame 2 at offset ${at} is cut short: the file ends ${bytes.length - 10 - at} bytes into its ${bytes.length - at}-byte Enhanced Packet Block`,
      },
    ]);
  });

  it('gives the same table for every chunk size (blocks straddle chunks)', async () => {
    const bytes = concat(buildPcapng(basic), buildPcapng([{ type: 'shb', le: false }, ...basic.slice(1)]));
    const cut = bytes.subarray(0, bytes.length - 3);
    const ref = await readBytes(cut);
    expect(ref.packets).toBe(4);
    for (const chunkSize of [1, 2, 3, 7, 11, 12, 13, 16, 28, 64, 97, 1000, 1600]) {
      const r = await readBytes(cut, { chunkSize });
      expect(snapshot(r.table), `chunk size ${chunkSize}`).toEqual(snapshot(ref.table));
      expect(r.warnings).toEqual(ref.warnings);
    }
  });
});
