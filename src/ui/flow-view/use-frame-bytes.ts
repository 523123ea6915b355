// Payload bytes for the packet details, read from the capture file by the worker when a packet is
// shown. The packets around the current one are read in the same request (stepping then finds them
// ready; for a compressed file that is one decompression pass for the whole neighbourhood), and a
// bounded cache keeps what was read.
import { useEffect, useState } from 'react';
import type { FrameRequest } from '../../worker/analysis-api';
import type { CaptureSession } from '../../worker/worker-client';

const CACHE_LIMIT = 2000;

export class FrameCache {
  private readonly map = new Map<string, Uint8Array>();

  static key(r: FrameRequest): string {
    return `${r.offset}:${r.skip}:${r.length}`;
  }

  get(r: FrameRequest): Uint8Array | undefined {
    return this.map.get(FrameCache.key(r));
  }

  set(r: FrameRequest, bytes: Uint8Array): void {
    const k = FrameCache.key(r);
    this.map.delete(k);
    this.map.set(k, bytes);
    // Oldest first in a Map's order: drop from the front.
    for (const old of this.map.keys()) {
      if (this.map.size <= CACHE_LIMIT) break;
      this.map.delete(old);
    }
  }
}

export type FrameBytes =
  | { state: 'none' }
  | { state: 'loading' }
  | { state: 'ready'; bytes: Uint8Array }
  | { state: 'failed'; message: string };

export function useFrameBytes(
  session: CaptureSession,
  cache: FrameCache,
  current: FrameRequest | null,
  neighbours: () => FrameRequest[],
): FrameBytes {
  const [, setVersion] = useState(0);
  const [failure, setFailure] = useState<string | null>(null);
  const key = current ? FrameCache.key(current) : '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `current` by value
  useEffect(() => {
    if (!current || cache.get(current)) return;
    setFailure(null);
    const batch = [current, ...neighbours().filter((r) => !cache.get(r))];
    let live = true;
    session.readFrames(batch).then(
      (bytes) => {
        batch.forEach((r, i) => {
          const b = bytes[i];
          if (b) cache.set(r, b);
        });
        if (live) setVersion((v) => v + 1);
      },
      (e: unknown) => {
        if (live) setFailure(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      live = false;
    };
  }, [session, cache, key]);
  if (!current) return { state: 'none' };
  const bytes = cache.get(current);
  if (bytes) return { state: 'ready', bytes };
  return failure ? { state: 'failed', message: failure } : { state: 'loading' };
}
