import { type TcpDirection, WSCALE_NONE, WSCALE_UNKNOWN } from './direction-state';

/** RFC 7323 §2.3: a shift count above 14 is treated as 14 (packet-tcp.c clamps it the same way). */
const MAX_SHIFT = 14;

/**
 * A Window Scale option on any segment sets that direction's shift (packet-tcp.c's
 * dissect_tcpopt_wscale → pdu_store_window_scale_option does not look at the SYN flag).
 */
export function storeWindowScale(fwd: TcpDirection, shift: number): void {
  fwd.winScale = Math.min(shift, MAX_SHIFT);
}

/**
 * Run after each SYN or SYN-ACK (packet-tcp.c verify_tcp_window_scaling). RFC 7323 §2.2: scaling
 * is used only when both SYNs carry the option. A SYN without it means neither side scales; a
 * SYN-ACK with it after a SYN without it is ignored.
 */
export function verifyWindowScaling(fwd: TcpDirection, rev: TcpDirection, isSynAck: boolean): void {
  if (fwd.winScale === WSCALE_UNKNOWN) {
    fwd.winScale = WSCALE_NONE;
    rev.winScale = WSCALE_NONE;
  } else if (isSynAck && rev.winScale === WSCALE_NONE) {
    fwd.winScale = WSCALE_NONE;
  }
}

/**
 * The right edge of the window `rev` last advertised (its ACK plus its scaled window), as the
 * window-full test computes it; -1 when the scale is unknown (no handshake seen: Wireshark does not
 * guess). The window of a SYN is never scaled (RFC 7323 §2.2), nor the window of the segments a
 * side sends before its first non-SYN ACK (`isFirstAck`).
 */
export function advertisedWindowEdge(rev: TcpDirection): number {
  if (rev.winScale === WSCALE_UNKNOWN) return -1;
  const shift = rev.isFirstAck || rev.winScale === WSCALE_NONE ? 0 : rev.winScale;
  // packet-tcp.c computes this in guint32: the shifted window and the sum both wrap modulo 2^32.
  return (rev.lastAck + ((rev.window << shift) >>> 0)) >>> 0;
}
