// The benchmark generator must write captures Wireshark reads without complaint, the same bytes for
// the same seed, and the same packets in pcap and pcapng. tshark (4.0) is the judge.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DatasetMeta,
  type DatasetSpec,
  datasetSpecs,
  generateDataset,
  generatorHash,
} from './datasets.mjs';

const TSHARK = '/usr/bin/tshark';
const hasTshark = existsSync(TSHARK);
if (!hasTshark)
  console.warn('tshark not installed (apt-get install tshark): the Wireshark checks are skipped');

function tshark(args: string[]): string {
  return execFileSync(TSHARK, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 1 << 28,
  });
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

describe('benchmark capture generator', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wirelens-gen-test-'));
  const specs = datasetSpecs({ httpBytes: 10e6, smallPackets: 20000 }, dir);
  const hash = generatorHash();
  const made = new Map<string, DatasetMeta>();
  const spec = (id: string): DatasetSpec => specs.find((s) => s.id === id)!;

  beforeAll(async () => {
    for (const s of specs) {
      const same = s.samePacketsAs ? made.get(s.samePacketsAs)?.packets : undefined;
      made.set(s.id, await generateDataset(s, hash, same));
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the same bytes for the same seed and sizes', async () => {
    const again = { ...spec('http-pcap'), file: path.join(dir, 'again.pcap') };
    await generateDataset(again, hash);
    expect(sha256(again.file)).toBe(sha256(spec('http-pcap').file));
  });

  it('writes the pcapng file with exactly the packets of the pcap file', () => {
    expect(made.get('http-pcapng')?.packets).toBe(made.get('http-pcap')?.packets);
  });

  describe.skipIf(!hasTshark)('as tshark reads it', () => {
    // One tshark pass per file, with checksum validation on (it is off by default).
    const FIELDS = [
      'frame.len',
      '_ws.malformed',
      'frame.time_epoch',
      'tcp.stream',
      'tcp.seq_raw',
      'tcp.flags',
      'tcp.checksum.status',
      'ip.checksum.status',
      'http.request.method',
      'http.response.code',
      '_ws.expert.message',
    ];
    const col = (name: string) => FIELDS.indexOf(name);
    const dumps = new Map<string, string[][]>();
    const rows = (id: string): string[][] => {
      let d = dumps.get(id);
      if (!d) {
        const args = [
          '-r',
          spec(id).file,
          '-o',
          'tcp.check_checksum:TRUE',
          '-o',
          'ip.check_checksum:TRUE',
          '-T',
          'fields',
        ];
        const out = tshark([...args, ...FIELDS.flatMap((f) => ['-e', f])]);
        d = out
          .replace(/\n$/, '')
          .split('\n')
          .map((l) => l.split('\t'));
        dumps.set(id, d);
      }
      return d;
    };
    const count = (id: string, test: (r: string[]) => boolean) => rows(id).filter(test).length;

    it.each(['http-pcap', 'http-pcapng', 'small-pcap'])(
      '%s has the packet count it claims and no malformed frame',
      (id) => {
        expect(rows(id).length).toBe(made.get(id)?.packets);
        expect(count(id, (r) => r[col('_ws.malformed')] !== '')).toBe(0);
      },
    );

    it.each(['http-pcap', 'small-pcap'])(
      '%s has valid IPv4 and TCP checksums on every frame (status 1 = good)',
      (id) => {
        expect(
          count(id, (r) => r[col('tcp.checksum.status')] !== '1' || r[col('ip.checksum.status')] !== '1'),
        ).toBe(0);
      },
    );

    it('gives pcap and pcapng the same frames, times and sequence numbers', () => {
      const key = (r: string[]) =>
        [r[col('frame.len')], r[col('frame.time_epoch')], r[col('tcp.stream')], r[col('tcp.seq_raw')]].join(
          ' ',
        );
      expect(rows('http-pcapng').map(key)).toEqual(rows('http-pcap').map(key));
    });

    it('mixes HTTP requests, responses, FIN and RST closes and retransmissions', () => {
      const flags = (r: string[]) => Number.parseInt(r[col('tcp.flags')] ?? '0', 16);
      expect(count('http-pcap', (r) => r[col('http.request.method')] !== '')).toBeGreaterThan(500);
      expect(count('http-pcap', (r) => r[col('http.response.code')] !== '')).toBeGreaterThan(500);
      expect(count('http-pcap', (r) => (flags(r) & 0x01) !== 0)).toBeGreaterThan(200);
      expect(count('http-pcap', (r) => (flags(r) & 0x04) !== 0)).toBeGreaterThan(20);
      expect(count('http-pcap', (r) => (flags(r) & 0x12) === 0x02)).toBeGreaterThan(1000);
      expect(
        count('http-pcap', (r) => (r[col('_ws.expert.message')] ?? '').includes('retransmission')),
      ).toBeGreaterThan(0);
    });

    it('keeps every small-packet frame after the handshake between 54 and 60 bytes', () => {
      const odd = count('small-pcap', (r) => {
        const len = Number(r[col('frame.len')]);
        return (Number.parseInt(r[col('tcp.flags')] ?? '0', 16) & 0x02) === 0 && (len < 54 || len > 60);
      });
      expect(odd).toBe(0);
    });
  });
});
