// Sequence-number comparisons modulo 2^32, as packet-tcp.h defines GT_SEQ/LT_SEQ/LE_SEQ: the sign of
// the 32-bit difference decides (RFC 9293 §3.4 "the sequence number space is finite ... all
// arithmetic dealing with sequence numbers must be performed modulo 2**32").
// Inputs are uint32 values held in numbers; `(a - b) | 0` is the signed 32-bit difference.

export function gtSeq(a: number, b: number): boolean {
  return ((a - b) | 0) > 0;
}

export function ltSeq(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

export function leSeq(a: number, b: number): boolean {
  return ((a - b) | 0) <= 0;
}

/** a + b modulo 2^32. */
export function addSeq(a: number, b: number): number {
  return (a + b) >>> 0;
}

/** Nanoseconds from (refSec, refNs) to (sec, ns); exact while the gap is under ~104 days. */
export function nsBetween(refSec: number, refNs: number, sec: number, ns: number): number {
  return (sec - refSec) * 1e9 + (ns - refNs);
}

/**
 * `a < b` with both taken as C `guint64`: packet-tcp.c stores time deltas (possibly negative when
 * frames go back in time) in unsigned 64-bit variables, so a negative delta compares as huge.
 */
export function lessU64(a: number, b: number): boolean {
  if (a < 0) return b < 0 && a < b;
  return b < 0 || a < b;
}
