// Packs the worker's result for postMessage with nothing big copied: the packet table's columns, the
// flows' per-packet columns and every flow's rows go in the transfer list. The rows of all flows are
// first gathered into one buffer (compressed sparse rows) and each Flow.rows becomes a view over it:
// one transfer instead of one per flow (100 000 flows would be 100 000 buffers), and structured clone
// rebuilds each view over the transferred buffer on the page's side. Findings cross without their
// texts (see FindingFacts); the page asks for those when it shows them.
import type { Diagnosis, Lang } from '../analysis/diagnose';
import { summarize } from '../analysis/summary';
import { PACKS } from '../analysis/texts';
import type { FlowSet } from '../flows/model';
import type { AnalysisResult, DiagnosisFacts, FindingFacts } from './analysis-api';
import type { OpenedCapture } from './open-capture';
import { type Transferable, toTransferable } from './table-transfer';

/** Replaces every Flow.rows by a view over one shared buffer; returns that buffer. */
export function packFlowRows(set: FlowSet): ArrayBuffer {
  let total = 0;
  for (const f of set.flows) total += f.rows.length;
  const all = new Uint32Array(total);
  let at = 0;
  for (const f of set.flows) {
    all.set(f.rows, at);
    f.rows = all.subarray(at, at + f.rows.length);
    at += f.rows.length;
  }
  return all.buffer;
}

function columnBuffers(set: FlowSet): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  for (const v of Object.values(set.columns)) {
    if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) seen.add(v.buffer);
  }
  return [...seen];
}

export function diagnosisFacts(d: Diagnosis, set: FlowSet): DiagnosisFacts {
  const findings: FindingFacts[] = d.findings.map(
    ({ title: _t, explanation: _e, clientSaw: _c, serverSaw: _s, fixes: _f, serverFix: _x, ...facts }) =>
      facts,
  );
  const zh = summarize(set, d.flows, d.idleTimeouts, 'zh-CN');
  const idleTimeouts: Record<Lang, typeof zh.idleTimeouts> = {
    en: d.lang === 'en' ? d.summary.idleTimeouts : summarize(set, d.flows, d.idleTimeouts, 'en').idleTimeouts,
    'zh-CN': zh.idleTimeouts,
  };
  return {
    flows: d.flows,
    findings,
    connections: d.summary.connections,
    endedBadly: d.summary.endedBadly,
    counts: d.summary.counts,
    headlines: d.summary.headlines,
    idleTimeouts,
    labelNames: { en: PACKS.en.labels, 'zh-CN': PACKS['zh-CN'].labels },
    ruleErrors: d.ruleErrors,
  };
}

/**
 * The result as it crosses to the page, with its transfer list. After this the worker must not touch
 * the table, the flow columns or Flow.rows (their buffers are detached); the Flow objects themselves
 * (which the finding texts read) stay usable.
 */
export function packResult(r: OpenedCapture): Transferable<AnalysisResult> {
  const transfer: ArrayBuffer[] = [];
  const flowSet = r.flowSet;
  if (flowSet) transfer.push(packFlowRows(flowSet), ...columnBuffers(flowSet));
  const diagnosis = r.diagnosis && flowSet ? diagnosisFacts(r.diagnosis, flowSet) : null;
  let table: AnalysisResult['table'] = null;
  if (r.table) {
    const packed = toTransferable(r.table);
    table = packed.value;
    transfer.push(...packed.transfer);
  }
  return { value: { ...r, flowSet, diagnosis, table }, transfer };
}
