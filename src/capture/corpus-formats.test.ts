// Every file of the real corpus read through NodeFileSource + readCapture, checked against the
// tshark 4.0.17 oracle: frame count, format, compression, link types, first/last packet time
// (capinfos), and warnings wherever tshark itself failed.
import { describe, expect, it } from 'vitest';
import { NodeFileSource } from './node/file-source';
import { Decode, type PacketTable } from './packet-table';
import { readCapture } from './read-capture';
import { corpusFiles, type Oracle, parseEpoch, readOracle, realDir } from './testing/corpus';
import { CaptureError, type CaptureResult } from './types';

const files = await corpusFiles();
if (files.length === 0)
  console.warn('corpus-formats: ../shared/captures/real is absent; the corpus tests are skipped');

async function readOrError(file: string): Promise<CaptureResult | CaptureError> {
  try {
    return await readCapture(await NodeFileSource.open(realDir + file));
  } catch (e) {
    if (e instanceof CaptureError) return e;
    throw e;
  }
}

function distinct(xs: number[]): number[] {
  return xs.filter((x, i) => xs.indexOf(x) === i);
}

/** Earliest and latest packet time in ns since the epoch, packets with a time stamp only. */
function timeRange(t: PacketTable): [bigint, bigint] | null {
  let min: bigint | null = null;
  let max: bigint | null = null;
  for (let i = 0; i < t.length; i++) {
    if ((t.decode[i] ?? 0) & Decode.NotAPacket) continue;
    const ns = (BigInt(t.baseSec) + BigInt(t.tsSec[i] ?? 0)) * 1_000_000_000n + BigInt(t.tsNs[i] ?? 0);
    if (min === null || ns < min) min = ns;
    if (max === null || ns > max) max = ns;
  }
  return min === null || max === null ? null : [min, max];
}

function capinfosDigits(
  o: Oracle & { magic: { pcap_timestamp_resolution?: string | null } },
  s: string,
): number {
  if (o.magic.pcap_timestamp_resolution) return o.magic.pcap_timestamp_resolution === 'nanoseconds' ? 9 : 6;
  return s.split('.')[1]?.length ?? 0;
}

function expectTimes(r: CaptureResult, o: Oracle): void {
  const first = o.capinfos.first_packet_time_epoch;
  const last = o.capinfos.last_packet_time_epoch;
  if (!first || !last || first === 'n/a' || last === 'n/a') return;
  if (r.warnings.some((w) => w.message.includes('68 years'))) {
    // Packets more than 2^31 s apart (pcapplusplus__pcapng-example: one interface has negative
    // time stamps, read as unsigned): the table clamps them and warns. capinfos's own first/last
    // are no min/max there either: nstime_cmp() compares seconds as (int)(a - b).
    return;
  }
  const range = timeRange(r.table);
  expect(range).not.toBeNull();
  const ns = ([s, f]: [bigint, bigint]) => s * 1_000_000_000n + f;
  expect(range?.[0]).toBe(ns(parseEpoch(first, capinfosDigits(o, first))));
  expect(range?.[1]).toBe(ns(parseEpoch(last, capinfosDigits(o, last))));
}

describe.skipIf(files.length === 0)('the real corpus, read as tshark reads it', () => {
  it.each(files)('%s', async (file) => {
    const o = await readOracle(file);
    const r = await readOrError(file);
    if (o.format === 'unknown') {
      expect(r).toBeInstanceOf(CaptureError);
      expect((r as CaptureError).kind).toBe('not-a-capture');
      return;
    }
    if (r instanceof CaptureError) {
      // Refusing a file is only right where tshark failed too and showed no frame.
      expect({ rc: o.tshark.rc, frames: o.frames, error: r.message }).toMatchObject({ rc: 2, frames: 0 });
      expect(r.message).not.toMatch(/internal error/);
      return;
    }
    expect(r.format).toBe(o.format === 'pcap-modified' ? 'pcap' : o.format);
    expect(r.compressed).toBe(o.magic.compression);
    expect(r.linkTypes).toEqual(distinct(o.link_types));
    expectTimes(r, o);
    if (o.tshark.rc === 0) {
      expect(r.packets).toBe(o.frames);
      expect(r.truncated).toBe(false);
    } else {
      // tshark failed part-way: keep at least its frames, say where it went wrong.
      expect(r.packets).toBeGreaterThanOrEqual(o.frames);
      expect(r.truncated).toBe(true);
      const fault = r.warnings.at(-1);
      expect(fault?.frame).toBe(r.packets + 1);
      expect(fault?.offset).toBeTypeOf('number');
    }
    let nonPackets = 0;
    for (let i = 0; i < r.table.length; i++) if ((r.table.decode[i] ?? 0) & Decode.NotAPacket) nonPackets++;
    expect(nonPackets).toBe(o.custom_block_frames);
  });
});
