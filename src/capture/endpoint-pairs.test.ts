import { describe, expect, it } from 'vitest';
import { AddressTable } from './address-table';
import { EndpointPairs } from './endpoint-pairs';

const TCP = 6;
const UDP = 17;

describe('endpoint pairs', () => {
  it('gives both directions of a conversation one pair, the lower endpoint first', () => {
    const p = new EndpointPairs();
    const out = p.intern(4, TCP, 2, 80, 1, 40000);
    const back = p.intern(4, TCP, 1, 40000, 2, 80);
    expect(out >>> 1).toBe(back >>> 1);
    // Address 1 < address 2: the packet from 2 is from endpoint B.
    expect([out & 1, back & 1]).toEqual([1, 0]);
    const i = out >>> 1;
    expect([p.a[i], p.b[i], p.ports[i]! >>> 16, p.ports[i]! & 0xffff, p.kind[i]]).toEqual([
      1,
      2,
      40000,
      80,
      (4 << 8) | TCP,
    ]);
  });

  it('orders endpoints on the same address by port, and tells protocols and families apart', () => {
    const p = new EndpointPairs();
    const self = p.intern(4, TCP, 3, 2000, 3, 1000);
    expect(self & 1).toBe(1);
    expect(p.intern(4, TCP, 3, 1000, 3, 2000)).toBe(self - 1);
    const pairs = new Set([self >>> 1]);
    pairs.add(p.intern(4, UDP, 3, 1000, 3, 2000) >>> 1);
    pairs.add(p.intern(6, TCP, 3, 1000, 3, 2000) >>> 1);
    pairs.add(p.intern(4, TCP, 3, 1001, 3, 2000) >>> 1);
    expect(pairs.size).toBe(4);
  });

  it('keeps pair 0 for rows with nothing, and numbers others from 1', () => {
    const p = new EndpointPairs();
    expect(p.intern(0, 0, 0, 0, 0, 0)).toBe(0);
    // Address index 0 is a real address: with a network layer it is a pair of its own.
    expect(p.intern(4, 0, 0, 0, 0, 0)).toBe(2);
    expect(p.length).toBe(2);
  });

  it('keeps every pair through many rehashes, and after trim() drops the hash', () => {
    const p = new EndpointPairs();
    const n = 50_000;
    const got: number[] = [];
    for (let i = 0; i < n; i++)
      got.push(p.intern(4, TCP, i % 977, 1024 + (i % 50_000), 5000 + (i % 13), 443));
    expect(p.length).toBe(n + 1);
    expect(new Set(got).size).toBe(n);
    p.trim();
    expect(p.byteLength()).toBe((n + 1) * 14);
    for (let i = 0; i < n; i += 997) {
      const v = p.intern(4, TCP, 5000 + (i % 13), 443, i % 977, 1024 + (i % 50_000));
      expect(v >>> 1).toBe(got[i]! >>> 1);
      expect(v & 1).toBe(1 - (got[i]! & 1));
    }
    expect(p.length).toBe(n + 1);
  });

  it('finds IPv4 pairs from raw addresses as intern() finds them from address indexes', () => {
    const p = new EndpointPairs();
    const addresses = new AddressTable();
    const v4 = (src: number, sp: number, dst: number, dp: number, proto = TCP) =>
      p.internV4(proto, src, sp, dst, dp, addresses);
    // 10.0.0.9 is seen first, so it gets the lower address index although its value is higher.
    const first = v4(0x0a000009, 40000, 0x0a000001, 80);
    expect([addresses.format(0), addresses.format(1)]).toEqual(['10.0.0.9', '10.0.0.1']);
    expect(first).toBe(p.intern(4, TCP, 0, 40000, 1, 80));
    expect(v4(0x0a000001, 80, 0x0a000009, 40000)).toBe(first ^ 1);
    expect(v4(0x0a000009, 40000, 0x0a000001, 80)).toBe(first);
    expect(v4(0x0a000009, 40000, 0x0a000001, 80, UDP) >>> 1).not.toBe(first >>> 1);
    // A pair made from indexes (a test table) is found from raw addresses too.
    const made = p.intern(4, TCP, 1, 443, 0, 50000);
    expect(v4(0x0a000009, 50000, 0x0a000001, 443)).toBe(made ^ 1);
    // Same address on both ends: the ports decide, both ways.
    const self = v4(0x0a000001, 2000, 0x0a000001, 1000);
    expect(v4(0x0a000001, 1000, 0x0a000001, 2000)).toBe(self ^ 1);
    expect(self).toBe(p.intern(4, TCP, 1, 2000, 1, 1000));
  });

  it('agrees with intern() for many random IPv4 packets, through rehashes', () => {
    const p = new EndpointPairs();
    const q = new EndpointPairs();
    const addresses = new AddressTable();
    let x = 12345;
    const rand = (n: number) => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return (x >>> 8) % n;
    };
    for (let i = 0; i < 40_000; i++) {
      const src = 0x0a000000 + rand(300);
      const dst = 0x0a000000 + rand(300);
      const sp = 1000 + rand(40);
      const dp = 1000 + rand(40);
      const proto = rand(2) ? TCP : UDP;
      const got = p.internV4(proto, src, sp, dst, dp, addresses);
      const want = q.intern(4, proto, addresses.internV4(src), sp, addresses.internV4(dst), dp);
      expect(got).toBe(want);
    }
  });
});
