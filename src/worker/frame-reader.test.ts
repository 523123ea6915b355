// Frame bytes re-read on demand must be the frame's bytes as tshark shows them (frame_raw of
// `tshark -T json -x`, 4.0.17): whole frames of pcap, modified pcap, little- and big-endian pcapng with
// custom blocks, and gzip / zstd compressed files; and payload heads as tshark's tcp.payload.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlobSource } from '../capture/blob-source';
import { Proto } from '../capture/packet-table';
import type { FrameRequest } from './analysis-api';
import { createFrameReader, detectFormat } from './frame-reader';
import { openCapture } from './open-capture';

const repo = path.resolve(import.meta.dirname, '../..');
const real = path.resolve(repo, '../shared/captures/real');
const fixtures = path.join(repo, 'e2e/fixtures');
const tshark = '/usr/bin/tshark';
const ready = existsSync(real) && existsSync(tshark);
if (!ready) console.warn(`frame-reader tests skipped: need ${real} and ${tshark}`);

interface TsharkPacket {
  _source: { layers: { frame_raw?: [string, ...unknown[]]; 'tcp.payload'?: string[] } };
}

function tsharkFrames(file: string): string[] {
  const out = execFileSync(tshark, ['-r', file, '-T', 'json', '-x'], {
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return (JSON.parse(out.toString()) as TsharkPacket[]).map((p) => p._source.layers.frame_raw?.[0] ?? '');
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

async function open(file: string) {
  const blob = new File([readFileSync(file)], path.basename(file));
  const r = await openCapture(new BlobSource(blob));
  if (!r.table || !r.format) throw new Error(`${file} did not open`);
  return { blob, r, table: r.table, reader: createFrameReader(blob, r.format, r.compressed) };
}

describe.skipIf(!ready)('frame reader', () => {
  const files = [
    path.join(fixtures, 'g-stale-keepalive.pcap'),
    path.join(fixtures, 'l-server-crash-any.pcap'),
    path.join(real, 'rusticata__modified-format.pcap'),
    path.join(real, 'pcapngtestgen__be-test202.pcapng'),
    path.join(real, 'pcapngtestgen__le-test202.pcapng'),
    path.join(real, 'chrissanders__http_ip4and6.pcapng'),
    path.join(real, 'wiresharkwiki__bgp.pcapng.gz'),
    path.join(real, 'pcapplusplus__pcapng-example.pcapng.zst'),
  ];

  for (const file of files) {
    it(`reads every frame of ${path.basename(file)} as tshark shows it`, async () => {
      const { table, reader } = await open(file);
      const requests: FrameRequest[] = [];
      for (let row = 0; row < table.length; row++) {
        requests.push({ offset: table.fileOffsetOf(row), skip: 0, length: table.capLenOf(row) });
      }
      const got = (await reader.read(requests)).map(hex);
      expect(got).toEqual(tsharkFrames(file));
    });
  }

  it('reads the first payload bytes of TCP segments as tshark’s tcp.payload', async () => {
    const file = path.join(real, 'pcapplusplus__pcapng-example.pcapng.zst');
    const { table, reader } = await open(file);
    const rows: number[] = [];
    for (let row = 0; row < table.length; row++) {
      if (table.protoOf(row) === Proto.TCP && (table.payloadLength[row] ?? 0) > 0) rows.push(row);
    }
    const requests = rows.map((row) => ({
      offset: table.fileOffsetOf(row),
      skip: table.payloadOffset[row]!,
      length: Math.min(32, table.payloadLength[row]!, table.capLenOf(row) - table.payloadOffset[row]!),
    }));
    const got = (await reader.read(requests)).map(hex);
    const out = execFileSync(tshark, ['-r', file, '-T', 'fields', '-e', 'tcp.payload'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const expected = out
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((p) => p.slice(0, 64));
    expect(rows.length).toBeGreaterThan(50);
    expect(got).toEqual(expected);
  });

  it('sniffs the format of a compressed capture again', async () => {
    const blob = new File([readFileSync(path.join(real, 'wiresharkwiki__bgp.pcapng.gz'))], 'x');
    expect(await detectFormat(blob)).toEqual({ format: 'pcapng', compressed: 'gzip' });
    expect(await detectFormat(new File([Buffer.alloc(64, 7)], 'y'))).toBeNull();
  });
});
