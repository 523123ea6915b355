import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OptBit, OptionTable } from '../../capture/packet-table';
import { TcpDirection, WSCALE_NONE, WSCALE_UNKNOWN } from './direction-state';
import { applyOptions, optionLowerBound } from './options';
import { advertisedWindowEdge, verifyWindowScaling } from './window-scale';

function tableOf(rows: number[]): OptionTable {
  const t = new OptionTable();
  for (const r of rows) t.add(r);
  return t;
}

describe('optionLowerBound', () => {
  it('finds the first entry at or after a row from any lower bound, like a linear scan', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 500 }), { maxLength: 80 }),
        fc.integer({ min: 0, max: 520 }),
        (raw, row) => {
          const rows = [...raw].sort((a, b) => a - b);
          const t = tableOf(rows);
          const want = rows.findIndex((r) => r >= row);
          const answer = want < 0 ? rows.length : want;
          for (let from = 0; from <= answer; from++) expect(optionLowerBound(t, row, from)).toBe(answer);
        },
      ),
    );
  });
});

describe('applyOptions', () => {
  it('clamps the window scale shift to 14 (RFC 7323 §2.3)', () => {
    const t = tableOf([3]);
    t.wscale[0] = 15;
    t.bits[0] = OptBit.WindowScale;
    const d = new TcpDirection();
    applyOptions(t, 0, d);
    expect(d.winScale).toBe(14);
  });

  it('keeps the bytes of the first three SACK blocks only, as packet-tcp.c does', () => {
    const t = tableOf([3]);
    for (const [l, r] of [
      [100, 110],
      [200, 220],
      [300, 330],
      [400, 440],
    ]) {
      t.addSack(0, l ?? 0, r ?? 0);
    }
    const d = new TcpDirection();
    applyOptions(t, 0, d);
    expect(d.sackBytes).toBe(60);
    applyOptions(t, -1, d);
    expect(d.sackBytes).toBe(0);
  });
});

describe('window scaling', () => {
  it('is off both ways after a SYN without the option, and unknown without a handshake', () => {
    const c = new TcpDirection();
    const s = new TcpDirection();
    expect(advertisedWindowEdge(s)).toBe(-1);
    verifyWindowScaling(c, s, false);
    expect([c.winScale, s.winScale]).toEqual([WSCALE_NONE, WSCALE_NONE]);
    s.winScale = 3; // a SYN-ACK offering scaling after a SYN without it
    verifyWindowScaling(s, c, true);
    expect(s.winScale).toBe(WSCALE_NONE);
  });

  it('scales the advertised window once the side has sent its first non-SYN ACK', () => {
    const s = new TcpDirection();
    s.winScale = 2;
    s.lastAck = 0xfffffff0;
    s.window = 100;
    s.isFirstAck = true;
    expect(advertisedWindowEdge(s)).toBe((0xfffffff0 + 100) >>> 0);
    s.isFirstAck = false;
    expect(advertisedWindowEdge(s)).toBe((0xfffffff0 + 400) >>> 0);
    expect(WSCALE_UNKNOWN).toBe(-1);
  });
});
