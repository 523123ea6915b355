// Finding line ends in header bytes, four bytes at a time: a header section is scanned for LFs once
// per message, and this is the HTTP parser's inner loop. Each aligned 32-bit word is tested for an LF
// byte with the exact "has zero byte" test on word ^ 0x0a0a0a0a ((x - 0x01010101) & ~x & 0x80808080
// is non-zero iff some byte of x is zero; it may not say which, so the bytes are then checked one by
// one, whatever the byte order). The words are read through a Uint32Array over the bytes' buffer: a
// DataView read at an arbitrary offset costs V8 a float64 round trip of the index per call.

/** A Uint32Array over the aligned words that hold an Uint8Array's bytes: byte i of the array is byte
 * (i + lead) of the words. */
export interface WordView {
  words: Uint32Array;
  lead: number;
}

const LF = 0x0a;
const EMPTY: WordView = { words: new Uint32Array(0), lead: 0 };

/** The word view of `b` (its buffer seen as 32-bit words from the last aligned offset at or before
 * its first byte). */
function makeWordView(b: Uint8Array): WordView {
  const lead = b.byteOffset & 3;
  return { words: new Uint32Array(b.buffer, b.byteOffset - lead, (b.byteLength + lead) >>> 2), lead };
}

// Views of the last two arrays scanned: a capture's chunk serves thousands of messages, and a header
// split across segments alternates with it. forgetWordViews() lets the arrays go.
let array0: Uint8Array | null = null;
let view0: WordView = EMPTY;
let array1: Uint8Array | null = null;
let view1: WordView = EMPTY;

/** The word view of `b`, for findLf (kept for the next calls). */
export function wordView(b: Uint8Array): WordView {
  if (b === array0) return view0;
  if (b !== array1) {
    array1 = b;
    view1 = makeWordView(b);
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

/** Index of the first LF in b[start, end), or -1. `view`, a wordView(b), makes long lines faster. */
export function findLf(b: Uint8Array, start: number, end: number, view?: WordView): number {
  let i = start;
  if (view !== undefined) {
    const lead = view.lead;
    // Bytes up to the first aligned word, then whole words, then the bytes after the last one.
    for (; i < end && ((i + lead) & 3) !== 0; i++) if (b[i] === LF) return i;
    if (i < end) {
      const words = view.words;
      let w = (i + lead) >>> 2;
      const wordsEnd = (end + lead) >>> 2;
      while (w < wordsEnd) {
        const x = (words[w] ?? 0) ^ 0x0a0a0a0a;
        if (((x - 0x01010101) & ~x & 0x80808080) !== 0) break;
        w++;
      }
      i = w * 4 - lead;
    }
  }
  for (; i < end; i++) if (b[i] === LF) return i;
  return -1;
}
