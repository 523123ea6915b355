// The page's side of pack-result.ts: the worker's columns turned back into the shapes the page and the
// analysis code read (PacketTable, FlowSet, DiagnosisFacts) without building an object per flow or
// per finding: FlowSet.flows, DiagnosisFacts.flows and DiagnosisFacts.findings are arrays whose
// elements are built from the columns the first time they are read (lazy-array.ts). Views over every
// flow (the flow list) read the columns directly (ResultColumns).
// unpackResult takes the first part (what the summary and the flow list show); unpackDetails the
// second (the packet table, the per-packet columns, HTTP exchanges and findings), which the Flow
// objects and the selected connection's view need.
import { AddressTable } from '../capture/address-table';
import type { PacketTable } from '../capture/packet-table';
import type { FlowSet } from '../flows/model';
import type {
  AnalysisResult,
  CaptureFacts,
  DiagnosisFacts,
  DiagnosisSummary,
  ResultDetails,
} from './analysis-api';
import {
  type PackedFindings,
  type PackedFlowLabels,
  unpackDiagnosis,
  unpackFindings,
} from './diagnosis-transfer';
import { flowAt, type PackedFlows } from './flow-transfer';
import { exchangesAt } from './http-transfer';
import { lazyArray } from './lazy-array';
import { tcpFlows } from './list-order';
import { fromTransferable } from './table-transfer';

/** The columns behind a loaded capture's flows. */
export interface ResultColumns {
  flows: PackedFlows;
  /** The flow list's entries: the TCP flows' indexes, ascending (entry i is the i-th TCP flow). */
  entries: Uint32Array;
  /** Entry indexes in the list's default order (worst diagnosis first, then stream). */
  listOrder: Uint32Array;
  /** null without a diagnosis. */
  flowLabels: PackedFlowLabels | null;
}

/** The first part, unpacked. */
export interface UnpackedResult extends CaptureFacts {
  /** The packet table's addresses; null when not a single packet could be read. */
  addresses: AddressTable | null;
  /** Time of the first frame, seconds since the epoch. */
  firstTime: number;
  /** Per-flow diagnoses built from the columns when read. */
  diagnosis: DiagnosisSummary | null;
  /** null when there are no flows. */
  columns: ResultColumns | null;
}

/** The whole result once the second part arrived. */
export interface CaptureDetails {
  /** null when not a single packet could be read. */
  table: PacketTable | null;
  /** Flows built from the columns when read; null when there are no flows. */
  flowSet: FlowSet | null;
  /** The diagnosis with the findings' facts built when read; null without a diagnosis. */
  diagnosis: DiagnosisFacts | null;
  /** The findings as columns, to find those of one flow (diagnosis-transfer.ts findingsOfFlow). */
  findings: PackedFindings | null;
}

export function unpackResult(r: AnalysisResult): UnpackedResult {
  const { flowSet: packed, diagnosis, addresses, ...facts } = r;
  const columns: ResultColumns | null = packed && {
    flows: packed.flows,
    entries: tcpFlows(packed.flows),
    listOrder: packed.listOrder,
    flowLabels: diagnosis?.flowLabels ?? null,
  };
  return {
    ...facts,
    // As table-transfer.ts rebuilds it: structured clone kept the fields, this puts the methods back.
    addresses: addresses && Object.assign(new AddressTable(), addresses),
    diagnosis: diagnosis ? unpackDiagnosis(diagnosis) : null,
    columns,
  };
}

export function unpackDetails(u: UnpackedResult, d: ResultDetails): CaptureDetails {
  const { http, packets, strings } = d;
  const c = u.columns;
  const flowSet: FlowSet | null =
    c && http && packets
      ? {
          flows: lazyArray(c.flows.count, (i) => flowAt(c.flows, i, exchangesAt(http, strings, i))),
          columns: packets,
        }
      : null;
  const findings = d.findings;
  const diagnosis =
    u.diagnosis && findings ? { ...u.diagnosis, findings: unpackFindings(findings, strings) } : null;
  return { table: d.table ? fromTransferable(d.table) : null, flowSet, diagnosis, findings };
}
