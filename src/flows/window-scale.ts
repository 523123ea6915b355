// Window scaling per direction, decided the way Wireshark 4.0 decides it (packet-tcp.c,
// dissect_tcpopt_wscale and verify_tcp_window_scaling), so that our scaled windows equal
// tshark's tcp.window_size. RFC 7323 §2.2: scaling is in effect only when both SYNs carried the
// option; a shift above 14 is used as 14 (§2.3).

/** Scale unknown: the SYN of that side was not seen; windows are shown unscaled. */
export const SCALE_UNKNOWN = -1;
/** Known not to be in use (a SYN without the option was seen). */
export const SCALE_NONE = -2;

/** Words the two shifts take in a flow record (flow-record.ts). */
export const WINDOW_SCALE_WORDS = 2;

/**
 * A view over WINDOW_SCALE_WORDS words of an Int32Array (a flow record): the flow builder keeps no
 * object per connection for it (`bind`). `new WindowScale()` has storage of its own.
 */
export class WindowScale {
  /** Per side: shift count, SCALE_UNKNOWN or SCALE_NONE. */
  private i: Int32Array = new Int32Array([SCALE_UNKNOWN, SCALE_UNKNOWN]);
  private o = 0;

  /** Sets up both sides as unknown at `o` in `i`. */
  static init(i: Int32Array, o: number): void {
    i[o] = SCALE_UNKNOWN;
    i[o + 1] = SCALE_UNKNOWN;
  }

  /** Points the view at the shifts stored at `o` in `i`. */
  bind(i: Int32Array, o: number): void {
    if (this.i !== i) this.i = i;
    this.o = o;
  }

  /** A SYN or SYN-ACK sent by `side`, carrying window-scale option `optShift` (-1 when absent). */
  onSyn(side: 0 | 1, isSynAck: boolean, optShift: number): void {
    const at = this.o + side;
    const r = this.o + 1 - side;
    const i = this.i;
    if (optShift >= 0) i[at] = Math.min(optShift, 14);
    if (i[at] === SCALE_UNKNOWN) {
      // A SYN without the option (we set the other side too in case its SYN-ACK is missed), or a
      // SYN-ACK without it: scaling is off both ways.
      i[at] = SCALE_NONE;
      i[r] = SCALE_NONE;
    } else if (isSynAck && i[r] === SCALE_NONE) {
      // The SYN-ACK has the option but the SYN had not: neither end scales.
      i[at] = SCALE_NONE;
    }
  }

  /** The window `side` advertised in a non-SYN segment, in bytes (SYN windows are never scaled). */
  scaled(side: 0 | 1, raw: number): number {
    const s = this.i[this.o + side] ?? SCALE_UNKNOWN;
    return s > 0 ? raw * 2 ** s : raw;
  }

  /** The shift in effect for `side`: ≥ 0, or -1 when unknown. "Not in use" is reported as 0. */
  effective(side: 0 | 1): number {
    return WindowScale.effectiveAt(this.i, this.o, side);
  }

  /** effective() for the shifts stored at `o` in `i`, without a view. */
  static effectiveAt(i: Int32Array, o: number, side: 0 | 1): number {
    const s = i[o + side] ?? SCALE_UNKNOWN;
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
