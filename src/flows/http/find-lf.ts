// Finding line ends in header bytes, four bytes at a time: a header section is scanned for LFs once
// per message, and this is the HTTP parser's inner loop. Each 32-bit word is tested for an LF byte
// with the exact "has zero byte" test on word ^ 0x0a0a0a0a ((x - 0x01010101) & ~x & 0x80808080 is
// non-zero iff some byte of x is zero; it may not say which, so the bytes are then checked one by one).
const LF = 0x0a;
const EMPTY = new DataView(new ArrayBuffer(0));

// DataViews of the last two arrays scanned: a capture's chunk serves thousands of messages, and a
// header split across segments alternates with it. forgetWordViews() lets the arrays go.
let array0: Uint8Array | null = null;
let view0: DataView = EMPTY;
let array1: Uint8Array | null = null;
let view1: DataView = EMPTY;

/** A DataView over all of `b`, for findLf (kept for the next calls). */
export function wordView(b: Uint8Array): DataView {
  if (b === array0) return view0;
  if (b !== array1) {
    array1 = b;
    view1 = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  // Most recent first.
  array1 = array0;
  array0 = b;
  const v = view1;
  view1 = view0;
  view0 = v;
  return v;
}

/** Drops the kept views, so that they keep no capture chunk alive (the flow builder's finish). */
export function forgetWordViews(): void {
  array0 = null;
  array1 = null;
  view0 = EMPTY;
  view1 = EMPTY;
}

/** Index of the first LF in b[start, end), or -1. `words`, a wordView(b), makes long lines faster. */
export function findLf(b: Uint8Array, start: number, end: number, words?: DataView): number {
  let i = start;
  if (words !== undefined) {
    while (i + 4 <= end) {
      const x = words.getUint32(i, true) ^ 0x0a0a0a0a;
      if (((x - 0x01010101) & ~x & 0x80808080) !== 0) break;
      i += 4;
    }
  }
  for (; i < end; i++) if (b[i] === LF) return i;
  return -1;
}
