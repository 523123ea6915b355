// What the capture view derives from a loaded capture, all read from the worker's columns so that
// nothing is computed per connection when a capture opens (a 1 GB capture has 15 000 connections; a
// test capture 100 000): the flow list's entries, a flow's rows and stream, the flow of a packet, and
// the findings of the connection on screen.
import { precedenceOf } from '../analysis/labels';
import type { PacketFlowColumns } from '../flows/model';
import { findingsOfFlow } from '../worker/diagnosis-transfer';
import { flowRows } from '../worker/flow-transfer';
import type { CaptureDetails, ResultColumns } from '../worker/unpack-result';
import type { LoadedCapture } from '../worker/worker-client';
import { FlowEntries } from './flow-list/flow-entries';
import type { ShownFinding } from './flow-view/diagnosis-panel';

export interface CaptureModel {
  columns: ResultColumns;
  entries: FlowEntries;
}

export function buildModel(c: LoadedCapture): CaptureModel | null {
  if (!c.addresses || !c.columns) return null;
  return { columns: c.columns, entries: new FlowEntries(c.addresses, c.firstTime, c.columns, c.pending) };
}

/** The packet-table rows of flow `flow`, ascending. */
export function rowsOf(m: CaptureModel, flow: number): Uint32Array {
  return flowRows(m.columns.flows, flow);
}

export function streamOf(m: CaptureModel, flow: number): number | undefined {
  return m.columns.flows.stream[flow];
}

/** The TCP flow with stream number `stream`, or undefined. */
export function flowOfStream(m: CaptureModel, stream: number): number | undefined {
  const { entries, flows } = m.columns;
  for (const f of entries) if (flows.stream[f] === stream) return f;
  return undefined;
}

/** The flow that 1-based frame `frame` belongs to, or undefined. */
export function flowOfFrame(packets: PacketFlowColumns, frame: number): number | undefined {
  const flow = packets.flow[frame - 1];
  return flow === undefined || flow < 0 ? undefined : flow;
}

/** The findings that name `flow`, worst first; those citing it as related evidence after its own. */
export function findingsOf(d: CaptureDetails | null, flow: number): ShownFinding[] {
  const packed = d?.findings;
  const facts = d?.diagnosis;
  if (!packed || !facts) return [];
  const rank = (s: ShownFinding) =>
    (s.related ? 1000 : 0) +
    ({ error: 0, warning: 100, info: 200 }[s.facts.severity] ?? 300) +
    precedenceOf(s.facts.rule);
  return findingsOfFlow(packed, flow)
    .flatMap(({ index, related }) => {
      const f = facts.findings[index];
      return f ? [{ index, facts: f, related }] : [];
    })
    .sort((a, b) => rank(a) - rank(b));
}
