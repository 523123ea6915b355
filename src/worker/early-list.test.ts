// The two-pass open of a big file (open-capture.ts): the flow list first, from a read with the
// connection table alone, then the whole analysis from a second read. On every real capture and
// scenario of ../shared, with the two-pass threshold forced to 0: the early list is the final
// result's list (the same columns as the page gets them: endpoints, streams, rows, totals, how each
// side opened and closed), and the final result is the one-pass result, both messages of it. Also:
// a reader fault gives the one-pass partial result and no early list; cancelling in either read.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlobSource } from '../capture/blob-source';
import { readCapture } from '../capture/read-capture';
import { sharedCaptures, sharedDir } from '../capture/testing/corpus';
import { CaptureError } from '../capture/types';
import type { LoadProgress } from './analysis-api';
import { packFlows } from './flow-transfer';
import { EARLY_LIST_MIN_BYTES, type OpenedCapture, type OpenOptions, openCapture } from './open-capture';
import { packDetails, packResult } from './pack-result';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const shared = path.resolve(repoRoot, '../shared');
const haveShared = existsSync(shared);
if (!haveShared) console.warn(`skipping the two-pass corpus tests: ${shared} is absent`);

/** The corpus captures, as paths relative to ../shared. */
function captures(): string[] {
  return sharedCaptures().map((f) => f.slice(sharedDir.length));
}

const fileOf = (bytes: Uint8Array<ArrayBuffer>, name: string) => new File([bytes], name);

/** Both messages the page would get for `r`, without the timing (the only figure allowed to differ). */
function asSent(r: OpenedCapture) {
  const { elapsedMs: _e, ...first } = packResult(r).value;
  return { first, details: packDetails(r).value, findings: r.diagnosis?.findings ?? null };
}

interface TwoPass {
  result: OpenedCapture;
  early: OpenedCapture[];
  progress: LoadProgress[];
}

async function openTwice(file: File, options: OpenOptions = {}): Promise<TwoPass> {
  const early: OpenedCapture[] = [];
  const progress: LoadProgress[] = [];
  const result = await openCapture(new BlobSource(file), {
    earlyListMinBytes: 0,
    onEarlyList: (e) => early.push(e),
    onProgress: (p) => progress.push(p),
    ...options,
  });
  return { result, early, progress };
}

/** Streams of the list's entries in the order the early list shows them. */
function streamsInListOrder(r: OpenedCapture): number[] {
  const packed = packResult(r).value.flowSet;
  if (!packed) return [];
  const tcp = Array.from(packed.flows.stream).filter((_, i) => !((packed.flows.kind[i] ?? 0) & 1));
  return Array.from(packed.listOrder, (e) => tcp[e] ?? -1);
}

describe.skipIf(!haveShared)('two-pass open on the corpus', () => {
  const files = captures();
  it('finds the corpus', () => expect(files.length).toBeGreaterThan(50));

  it.each(files)(
    '%s: the early list is the final list, the final result the one-pass result',
    async (name) => {
      const file = fileOf(new Uint8Array(readFileSync(path.join(shared, name))), path.basename(name));
      const one = await openCapture(new BlobSource(file));
      const two = await openTwice(file);
      expect(asSent(two.result)).toEqual(asSent(one));
      if (one.error) {
        // A reader fault: no early list (the one-pass partial result, read again, is the answer).
        expect(two.early).toHaveLength(0);
        return;
      }
      expect(two.early).toHaveLength(1);
      const early = two.early[0]!;
      expect(early.diagnosis).toBeNull();
      expect(early.error).toBeNull();
      expect([early.packets, early.format, early.truncated]).toEqual([
        one.packets,
        one.format,
        one.truncated,
      ]);
      const earlyFlows = early.flowSet?.flows ?? [];
      const finalFlows = two.result.flowSet?.flows ?? [];
      expect(earlyFlows.length).toBe(finalFlows.length);
      // The list exactly as the page gets it, column by column.
      expect(packFlows(earlyFlows)).toEqual(packFlows(finalFlows));
      expect(packResult(early).value.addresses).toEqual(packResult(one).value.addresses);
      // Without a diagnosis, the list is in stream order.
      const streams = streamsInListOrder(early);
      expect(streams).toEqual([...streams].sort((a, b) => a - b));
      // Progress: the listing read, then the diagnosing one, each to the end of the file.
      const phases = [...new Set(two.progress.map((p) => p.phase))];
      expect(phases).toEqual(['listing', 'diagnosing']);
      for (const phase of phases) {
        const last = two.progress.filter((p) => p.phase === phase).at(-1);
        expect(last?.bytesRead).toBe(file.size);
      }
    },
  );
});

