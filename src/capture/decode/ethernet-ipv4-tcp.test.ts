// The one-function path for Ethernet/IPv4/TCP frames must write exactly what the layer-by-layer path
// writes. Every Ethernet frame of the corpus is decoded both ways, then the same frames with their
// header bytes mutated (lengths, version, fragment bits, protocol, TCP data offset, options) and cut
// short, so that both the frames the fast path takes and those it must hand back are compared.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PacketTable } from '../packet-table';
import { DecodeState } from './decode-state';
import { decodeEthernetIPv4Tcp } from './ethernet-ipv4-tcp';
import { FrameDecoder } from './frame-decoder';
import { decodeLink, LinkType } from './link';
import { loadCapture } from './testing/load-capture';
import { forEachRecord } from './testing/read-records';

const repoRoot = path.resolve(__dirname, '../../..');
const realDir = path.resolve(repoRoot, '../shared/captures/real');
const present = existsSync(realDir);
if (!present) console.warn(`ethernet-ipv4-tcp: ${realDir} is absent, so the corpus comparison is skipped`);

interface Frame {
  bytes: Uint8Array;
  origLen: number;
}

function ethernetFrames(): Frame[] {
  const out: Frame[] = [];
  for (const f of readdirSync(realDir)) {
    if (f.endsWith('.md')) continue;
    const bytes = loadCapture(path.join(realDir, f));
    forEachRecord(bytes, (_frame, linkType, start, capLen, origLen) => {
      if (linkType === LinkType.ETHERNET) out.push({ bytes: bytes.slice(start, start + capLen), origLen });
    });
  }
  return out;
}

/** Decodes `frames` into a fresh table with the production decoder (fast path first). */
function viaDecoder(frames: Frame[]): PacketTable {
  const t = new PacketTable();
  t.options.keepTimestamps = true;
  const d = new FrameDecoder(t);
  for (const { bytes, origLen } of frames) {
    const row = t.add();
    d.decode(row, LinkType.ETHERNET, bytes, 0, bytes.length, origLen);
  }
  return t;
}

/** The same through the layers only, as FrameDecoder did before the fast path. */
function viaLayers(frames: Frame[]): PacketTable {
  const t = new PacketTable();
  t.options.keepTimestamps = true;
  const s = new DecodeState(t);
  for (const { bytes, origLen } of frames) {
    const row = t.add();
    Object.assign(s, { row, buf: bytes, base: 0, capEnd: bytes.length, vlan: 0, ipDepth: 0 });
    Object.assign(s, { l3: 0, proto: 0, src: 0, dst: 0, srcV4: 0, dstV4: 0, srcPort: 0, dstPort: 0 });
    s.reportedEnd = Math.max(origLen, bytes.length);
    decodeLink(s, LinkType.ETHERNET, 0);
    if (s.l3 === 4)
      t.pair[row] = t.pairs.internV4(s.proto, s.srcV4, s.srcPort, s.dstV4, s.dstPort, t.addresses);
    else if (s.l3 === 6) t.pair[row] = t.pairs.intern(6, s.proto, s.src, s.srcPort, s.dst, s.dstPort);
  }
  return t;
}

function rows(t: PacketTable): string[] {
  const out: string[] = [];
  for (let r = 0; r < t.length; r++) {
    out.push(
      [
        t.decode[r],
        t.l3Of(r),
        t.protoOf(r),
        t.srcOf(r),
        t.srcPortOf(r),
        t.dstOf(r),
        t.dstPortOf(r),
        t.tcpFlags[r],
        t.seq[r],
        t.ack[r],
        t.win[r],
        t.payloadOffset[r],
        t.payloadLength[r],
      ].join(','),
    );
  }
  const o = t.options;
  for (let k = 0; k < o.length; k++) {
    const sack = Array.from(o.sackEdges.subarray(o.sackStart[k], o.sackStart[k]! + 2 * o.sackCount[k]!));
    out.push(
      `opt ${o.packet[k]} ${o.mss[k]} ${o.wscale[k]} ${o.bits[k]} ${o.tsVal[k]} ${o.tsEcr[k]} ${sack}`,
    );
  }
  return out;
}

/** Deterministic mutations of the header bytes the fast path tests (xorshift PRNG). */
function mutated(frames: Frame[], seed: number): Frame[] {
  let x = seed;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  const spots = [12, 13, 14, 16, 17, 20, 21, 23, 46, 47, 54, 55, 56, 57];
  return frames.map(({ bytes, origLen }) => {
    const b = bytes.slice(0, next() % 8 === 0 ? next() % (bytes.length + 1) : bytes.length);
    for (let n = next() % 3; n >= 0; n--) {
      const at = spots[next() % spots.length]!;
      if (at < b.length) b[at] = next() % 4 === 0 ? 0 : next() & 0xff;
    }
    return { bytes: b, origLen: next() % 8 === 0 ? next() % 2000 : origLen };
  });
}

describe.skipIf(!present)('the Ethernet/IPv4/TCP fast path', () => {
  const frames = present ? ethernetFrames() : [];

  it('takes most corpus frames and writes what the layers write', () => {
    const s = new DecodeState(new PacketTable());
    let taken = 0;
    for (const { bytes } of frames) {
      s.buf = bytes;
      s.row = 0;
      if (decodeEthernetIPv4Tcp(s, 0, bytes.length)) taken++;
    }
    // Guards against a vacuous pass: the comparison below must cover the fast path.
    expect(taken).toBeGreaterThan(5_000);
    expect(taken).toBeLessThan(frames.length);
    expect(rows(viaDecoder(frames))).toEqual(rows(viaLayers(frames)));
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('agrees on mutated and cut frames (seed %i)', (seed) => {
    const m = mutated(frames, seed * 2654435761);
    expect(rows(viaDecoder(m))).toEqual(rows(viaLayers(m)));
  });
});
