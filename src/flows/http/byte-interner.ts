// Turns short byte ranges (methods, versions, reason phrases, Connection values) into strings without
// making a new string each time: a capture with 100k responses holds one "OK", not 100k of them. The
// lookup hashes the bytes and compares them with the stored string, so a hit allocates nothing.
// The table is bounded: once it is 3/4 full, new values are returned as fresh, unshared strings, so a
// hostile capture with a million distinct reason phrases cannot grow it.

const SLOTS = 4096;
const MAX_ENTRIES = (SLOTS * 3) / 4;
/** Values longer than this are rare repeats (long reasons, odd Connection lists): not worth a slot. */
const MAX_INTERNED_LENGTH = 64;

const A = 0x41;
const Z = 0x5a;

/** Byte to lower case for ASCII letters only (header field values are case-insensitive tokens). */
function lowerByte(b: number): number {
  return b >= A && b <= Z ? b | 0x20 : b;
}

/** Character codes of the string being decoded, reused: fromCharCode over a plain array is one native
 * call that makes nothing but the string (a typed-array view is a new object, and copied first). */
const codes: number[] = [];

/** Decodes bytes as ISO-8859-1: each byte is one UTF-16 code unit, as RFC 9110 §5.5 treats obs-text.
 * Values here are at most the 8 KiB header bound, far below the engines' argument-count limits. */
export function latin1(bytes: Uint8Array, start: number, end: number, lower = false): string {
  codes.length = 0;
  if (lower) for (let i = start; i < end; i++) codes.push(lowerByte(bytes[i] ?? 0));
  else for (let i = start; i < end; i++) codes.push(bytes[i] ?? 0);
  return String.fromCharCode.apply(null, codes);
}

export class ByteInterner {
  private readonly slots: (string | undefined)[] = new Array(SLOTS);
  private entries = 0;

  /** The string for `bytes[start, end)` (lower-cased ASCII letters when `lower`), shared when seen before. */
  get(bytes: Uint8Array, start: number, end: number, lower = false): string {
    const len = end - start;
    if (len > MAX_INTERNED_LENGTH) return latin1(bytes, start, end, lower);
    // FNV-1a over the (possibly lower-cased) bytes.
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) {
      const b = bytes[i] ?? 0;
      h = Math.imul(h ^ (lower ? lowerByte(b) : b), 0x01000193);
    }
    let s = (h >>> 0) & (SLOTS - 1);
    for (;;) {
      const v = this.slots[s];
      if (v === undefined) break;
      if (sameChars(v, bytes, start, end, lower)) return v;
      s = (s + 1) & (SLOTS - 1);
    }
    const str = latin1(bytes, start, end, lower);
    if (this.entries < MAX_ENTRIES) {
      this.slots[s] = str;
      this.entries++;
    }
    return str;
  }

  get size(): number {
    return this.entries;
  }
}

function sameChars(v: string, bytes: Uint8Array, start: number, end: number, lower: boolean): boolean {
  if (v.length !== end - start) return false;
  for (let i = 0; i < v.length; i++) {
    const b = bytes[start + i] ?? 0;
    if (v.charCodeAt(i) !== (lower ? lowerByte(b) : b)) return false;
  }
  return true;
}

/** One interner shared by every tracker of a run: the strings it holds are immutable, so sharing is safe. */
export const sharedInterner = new ByteInterner();
