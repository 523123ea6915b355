import {
  BITS,
  IS_FIRST_ACK,
  LAST_ACK,
  type TcpDirection,
  WINDOW,
  WSCALE_NONE,
  WSCALE_UNKNOWN,
  winScaleOf,
  withWinScale,
} from './direction-state';

/** RFC 7323 §2.3: a shift count above 14 is treated as 14 (packet-tcp.c clamps it the same way). */
const MAX_SHIFT = 14;

/**
 * A Window Scale option on any segment sets that direction's shift (packet-tcp.c's
 * dissect_tcpopt_wscale → pdu_store_window_scale_option does not look at the SYN flag). `fo` is the
 * direction's offset in `u`.
 */
export function storeWindowScale(u: Uint32Array, fo: number, shift: number): void {
  u[fo + BITS] = withWinScale(u[fo + BITS] ?? 0, Math.min(shift, MAX_SHIFT));
}

/**
 * Run after each SYN or SYN-ACK (packet-tcp.c verify_tcp_window_scaling). RFC 7323 §2.2: scaling
 * is used only when both SYNs carry the option. A SYN without it means neither side scales; a
 * SYN-ACK with it after a SYN without it is ignored. The directions are at `fo` in `fu` and `ro`
 * in `ru` (the same record, for the analyzer).
 */
export function verifyWindowScalingAt(
  fu: Uint32Array,
  fo: number,
  ru: Uint32Array,
  ro: number,
  isSynAck: boolean,
): void {
  if (winScaleOf(fu[fo + BITS] ?? 0) === WSCALE_UNKNOWN) {
    fu[fo + BITS] = withWinScale(fu[fo + BITS] ?? 0, WSCALE_NONE);
    ru[ro + BITS] = withWinScale(ru[ro + BITS] ?? 0, WSCALE_NONE);
  } else if (isSynAck && winScaleOf(ru[ro + BITS] ?? 0) === WSCALE_NONE) {
    fu[fo + BITS] = withWinScale(fu[fo + BITS] ?? 0, WSCALE_NONE);
  }
}

/**
 * The right edge of the window the direction at `ro` last advertised (its ACK plus its scaled
 * window), as the window-full test computes it; -1 when the scale is unknown (no handshake seen:
 * Wireshark does not guess). The window of a SYN is never scaled (RFC 7323 §2.2), nor the window of
 * the segments a side sends before its first non-SYN ACK (IS_FIRST_ACK).
 */
export function windowEdgeAt(u: Uint32Array, ro: number): number {
  const bits = u[ro + BITS] ?? 0;
  const scale = winScaleOf(bits);
  if (scale === WSCALE_UNKNOWN) return -1;
  const shift = bits & IS_FIRST_ACK || scale === WSCALE_NONE ? 0 : scale;
  // packet-tcp.c computes this in guint32: the shifted window and the sum both wrap modulo 2^32.
  return ((u[ro + LAST_ACK] ?? 0) + (((u[ro + WINDOW] ?? 0) << shift) >>> 0)) >>> 0;
}

/** verifyWindowScalingAt for two directions with storage of their own (tests). */
export function verifyWindowScaling(fwd: TcpDirection, rev: TcpDirection, isSynAck: boolean): void {
  verifyWindowScalingAt(fwd.u, fwd.o, rev.u, rev.o, isSynAck);
}

/** windowEdgeAt for a direction with storage of its own (tests). */
export function advertisedWindowEdge(rev: TcpDirection): number {
  return windowEdgeAt(rev.u, rev.o);
}
