import { OptBit, type OptionTable } from '../../capture/packet-table';
import { SACK_BYTES, type TcpDirection } from './direction-state';
import { storeWindowScale } from './window-scale';

/** packet-tcp.c keeps at most MAX_TCP_SACK_RANGES - 1 = 3 SACK blocks of a segment for bytes in flight. */
const SACK_BLOCKS_KEPT = 3;

/**
 * First index of the sparse option table whose packet row is >= `row` (options.length if none).
 * `from` must be a lower bound (an earlier answer for an earlier row of the same flow): the search
 * gallops forward from it, so a flow walking its packets in order pays O(log gap) per lookup.
 */
export function optionLowerBound(options: OptionTable, row: number, from: number): number {
  const packet = options.packet;
  const n = options.length;
  if (from >= n || (packet[from] ?? 0) >= row) return from;
  let below = from;
  let step = 1;
  let probe = from + 1;
  while (probe < n && (packet[probe] ?? 0) < row) {
    below = probe;
    step *= 2;
    probe = below + step;
  }
  let lo = below + 1;
  let hi = Math.min(probe, n);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((packet[mid] ?? 0) < row) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Applies the options of a segment to its direction (at `fo` in `u`), after the sequence analysis as
 * packet-tcp.c dissects options after tcp_analyze_sequence_number: the window scale shift, and the
 * bytes the SACK blocks cover (used for the other direction's bytes in flight; a segment without
 * SACK clears them).
 */
export function applyOptionsAt(options: OptionTable, opt: number, u: Uint32Array, fo: number): void {
  u[fo + SACK_BYTES] = 0;
  if (opt < 0) return;
  const bits = options.bits[opt] ?? 0;
  if (bits & OptBit.WindowScale) storeWindowScale(u, fo, options.wscale[opt] ?? 0);
  const blocks = Math.min(options.sackCount[opt] ?? 0, SACK_BLOCKS_KEPT);
  let sum = 0;
  for (let b = 0, e = options.sackStart[opt] ?? 0; b < blocks; b++, e += 2) {
    sum = (sum + ((options.sackEdges[e + 1] ?? 0) - (options.sackEdges[e] ?? 0))) >>> 0;
  }
  u[fo + SACK_BYTES] = sum;
}

/** applyOptionsAt for a direction with storage of its own (tests). */
export function applyOptions(options: OptionTable, opt: number, fwd: TcpDirection): void {
  applyOptionsAt(options, opt, fwd.u, fwd.o);
}
