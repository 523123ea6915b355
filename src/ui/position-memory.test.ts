import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureFingerprint, initialPosition, rememberPosition } from './position-memory';

/** A minimal Web Storage for Node. */
class MemoryStorage {
  private m = new Map<string, string>();
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  clear() {
    this.m.clear();
  }
}

const g = globalThis as { localStorage?: unknown; sessionStorage?: unknown };
beforeEach(() => {
  g.localStorage = new MemoryStorage();
  g.sessionStorage = new MemoryStorage();
});
afterEach(() => {
  delete g.localStorage;
  delete g.sessionStorage;
});

const a = captureFingerprint({ fileName: 'a.pcap', fileSize: 100, packets: 13 });
const b = captureFingerprint({ fileName: 'b.pcap', fileSize: 200, packets: 6 });

describe('position memory', () => {
  it('applies a hash nobody in this tab wrote (a shared link) to the capture opened', () => {
    expect(initialPosition(a, '#stream=2&frame=9')).toEqual({ stream: 2, frame: 9 });
  });

  it('applies the hash again to the capture that wrote it (reload, then the same file)', () => {
    rememberPosition(a, { stream: 0, frame: 12 });
    expect(initialPosition(a, '#stream=0&frame=12')).toEqual({ stream: 0, frame: 12 });
  });

  it('does not move another capture to the hash the previous one left, but to where it was', () => {
    rememberPosition(b, { stream: 1, frame: 3 });
    rememberPosition(a, { stream: 0, frame: 12 });
    expect(initialPosition(b, '#stream=0&frame=12')).toEqual({ stream: 1, frame: 3 });
    expect(
      initialPosition(captureFingerprint({ fileName: 'c', fileSize: 1, packets: 1 }), '#stream=0'),
    ).toBeNull();
  });

  it('works without storage at all', () => {
    delete g.localStorage;
    delete g.sessionStorage;
    rememberPosition(a, { stream: 0, frame: 1 });
    expect(initialPosition(a, '#stream=4')).toEqual({ stream: 4, frame: null });
  });
});
