// Any bytes, any lengths: the decoder never throws, never loops without bound, and never reads
// outside [start, start + capLen) — checked by decoding each frame twice, surrounded by different
// bytes, and requiring the same row. Inputs are random frames and corpus frames with bit flips,
// cuts and corrupted length fields.
import { existsSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PacketTable } from '../packet-table';
import { FrameDecoder } from './frame-decoder';
import { loadCapture } from './testing/load-capture';
import { forEachRecord } from './testing/read-records';

const LINK_TYPES = [0, 1, 12, 14, 101, 108, 113, 228, 229, 276, 9, 147];

/** Everything the decoder wrote for `row`, as one comparable value. */
function snapshot(t: PacketTable, row: number): unknown {
  const opts: unknown[] = [];
  const o = t.options;
  for (let i = 0; i < o.length; i++) {
    if (o.packet[i] !== row) continue;
    const sacks = [...o.sackEdges.subarray(o.sackStart[i], o.sackStart[i]! + 2 * o.sackCount[i]!)];
    opts.push([o.mss[i], o.wscale[i], o.bits[i], o.tsVal[i], o.tsEcr[i], sacks]);
  }
  return {
    l3: t.l3Of(row),
    proto: t.protoOf(row),
    decode: t.decode[row],
    src: t.l3Of(row) ? t.addresses.format(t.srcOf(row)) : '',
    dst: t.l3Of(row) ? t.addresses.format(t.dstOf(row)) : '',
    ports: [t.srcPortOf(row), t.dstPortOf(row)],
    tcp: [t.tcpFlags[row], t.seq[row], t.ack[row], t.win[row]],
    payload: [t.payloadOffset[row], t.payloadLength[row]],
    opts,
  };
}

/** Two decoders fed the same frames inside different surroundings. */
function twin() {
  const sides = [0x00, 0xff].map((fill) => {
    const table = new PacketTable();
    // Timestamps too, so that their reads are checked for staying inside the frame.
    table.options.keepTimestamps = true;
    return { fill, table, decoder: new FrameDecoder(table) };
  });
  return (linkType: number, frame: Uint8Array, capLen: number, origLen: number) => {
    const rows = sides.map(({ fill, table, decoder }) => {
      const lead = fill === 0 ? 7 : 3;
      const buf = new Uint8Array(lead + frame.length + 64).fill(fill);
      buf.set(frame.subarray(0, capLen), lead);
      const row = table.add();
      decoder.decode(row, linkType, buf, lead, capLen, origLen);
      const { view, viewStart } = decoder;
      // Whatever the hook is handed must contain the payload the row points at.
      expect(viewStart + table.payloadOffset[row]!).toBeLessThanOrEqual(view.length);
      return snapshot(table, row);
    });
    expect(rows[0]).toEqual(rows[1]);
  };
}

describe('decoder robustness', () => {
  it('handles random bytes under every link type', () => {
    const check = twin();
    fc.assert(
      fc.property(
        fc.constantFrom(...LINK_TYPES),
        fc.uint8Array({ maxLength: 200 }),
        fc.nat(300),
        fc.nat(70000),
        (lt, bytes, cap, orig) => {
          check(lt, bytes, Math.min(cap, bytes.length), orig);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('handles random bytes behind valid-looking IPv4 / IPv6 / TCP headers', () => {
    const check = twin();
    const v4 = [0x45, 0, 0, 40, 0, 1, 0x20, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2];
    const v6 = [0x60, 0, 0, 0, 0, 20, 0, 64, ...new Array(32).fill(1)];
    fc.assert(
      fc.property(fc.boolean(), fc.uint8Array({ maxLength: 120 }), fc.nat(200), (isV4, tail, cap) => {
        const frame = new Uint8Array([...(isV4 ? v4 : v6), ...tail]);
        check(101, frame, Math.min(cap, frame.length), frame.length);
      }),
      { numRuns: 3000 },
    );
  });

  const shared = path.resolve(__dirname, '../../../../shared/captures/real');
  const files = [
    'wiresharkwiki__6in4.pcap.gz',
    'pcapplusplus__frag_http_req.pcap',
    'pcapplusplus__ip6_fragments.pcap',
    'libpcap__ipv6_ext_headers.pcap',
    'pcapplusplus__one_http_stream_rst.pcap',
    'lwerdna__simple_http_sll2.pcap',
    'pcapplusplus__ipv4-options.pcap',
    'zeek__vlan-qinqinq.pcap',
    'pcapplusplus__null_loopback.pcap',
  ];
  const present = existsSync(shared);
  if (!present) console.warn(`robustness: ${shared} is absent, so corpus mutations are skipped`);

  it.skipIf(!present)('handles corpus frames with bit flips, cuts and corrupted length fields', () => {
    const frames: { lt: number; bytes: Uint8Array }[] = [];
    for (const f of files) {
      const data = loadCapture(path.join(shared, f));
      forEachRecord(data, (_n, lt, start, capLen) => {
        if (lt >= 0 && frames.length < 2000) frames.push({ lt, bytes: data.slice(start, start + capLen) });
      });
    }
    const check = twin();
    fc.assert(
      fc.property(
        fc.nat(frames.length - 1),
        fc.array(fc.tuple(fc.nat(200), fc.nat(7)), { maxLength: 8 }),
        fc.array(fc.tuple(fc.nat(200), fc.nat(255)), { maxLength: 3 }),
        fc.nat(2000),
        (i, flips, bytesSet, cut) => {
          const { lt, bytes } = frames[i]!;
          const frame = bytes.slice();
          for (const [at, bit] of flips) if (at < frame.length) frame[at]! ^= 1 << bit;
          for (const [at, v] of bytesSet) if (at < frame.length) frame[at] = v;
          check(lt, frame, Math.min(cut, frame.length), frame.length);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
