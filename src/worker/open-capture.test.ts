// The worker's read path in Node: real captures (the e2e fixtures, copies of ../shared/scenarios)
// through the real BlobSource and reader. Expected figures: `tshark -r F -q -z conv,tcp` (4.0.17) and
// each scenario's manifest.json (expected_label).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlobSource } from '../capture/blob-source';
import { PacketTable } from '../capture/packet-table';
import { CaptureError } from '../capture/types';
import type { LoadProgress } from './analysis-api';
import { openCapture } from './open-capture';

const fixtures = path.resolve(import.meta.dirname, '../../e2e/fixtures');
const fileOf = (name: string, bytes = readFileSync(path.join(fixtures, name))) => new File([bytes], name);

describe('openCapture', () => {
  it('reads, follows and diagnoses a scenario capture', async () => {
    const r = await openCapture(new BlobSource(fileOf('g-stale-keepalive.pcap')));
    expect(r.error).toBeNull();
    expect(r.format).toBe('pcap');
    expect(r.packets).toBe(13);
    expect(r.table?.length).toBe(13);
    expect(r.linkTypes).toEqual([1]);
    const flows = r.flowSet?.flows ?? [];
    expect(flows).toHaveLength(1);
    const f = flows[0]!;
    const a = r.table!.addresses;
    expect([
      f.stream,
      a.endpoint(f.clientAddr, f.clientPort),
      a.endpoint(f.serverAddr, f.serverPort),
    ]).toEqual([0, '127.0.0.1:19201', '127.0.0.1:19200']);
    expect([f.packets, f.bytes]).toEqual([
      [7, 6],
      [612, 592],
    ]);
    expect(r.diagnosis?.flows[0]?.diagnosis).toBe('stale-keepalive-reuse');
  });

  it('counts refused connections one flow each, SYN side as client', async () => {
    const r = await openCapture(new BlobSource(fileOf('connection-refused.pcap')));
    expect(r.packets).toBe(6);
    const a = r.table!.addresses;
    expect(
      r.flowSet?.flows.map((f) => [a.endpoint(f.clientAddr, f.clientPort), f.bytes[0], f.bytes[1]]),
    ).toEqual([
      ['127.0.0.1:42666', 74, 54],
      ['127.0.0.1:42676', 74, 54],
      ['127.0.0.1:42682', 74, 54],
    ]);
    expect(r.diagnosis?.flows.map((d) => d.diagnosis)).toEqual(Array(3).fill('connection-refused'));
  });

  it('reports progress at most once per interval and ends at the whole file', async () => {
    const file = fileOf('l-server-crash-any.pcap');
    let clock = 0;
    const reports: LoadProgress[] = [];
    const r = await openCapture(new BlobSource(file), {
      chunkSize: 256,
      progressIntervalMs: 100,
      // Every clock read advances 7 ms, so a report is due every 15 reads or so.
      now: () => (clock += 7),
      onProgress: (p) => reports.push(p),
    });
    expect(r.packets).toBe(67);
    expect(reports.length).toBeGreaterThan(0);
    for (let i = 1; i < reports.length; i++) {
      expect(reports[i]!.elapsedMs - reports[i - 1]!.elapsedMs).toBeGreaterThanOrEqual(100);
    }
    expect(reports.at(-1)).toMatchObject({ bytesRead: file.size, bytesTotal: file.size, packets: 67 });
  });

  it('turns a file that is not a capture into an error, not an exception', async () => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(100)]);
    const r = await openCapture(new BlobSource(fileOf('photo.png', png)));
    expect(r.error?.kind).toBe('not-a-capture');
    expect(r.fileName).toBe('photo.png');
    expect(r.table).toBeNull();
    expect(r.flowSet).toBeNull();
    expect(r.diagnosis).toBeNull();
    expect(r.packets).toBe(0);
  });

  it('keeps, follows and diagnoses the packets read before a reader fault', async () => {
    const real = await openCapture(new BlobSource(fileOf('g-stale-keepalive.pcap')));
    const table = real.table ?? new PacketTable();
    // A reader that delivers five packets, has a sixth row half-built, then fails.
    const read = async (
      _s: unknown,
      o?: { onPacket?: (t: PacketTable, row: number, b: Uint8Array, s: number) => void },
    ) => {
      for (let row = 0; row < 5; row++) o?.onPacket?.(table, row, new Uint8Array(0), 0);
      table.length = 6;
      throw new CaptureError('corrupt', 'record length 4294967295 is impossible', 1234, 6);
    };
    const r = await openCapture(new BlobSource(fileOf('x.pcap', Buffer.alloc(10))), { read });
    expect(r.error).toEqual({
      kind: 'corrupt',
      message: 'record length 4294967295 is impossible',
      offset: 1234,
      frame: 6,
    });
    expect(r.packets).toBe(5);
    expect(r.table?.length).toBe(5);
    const f = r.flowSet!.flows[0]!;
    expect(f.packets[0] + f.packets[1]).toBe(5);
    expect([...f.rows]).toEqual([0, 1, 2, 3, 4]);
    expect(r.diagnosis?.flows).toHaveLength(1);
  });
});
