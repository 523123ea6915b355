// Idle gaps: silences inside a connection (time between two consecutive packets of the flow, either
// direction) worth showing on the ladder and feeding the diagnosis rules (idle timeouts, keep-alive
// reuse). Issue 3 asks for both "longer than a threshold relative to the RTT" and "every gap ≥ 1 s":
// a gap is reported when it lasts at least
//   min(1 s, max(200 ms, 50 × handshake RTT))         (1 s when the RTT is unknown)
// so every gap ≥ 1 s is always there, and on a fast path (loopback, LAN) shorter silences that are
// still huge compared with the RTT show too. 50 × RTT is far beyond delayed ACKs (≤ 200 ms on Linux,
// 40 ms typical) and normal server think time; the 200 ms floor keeps sub-millisecond RTTs from
// turning every pause into a gap.
import type { IdleGap } from './model';

export const IDLE_GAP_ALWAYS = 1;
export const IDLE_GAP_FLOOR = 0.2;
export const IDLE_GAP_RTT_FACTOR = 50;

/** The idle-gap threshold in seconds for a connection with handshake RTT `rtt` (null: unknown). */
export function idleGapThreshold(rtt: number | null): number {
  if (rtt === null || !(rtt >= 0)) return IDLE_GAP_ALWAYS;
  return Math.min(IDLE_GAP_ALWAYS, Math.max(IDLE_GAP_FLOOR, IDLE_GAP_RTT_FACTOR * rtt));
}

/** Keeps the candidate silences (recorded when ≥ the floor) that reach the connection's threshold. */
export function selectIdleGaps(candidates: readonly number[], rtt: number | null): IdleGap[] {
  const threshold = idleGapThreshold(rtt);
  const gaps: IdleGap[] = [];
  for (let i = 0; i + 2 < candidates.length; i += 3) {
    const seconds = candidates[i + 2] ?? 0;
    if (seconds >= threshold)
      gaps.push({ fromRow: candidates[i] ?? 0, toRow: candidates[i + 1] ?? 0, seconds });
  }
  return gaps;
}