describe('two-pass open', () => {
  const fixtures = path.resolve(repoRoot, 'e2e/fixtures');
  const fixture = (n: string) => fileOf(new Uint8Array(readFileSync(path.join(fixtures, n))), n);

  it('reads a small file once, without an early list, under the default threshold', async () => {
    const file = fixture('l-server-crash-any.pcap');
    expect(file.size).toBeLessThan(EARLY_LIST_MIN_BYTES);
    const { result, early, progress } = await openTwice(file, { earlyListMinBytes: undefined });
    expect(early).toHaveLength(0);
    expect(progress.every((p) => p.phase === undefined)).toBe(true);
    expect(result.diagnosis).not.toBeNull();
  });

  it('lists a file damaged mid-way (the reader warns and stops) and ends as one pass does', async () => {
    const bytes = new Uint8Array(readFileSync(path.join(fixtures, 'l-server-crash-any.pcap')));
    // The 20th record's captured length set to 2^32 - 1 (pcap record header: ts_sec, ts_usec,
    // incl_len, orig_len): the reader keeps the 19 packets before it and warns.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = 24;
    for (let i = 0; i < 19; i++) at += 16 + view.getUint32(at + 8, true);
    view.setUint32(at + 8, 0xffffffff, true);
    const file = fileOf(bytes, 'damaged.pcap');
    const one = await openCapture(new BlobSource(file));
    expect(one.packets).toBe(19);
    expect(one.warnings.length).toBeGreaterThan(0);
    const two = await openTwice(file);
    expect(two.early).toHaveLength(1);
    expect(packFlows(two.early[0]?.flowSet?.flows ?? [])).toEqual(packFlows(one.flowSet?.flows ?? []));
    expect(asSent(two.result)).toEqual(asSent(one));
  });

  it('gives the one-pass partial result, and no early list, after a reader fault', async () => {
    const file = fixture('l-server-crash-any.pcap');
    let reads = 0;
    // A read that fails at frame 20 (a disk error, say) every time, after 19 good packets.
    const read: OpenOptions['read'] = (source, o) => {
      reads++;
      return readCapture(source, {
        ...o,
        onPacket: (t, row, b, start) => {
          if (row === 19) throw new CaptureError('io', 'the file could not be read', 4321, 20);
          o?.onPacket?.(t, row, b, start);
        },
      });
    };
    const one = await openCapture(new BlobSource(file), { read });
    expect(reads).toBe(1);
    expect(one.error).toEqual({ kind: 'io', message: 'the file could not be read', offset: 4321, frame: 20 });
    expect(one.packets).toBe(19);
    expect(one.diagnosis?.flows.length).toBeGreaterThan(0);
    const two = await openTwice(file, { read });
    expect(two.early).toHaveLength(0);
    expect(asSent(two.result)).toEqual(asSent(one));
  });

  /** Aborts at the first progress report of `phase` (tiny chunks and no throttling: many reports). */
  async function cancelIn(phase: 'listing' | 'diagnosing'): Promise<TwoPass> {
    const controller = new AbortController();
    let clock = 0;
    const r = await openTwice(fixture('l-server-crash-any.pcap'), {
      chunkSize: 256,
      progressIntervalMs: 0,
      now: () => (clock += 1),
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p);
        if (p.phase === phase && p.bytesRead < (p.bytesTotal ?? 0)) controller.abort();
      },
    });
    return { ...r, progress: seen.splice(0) };
  }
  const seen: LoadProgress[] = [];

  it('stops in the first read when cancelled there: no list, no second read', async () => {
    const { result, early, progress } = await cancelIn('listing');
    expect(result.error?.kind).toBe('cancelled');
    expect(early).toHaveLength(0);
    expect(progress.some((p) => p.phase === 'diagnosing')).toBe(false);
    expect(result.flowSet).toBeNull();
    expect(result.diagnosis).toBeNull();
  });

  it('stops in the second read when cancelled there, after the early list', async () => {
    const { result, early, progress } = await cancelIn('diagnosing');
    expect(early).toHaveLength(1);
    expect(early[0]?.flowSet?.flows.length).toBeGreaterThan(0);
    expect(result.error?.kind).toBe('cancelled');
    const last = progress.filter((p) => p.phase === 'diagnosing').at(-1);
    expect(last?.bytesRead).toBeLessThan(last?.bytesTotal ?? 0);
  });
});
