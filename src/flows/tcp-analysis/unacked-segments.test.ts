// The typed-array unacked list against a direct transcription of packet-tcp.c's linked list
// (prepend on add; the ACK walk that trims or drops; min/max for bytes in flight), on random
// operation sequences, including sequence numbers around the 2^32 wrap.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gtSeq, leSeq } from './seq-space';
import { MAX_UNACKED_SEGMENTS, UnackedSegments } from './unacked-segments';

/** packet-tcp.c's list, as written there (order kept, newest first). */
class ReferenceList {
  items: { seq: number; next: number }[] = [];
  add(seq: number, next: number): boolean {
    if (this.items.length >= MAX_UNACKED_SEGMENTS) return false;
    this.items.unshift({ seq, next });
    return true;
  }
  ack(ack: number): void {
    const kept: { seq: number; next: number }[] = [];
    for (const u of this.items) {
      if (ack === u.next) continue;
      if (gtSeq(ack, u.seq) && leSeq(ack, u.next)) u.seq = ack;
      if (gtSeq(u.next, ack)) kept.push(u);
    }
    this.items = kept;
  }
  span(base: number): number {
    if (this.items.length === 0) return -1;
    let first = ((this.items[0]?.seq ?? 0) - base) >>> 0;
    let last = ((this.items[0]?.next ?? 0) - base) >>> 0;
    for (const u of this.items) {
      if ((u.next - base) >>> 0 > last) last = (u.next - base) >>> 0;
      if ((u.seq - base) >>> 0 < first) first = (u.seq - base) >>> 0;
    }
    return (last - first) >>> 0;
  }
}

const seqNear = (origin: number) => fc.integer({ min: 0, max: 5000 }).map((d) => (origin + d) >>> 0);
const op = (origin: number) =>
  fc.oneof(
    fc.record({
      kind: fc.constant('add' as const),
      seq: seqNear(origin),
      len: fc.integer({ min: 0, max: 1500 }),
    }),
    fc.record({ kind: fc.constant('ack' as const), ack: seqNear(origin) }),
    fc.record({ kind: fc.constant('span' as const) }),
  );

describe('UnackedSegments', () => {
  for (const origin of [1000, 0xffffff00]) {
    it(`gives packet-tcp.c's answers on random adds and ACKs (origin ${origin})`, () => {
      fc.assert(
        fc.property(fc.array(op(origin), { maxLength: 200 }), (ops) => {
          const ours = new UnackedSegments();
          const ref = new ReferenceList();
          for (const o of ops) {
            if (o.kind === 'add') {
              const next = (o.seq + o.len + 1) >>> 0;
              expect(ours.add(o.seq, next)).toBe(ref.add(o.seq, next));
            } else if (o.kind === 'ack') {
              ours.ack(o.ack);
              ref.ack(o.ack);
            } else {
              expect(ours.span(origin)).toBe(ref.span(origin));
            }
            expect(ours.count).toBe(ref.items.length);
          }
          expect(ours.span(origin - 7)).toBe(ref.span(origin - 7));
        }),
        { numRuns: 300 },
      );
    });
  }

  it('gives the same answers on sender-like traffic: in-order data, some resends, ACKs, stray ACKs', () => {
    const step = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.record({ kind: fc.constant('send' as const), len: fc.integer({ min: 1, max: 1500 }) }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('resend' as const), back: fc.nat(20000) }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('ack' as const), back: fc.nat(6000) }) },
      // Stray ACKs anywhere, and half the sequence space away, where the modular comparisons flip.
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('stray' as const),
          far: fc.boolean(),
          at: fc.nat(0xffffffff),
        }),
      },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('span' as const) }) },
    );
    fc.assert(
      fc.property(fc.nat(0xffffffff), fc.array(step, { maxLength: 300 }), (isn, steps) => {
        const ours = new UnackedSegments();
        const ref = new ReferenceList();
        let next = isn;
        for (const st of steps) {
          if (st.kind === 'send' || st.kind === 'resend') {
            const seq = st.kind === 'send' ? next : (next - st.back) >>> 0;
            const end = (seq + (st.kind === 'send' ? st.len : 1000)) >>> 0;
            if (st.kind === 'send') next = end;
            expect(ours.add(seq, end)).toBe(ref.add(seq, end));
          } else if (st.kind === 'ack' || st.kind === 'stray') {
            const stray = (f: boolean, at: number) => (f ? (next + 0x80000000 - (at % 8000)) >>> 0 : at);
            const ack = st.kind === 'ack' ? (next - st.back) >>> 0 : stray(st.far, st.at);
            ours.ack(ack);
            ref.ack(ack);
          } else {
            expect(ours.span(isn)).toBe(ref.span(isn));
          }
          expect(ours.count).toBe(ref.items.length);
        }
        expect(ours.span(isn)).toBe(ref.span(isn));
      }),
      { numRuns: 500 },
    );
  });

  it('repeating the same ACK only looks at segments added since', () => {
    const u = new UnackedSegments();
    u.add(100, 200);
    u.add(200, 300);
    u.ack(150);
    expect(u.span(0)).toBe(150);
    u.add(50, 120); // a resend of acknowledged data, dropped by the next pass with the same ACK
    u.ack(150);
    expect(u.count).toBe(2);
    expect(u.span(0)).toBe(150);
  });

  it(`stops recording at ${MAX_UNACKED_SEGMENTS} segments, like Wireshark`, () => {
    const u = new UnackedSegments();
    for (let i = 0; i < MAX_UNACKED_SEGMENTS; i++) expect(u.add(i * 10, i * 10 + 10)).toBe(true);
    expect(u.add(1e6, 1e6 + 10)).toBe(false);
    expect(u.count).toBe(MAX_UNACKED_SEGMENTS);
    u.ack(50);
    expect(u.add(1e6, 1e6 + 10)).toBe(true);
  });
});
