import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { bufferSource } from './buffer-source';
import { forEachRecord } from './decode/testing/read-records';
import { readCapture } from './read-capture';
import { payload } from './testing/build';
import { type CaptureRecord, writePcap } from './write-pcap';
import { timeResolution, writePcapng } from './write-pcapng';

const TSHARK = '/usr/bin/tshark';
const hasTshark = existsSync(TSHARK);
if (!hasTshark)
  console.warn('tshark not found at /usr/bin/tshark: written files are checked with our reader only');
const work = mkdtempSync(path.join(tmpdir(), 'wirelens-write-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** tshark's fields for every frame of `bytes` (written to a temporary file). */
function tshark(bytes: Uint8Array, fields: string[]): string[][] {
  const file = path.join(work, `f${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, bytes);
  const args = ['-r', file, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])];
  const run = spawnSync(TSHARK, args, { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout
    .trim()
    .split('\n')
    .map((l) => l.split('\t'));
}

const epoch = (r: CaptureRecord) => `${r.sec}.${String(r.ns).padStart(9, '0')}`;

const records: CaptureRecord[] = [
  { sec: 1_700_000_000, ns: 123_456_000, origLen: 60, bytes: payload(60, 1) },
  { sec: 1_700_000_001, ns: 0, origLen: 1514, bytes: payload(96, 2) },
  { sec: 1_700_000_001, ns: 999_999_000, origLen: 42, bytes: payload(42, 3) },
];

describe('writePcap', () => {
  test('writes the microsecond magic, the link type and snaplen, and every record as given', async () => {
    const out = writePcap(records, 113, 96);
    const dv = new DataView(out.buffer);
    expect([...out.subarray(0, 4)]).toEqual([0xd4, 0xc3, 0xb2, 0xa1]);
    expect([dv.getUint16(4, true), dv.getUint16(6, true)]).toEqual([2, 4]);
    expect(dv.getUint32(16, true)).toBe(96);
    expect(dv.getUint32(20, true)).toBe(113);
    const seen: [number, number, number][] = [];
    forEachRecord(out, (_f, link, start, cap, orig) => {
      expect(link).toBe(113);
      seen.push([start, cap, orig]);
    });
    expect(seen.map(([, c, o]) => [c, o])).toEqual(records.map((r) => [r.bytes.length, r.origLen]));
    expect(seen.map(([start, cap]) => out.subarray(start, start + cap))).toEqual(records.map((r) => r.bytes));
    const back = await readCapture(bufferSource(out));
    expect(back.format).toBe('pcap');
    expect(Array.from({ length: 3 }, (_, i) => back.table.time(i))).toEqual(
      records.map((r) => r.sec + r.ns / 1e9),
    );
  });

  test('switches to the nanosecond magic only when a time stamp has sub-microsecond digits', async () => {
    const nano = [...records, { sec: 1_700_000_002, ns: 1, origLen: 10, bytes: payload(10) }];
    const out = writePcap(nano, 1, 0);
    expect([...out.subarray(0, 4)]).toEqual([0x4d, 0x3c, 0xb2, 0xa1]);
    expect(new DataView(out.buffer).getUint32(16, true)).toBe(262144);
    const back = await readCapture(bufferSource(out));
    expect(Array.from(back.table.tsNs)).toEqual(nano.map((r) => r.ns));
    if (hasTshark) expect(tshark(out, ['frame.time_epoch']).map((x) => x[0])).toEqual(nano.map(epoch));
  });

  test('never claims a snaplen below its longest record', () => {
    const out = writePcap(records, 1, 64);
    expect(new DataView(out.buffer).getUint32(16, true)).toBe(96);
  });

  test.skipIf(!hasTshark)('is read by tshark with the same times and lengths', () => {
    const got = tshark(writePcap(records, 1, 0), ['frame.time_epoch', 'frame.cap_len', 'frame.len']);
    expect(got).toEqual(records.map((r) => [epoch(r), String(r.bytes.length), String(r.origLen)]));
  });
});

describe('writePcapng', () => {
  const mixed: CaptureRecord[] = records.map((r, i) => ({ ...r, ns: r.ns + 7, iface: i % 2 }));
  const ifaces = [
    { linkType: 1, snapLen: 0, name: 'eth0' },
    { linkType: 101, snapLen: 65535 },
  ];

  test('keeps each packet on its interface with its link type, nanosecond times and lengths', async () => {
    const out = writePcapng(mixed, ifaces);
    const back = await readCapture(bufferSource(out));
    expect(back.format).toBe('pcapng');
    expect(back.linkTypes).toEqual([1, 101]);
    expect(back.table.interfaces.map((i) => i.name)).toEqual(['eth0', undefined]);
    expect([0, 1, 2].map((r) => back.table.ifaceOf(r))).toEqual([0, 1, 0]);
    expect(Array.from(back.table.tsNs)).toEqual(mixed.map((r) => r.ns));
    expect(Array.from(back.table.origLen)).toEqual(mixed.map((r) => r.origLen));
    if (hasTshark) {
      const got = tshark(out, ['frame.time_epoch', 'frame.interface_id', 'frame.cap_len', 'frame.len']);
      expect(got).toEqual(
        mixed.map((r) => [epoch(r), String(r.iface), String(r.bytes.length), String(r.origLen)]),
      );
    }
  });

  test('uses a coarser resolution only for dates beyond what 64-bit nanoseconds hold', () => {
    expect(timeResolution(records)).toBe(9);
    const far = [{ sec: 18_446_744_073_204, ns: 160_194_000, origLen: 4, bytes: payload(4) }];
    expect(timeResolution(far)).toBe(6);
    if (hasTshark)
      expect(tshark(writePcapng(far, ifaces), ['frame.time_epoch'])).toEqual([
        [epoch(far[0] as CaptureRecord)],
      ]);
  });

  test('rejects a record naming an interface it was not given', () => {
    expect(() => writePcapng([{ ...(records[0] as CaptureRecord), iface: 2 }], ifaces)).toThrow(RangeError);
  });
});
