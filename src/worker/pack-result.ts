// Packs the worker's result for postMessage with nothing big copied and no object per flow, per HTTP
// exchange or per finding, in two parts. packResult: what the summary and the flow list show: the
// flows (rows included) and each flow's diagnosis as typed-array columns (flow-transfer.ts,
// diagnosis-transfer.ts), the list's default order sorted here, the addresses; a few MB for a 1 GB
// capture. packDetails, asked for right after: the packet table's and the per-packet flow columns as
// they are, the HTTP exchanges and the findings' facts (http-transfer.ts, diagnosis-transfer.ts),
// with their strings as one string table; the worker packs them while the page draws the list. Every buffer is transferred: the page's main
// thread receives a handful of buffers instead of unpacking an object graph (≈ 0.5 s in one task for
// a 1 GB capture when it was Flow objects), and builds objects only for what it shows. Findings
// cross without their texts (see FindingFacts); the page asks for those when it shows them.
import type { Diagnosis, Lang } from '../analysis/diagnose';
import { summarize } from '../analysis/summary';
import { PACKS } from '../analysis/texts';
import type { FlowSet } from '../flows/model';
import type {
  AnalysisResult,
  DiagnosisFacts,
  DiagnosisSummary,
  FindingFacts,
  PackedFlowSet,
  ResultDetails,
} from './analysis-api';
import { packDiagnosis, packedFindingBuffers, packFindings } from './diagnosis-transfer';
import { buffersOf, packFlows } from './flow-transfer';
import { packHttp } from './http-transfer';
import { defaultListOrder, tcpFlows } from './list-order';
import type { OpenedCapture } from './open-capture';
import { StringTableBuilder } from './string-table';
import { type Transferable, toTransferable } from './table-transfer';

export function diagnosisSummary(d: Diagnosis, set: FlowSet): DiagnosisSummary {
  const zh = summarize(set, d.flows, d.idleTimeouts, 'zh-CN');
  const idleTimeouts: Record<Lang, typeof zh.idleTimeouts> = {
    en: d.lang === 'en' ? d.summary.idleTimeouts : summarize(set, d.flows, d.idleTimeouts, 'en').idleTimeouts,
    'zh-CN': zh.idleTimeouts,
  };
  return {
    flows: d.flows,
    connections: d.summary.connections,
    endedBadly: d.summary.endedBadly,
    counts: d.summary.counts,
    headlines: d.summary.headlines,
    idleTimeouts,
    labelNames: { en: PACKS.en.labels, 'zh-CN': PACKS['zh-CN'].labels },
    ruleErrors: d.ruleErrors,
  };
}

/** The findings without their texts. */
export function findingFacts(d: Diagnosis): FindingFacts[] {
  return d.findings.map(
    ({ title: _t, explanation: _e, clientSaw: _c, serverSaw: _s, fixes: _f, serverFix: _x, ...facts }) =>
      facts,
  );
}

/** The whole diagnosis as the page has it once both parts arrived (object form, for tests). */
export function diagnosisFacts(d: Diagnosis, set: FlowSet): DiagnosisFacts {
  return { ...diagnosisSummary(d, set), findings: findingFacts(d) };
}

/**
 * The first part of the result, with its transfer list: small (no packet table, no per-packet
 * column), so that packing it, posting it and taking it in on the page are quick. The worker objects
 * stay usable: packDetails and the finding texts read them after.
 */
export function packResult(r: OpenedCapture): Transferable<AnalysisResult> {
  const transfer: ArrayBuffer[] = [];
  const set = r.flowSet;
  const diagnosis = r.diagnosis && set ? packDiagnosis(diagnosisSummary(r.diagnosis, set)) : null;
  if (diagnosis) transfer.push(...buffersOf(diagnosis.flowLabels));
  let flowSet: PackedFlowSet | null = null;
  if (set) {
    const flows = packFlows(set.flows);
    const listOrder = defaultListOrder(flows, tcpFlows(flows), diagnosis?.flowLabels ?? null);
    flowSet = { flows, listOrder };
    transfer.push(...buffersOf(flows), listOrder.buffer as ArrayBuffer);
  }
  const t = r.table;
  // The address table is copied (it is small next to the table, and the table still needs it).
  const addresses = t ? { ...t.addresses } : null;
  const firstTime = t && t.length > 0 ? t.time(0) : 0;
  const { flowSet: _f, diagnosis: _d, table: _t, ...facts } = r;
  return { value: { ...facts, flowSet, diagnosis, addresses, firstTime }, transfer };
}

/**
 * The second part: the packet table, the per-packet flow columns, the flows' HTTP exchanges and the
 * findings' facts, with their transfer list. After this the worker must not touch the table or the
 * per-packet columns (their buffers are detached); the Flow objects and the Diagnosis stay usable.
 */
export function packDetails(
  r: Pick<OpenedCapture, 'table' | 'flowSet' | 'diagnosis'>,
): Transferable<ResultDetails> {
  const strings = new StringTableBuilder();
  const set = r.flowSet;
  const http = set ? packHttp(set.flows, strings) : null;
  const findings = r.diagnosis && set ? packFindings(findingFacts(r.diagnosis), strings) : null;
  const stringTable = strings.finish();
  const transfer = [
    ...(set ? buffersOf(set.columns) : []),
    ...(http ? buffersOf(http) : []),
    ...(findings ? packedFindingBuffers(findings) : []),
    stringTable.ends.buffer as ArrayBuffer,
  ];
  let table: ResultDetails['table'] = null;
  if (r.table) {
    const packed = toTransferable(r.table);
    table = packed.value;
    transfer.push(...packed.transfer);
  }
  return { value: { table, packets: set?.columns ?? null, http, findings, strings: stringTable }, transfer };
}
