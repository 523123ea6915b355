// Big-endian field reads straight from the frame bytes, by index arithmetic: the decoder's hot loop
// makes no DataView or subarray per packet. Callers check bounds first; these never do.

/** Unsigned 16-bit big-endian value at `o`. */
export function u16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}

/** Unsigned 32-bit big-endian value at `o`. */
export function u32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

/** Unsigned 32-bit little-endian value at `o`. */
export function u32le(b: Uint8Array, o: number): number {
  return ((b[o + 3]! << 24) | (b[o + 2]! << 16) | (b[o + 1]! << 8) | b[o]!) >>> 0;
}
