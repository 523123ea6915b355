// Entry point of the analysis layer: packet table and flows in; per-flow diagnoses, findings with
// texts, the capture summary and the inferred idle timeouts out. Pure: runs unchanged in a Web
// Worker and in Node.
import type { PacketTable } from '../capture/packet-table';
import type { FlowSet } from '../flows/model';
import { createContext } from './context';
import type { IdleTimeoutEstimate } from './infer-idle-timeouts';
import { renderFinding } from './render-finding';
import { RULES } from './rules';
import { runRules } from './run-rules';
import { type CaptureSummary, summarize } from './summary';
import type { Finding, FlowDiagnosis, RawFinding, Rule, RuleError } from './types';

export type Lang = 'en' | 'zh-CN';

export interface DiagnoseOptions {
  lang?: Lang;
  /** Rules to run (default: all). Tests pass a subset, or a rule that throws. */
  rules?: readonly Rule[];
}

export interface Diagnosis {
  lang: Lang;
  /** One entry per flow, indexed like flows.flows (UDP flows are `healthy`). */
  flows: FlowDiagnosis[];
  findings: Finding[];
  summary: CaptureSummary;
  idleTimeouts: IdleTimeoutEstimate[];
  /** Rules (or their texts) that threw; the other rules still ran. */
  ruleErrors: RuleError[];
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function diagnose(table: PacketTable, flows: FlowSet, options: DiagnoseOptions = {}): Diagnosis {
  const lang = options.lang ?? 'en';
  const ctx = createContext(table, flows);
  const run = runRules(ctx, options.rules ?? RULES);
  let idleTimeouts: IdleTimeoutEstimate[] = [];
  try {
    idleTimeouts = [...ctx.idleTimeouts];
  } catch (e) {
    run.errors.push({ rule: 'idle-timeouts', message: message(e) });
  }
  const findings = run.findings.map((raw) => render(raw, flows, idleTimeouts, lang, run.errors));
  const summary = summarize(flows, run.perFlow, idleTimeouts, lang);
  return { lang, flows: run.perFlow, findings, summary, idleTimeouts, ruleErrors: run.errors };
}

/** Renders texts; a text that throws is recorded and the finding kept with its facts. */
function render(
  raw: RawFinding,
  flows: FlowSet,
  idle: IdleTimeoutEstimate[],
  lang: Lang,
  errors: RuleError[],
): Finding {
  try {
    return renderFinding(raw, flows, idle, lang);
  } catch (e) {
    errors.push({ rule: `${raw.rule} (texts)`, message: message(e) });
    const streams = [...raw.flows, ...raw.related].map((i) => flows.flows[i]?.stream ?? -1);
    return {
      ...raw,
      streams,
      title: raw.rule,
      explanation: '',
      clientSaw: [],
      serverSaw: [],
      fixes: [],
      serverFix: '',
    };
  }
}
