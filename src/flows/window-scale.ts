// Window scaling per direction, decided the way Wireshark 4.0 decides it (packet-tcp.c,
// dissect_tcpopt_wscale and verify_tcp_window_scaling), so that our scaled windows equal
// tshark's tcp.window_size. RFC 7323 §2.2: scaling is in effect only when both SYNs carried the
// option; a shift above 14 is used as 14 (§2.3).

/** Scale unknown: the SYN of that side was not seen; windows are shown unscaled. */
export const SCALE_UNKNOWN = -1;
/** Known not to be in use (a SYN without the option was seen). */
export const SCALE_NONE = -2;

export class WindowScale {
  /** Per side: shift count, SCALE_UNKNOWN or SCALE_NONE. */
  readonly shift = new Int8Array([SCALE_UNKNOWN, SCALE_UNKNOWN]);

  /** A SYN or SYN-ACK sent by `side`, carrying window-scale option `optShift` (-1 when absent). */
  onSyn(side: 0 | 1, isSynAck: boolean, optShift: number): void {
    const r = 1 - side;
    if (optShift >= 0) this.shift[side] = Math.min(optShift, 14);
    if (this.shift[side] === SCALE_UNKNOWN) {
      // A SYN without the option (we set the other side too in case its SYN-ACK is missed), or a
      // SYN-ACK without it: scaling is off both ways.
      this.shift[side] = SCALE_NONE;
      this.shift[r] = SCALE_NONE;
    } else if (isSynAck && this.shift[r] === SCALE_NONE) {
      // The SYN-ACK has the option but the SYN had not: neither end scales.
      this.shift[side] = SCALE_NONE;
    }
  }

  /** The window `side` advertised in a non-SYN segment, in bytes (SYN windows are never scaled). */
  scaled(side: 0 | 1, raw: number): number {
    const s = this.shift[side] ?? SCALE_UNKNOWN;
    return s > 0 ? raw * 2 ** s : raw;
  }

  /** The shift in effect for `side`: ≥ 0, or -1 when unknown. "Not in use" is reported as 0. */
  effective(side: 0 | 1): number {
    const s = this.shift[side] ?? SCALE_UNKNOWN;
    return s === SCALE_NONE ? 0 : s;
  }
}

/** Index in `options` of the option row of packet `row`, or -1 (rows are ascending: binary search). */
export function findOptionRow(packets: Uint32Array, count: number, row: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const p = packets[mid] ?? 0;
    if (p === row) return mid;
    if (p < row) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
