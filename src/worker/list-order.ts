// The flow list's default order, computed in the worker from the packed columns: problem connections
// first (errors, then warnings, then notes, then healthy; within a severity by the diagnosis
// precedence), then by stream number. Sorting 100 000 connections with a comparator is tens of ms;
// done here, off the page's main thread, the page shows the list in this order without sorting
// (and its filters keep it: a filter only drops entries).
// The list's entries are the TCP flows in flow order: entry i is the i-th TCP flow.
import { LABELS, type Label, precedenceOf, SEVERITY } from '../analysis/labels';
import type { PackedFlowLabels } from './diagnosis-transfer';
import { FlowKind, type PackedFlows } from './flow-transfer';

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/** Sort rank of a diagnosis, smaller is worse: severity (error, warning, info, healthy), then precedence. */
export function rankOf(label: Label): number {
  const s = SEVERITY[label];
  return (s === null ? 3 : SEVERITY_RANK[s]) * 100 + precedenceOf(label);
}

/** rankOf for each index of LABELS. */
export const RANK_OF_CODE: readonly number[] = LABELS.map(rankOf);

/** The flow index of each list entry: the TCP flows, ascending. */
export function tcpFlows(flows: PackedFlows): Uint32Array {
  let n = 0;
  for (let i = 0; i < flows.count; i++) if (!((flows.kind[i] ?? 0) & FlowKind.Udp)) n++;
  const out = new Uint32Array(n);
  let at = 0;
  for (let i = 0; i < flows.count; i++) if (!((flows.kind[i] ?? 0) & FlowKind.Udp)) out[at++] = i;
  return out;
}

/** Entry indexes (see tcpFlows) in the default order: rank, then stream. */
export function defaultListOrder(
  flows: PackedFlows,
  entries: Uint32Array,
  labels: PackedFlowLabels | null,
): Uint32Array {
  const n = entries.length;
  const rank = new Uint16Array(n);
  const stream = new Float64Array(n);
  for (let e = 0; e < n; e++) {
    const f = entries[e] ?? 0;
    rank[e] = RANK_OF_CODE[labels?.label[f] ?? 0] ?? 0;
    stream[e] = flows.stream[f] ?? 0;
  }
  const order = new Uint32Array(n);
  for (let e = 0; e < n; e++) order[e] = e;
  return order.sort((a, b) => (rank[a] ?? 0) - (rank[b] ?? 0) || (stream[a] ?? 0) - (stream[b] ?? 0));
}
