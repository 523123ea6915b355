// The flow list's entries, filter and sort on real captures (the e2e fixtures, copies of
// ../shared/scenarios): expected endpoints and diagnoses from each scenario's manifest.json.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Label } from '../../analysis/labels';
import { PACKS } from '../../analysis/texts';
import { BlobSource } from '../../capture/blob-source';
import { openCapture } from '../../worker/open-capture';
import { packResult } from '../../worker/pack-result';
import { unpackResult } from '../../worker/unpack-result';
import { Badge, FlowEntries, type FlowEntry } from './flow-entries';
import { filterEntries, parseQuery } from './flow-filter';
import { DEFAULT_SORT, nextSort, SORT_KEYS, sortIndexes } from './flow-sort';

const fixtures = path.resolve(import.meta.dirname, '../../../e2e/fixtures');
/** The list's entries as the page has them: from the worker's columns, after the transfer. */
async function listOf(name: string): Promise<FlowEntries> {
  const r = await openCapture(new BlobSource(new File([readFileSync(path.join(fixtures, name))], name)));
  const page = unpackResult(packResult(r).value);
  return new FlowEntries(page.addresses!, page.firstTime, page.columns!);
}
/** Every entry, in flow order. */
async function entriesOf(name: string): Promise<FlowEntry[]> {
  const list = await listOf(name);
  return Array.from({ length: list.length }, (_, i) => list.at(i)!);
}
const names = PACKS.en.labels;

describe('flow entries', () => {
  it('list a stale keep-alive reuse with its RST, FIN and idle badges', async () => {
    const [e] = await entriesOf('g-stale-keepalive.pcap');
    expect(e).toMatchObject({
      stream: 0,
      client: '127.0.0.1:19201',
      server: '127.0.0.1:19200',
      packets: 13,
      bytes: 1204,
      diagnosis: 'stale-keepalive-reuse',
    });
    expect(e!.badges).toBe(Badge.Rst | Badge.Fin | Badge.Idle);
    // manifest: the server closed after 2.002 s idle (frames 9 → 10)
    expect(e!.maxIdle).toBeCloseTo(2.002, 3);
    expect(e!.duration).toBeCloseTo(3.001796, 5);
  });

  it('mark refused connections', async () => {
    const entries = await entriesOf('connection-refused.pcap');
    expect(entries.map((e) => [e.badges & Badge.Refused, e.diagnosis])).toEqual(
      Array(3).fill([Badge.Refused, 'connection-refused']),
    );
  });
});

describe('flow filter', () => {
  it('parses keyed words, numbers and text', () => {
    expect(parseQuery(' port:19200  ip:127.0.0.1 stream:3 diag:refused 42 Reset ')).toEqual([
      { kind: 'port', port: 19200 },
      { kind: 'addr', text: '127.0.0.1' },
      { kind: 'stream', stream: 3 },
      { kind: 'diag', text: 'refused' },
      { kind: 'number', n: 42 },
      { kind: 'text', text: 'reset' },
    ]);
    expect(parseQuery('port:x [::1]:80')).toEqual([
      { kind: 'text', text: 'port:x' },
      { kind: 'text', text: '[::1]:80' },
    ]);
  });

  it('finds connections by port, address, stream, diagnosis id or name, and ANDs the words', async () => {
    const list = await listOf('l-server-crash-any.pcap');
    const entries = await entriesOf('l-server-crash-any.pcap');
    const streams = (q: string, chip: null | Label = null) =>
      Array.from(filterEntries(list, q, chip, names), (i) => list.at(i)!.stream).sort((a, b) => a - b);
    expect(streams('')).toHaveLength(entries.length);
    expect(streams('stream:2')).toEqual([2]);
    const serverPorts = new Set(entries.map((e) => e.serverPort));
    const [port] = serverPorts;
    expect(streams(`port:${port}`)).toEqual(
      entries.filter((e) => e.serverPort === port).map((e) => e.stream),
    );
    const diagnosis = entries[0]!.diagnosis;
    const byId = streams(`diag:${diagnosis}`);
    expect(byId).toEqual(streams(names[diagnosis].split(' ')[0]!));
    expect(byId).toEqual(entries.filter((e) => e.diagnosis === diagnosis).map((e) => e.stream));
    expect(streams('', diagnosis)).toEqual(byId);
    expect(streams(`stream:2 diag:${diagnosis}`)).toEqual(entries[2]!.diagnosis === diagnosis ? [2] : []);
    const ip = entries[1]!.client.split(':')[0]!;
    expect(streams(`ip:${ip}`)).toEqual(
      entries.filter((e) => e.client.includes(ip) || e.server.includes(ip)).map((e) => e.stream),
    );
    expect(streams('no-such-thing')).toEqual([]);
  });
});

describe('flow sort', () => {
  it('puts errors first by default and keeps stream order within a diagnosis', async () => {
    const list = await listOf('l-server-crash-any.pcap');
    const order = Array.from(
      sortIndexes(list, filterEntries(list, '', null, names), DEFAULT_SORT),
      (i) => list.at(i)!,
    );
    expect(order).toHaveLength(list.length);
    for (let i = 1; i < order.length; i++) {
      const [a, b] = [order[i - 1]!, order[i]!];
      expect(a.rank < b.rank || (a.rank === b.rank && a.stream < b.stream)).toBe(true);
    }
  });

  it('sorts by any column, ties by stream', async () => {
    const list = await listOf('l-server-crash-any.pcap');
    const all = filterEntries(list, '', null, names);
    for (const key of SORT_KEYS) {
      for (const dir of ['asc', 'desc'] as const) {
        const got = Array.from(sortIndexes(list, all, { key, dir }), (i) => list.at(i)!);
        const value = (e: FlowEntry) => (key === 'severity' ? e.rank : e[key]);
        const sign = dir === 'asc' ? 1 : -1;
        for (let i = 1; i < got.length; i++) {
          const [a, b] = [got[i - 1]!, got[i]!];
          const c = sign * (value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : 0);
          expect(c < 0 || (c === 0 && a.stream < b.stream)).toBe(true);
        }
      }
    }
  });

  it('flips direction on the same column and starts big-first on counts', () => {
    expect(nextSort({ key: 'stream', dir: 'asc' }, 'stream')).toEqual({ key: 'stream', dir: 'desc' });
    expect(nextSort({ key: 'stream', dir: 'asc' }, 'bytes')).toEqual({ key: 'bytes', dir: 'desc' });
    expect(nextSort({ key: 'bytes', dir: 'desc' }, 'client')).toEqual({ key: 'client', dir: 'asc' });
  });
});
