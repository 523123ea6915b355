// The rule engine: runs every rule once over the capture, in two waves (rules that read other rules'
// labels run last), records a rule that throws — or whose declared need could not be computed — as
// failed without stopping the others (the DevTools insights model), and chooses each flow's primary
// diagnosis by the precedence in labels.ts; the other labels become its secondary `labels`.
import type { EngineContext } from './context';
import { type Label, precedenceOf } from './labels';
import type { FlowDiagnosis, RawFinding, Rule, RuleError } from './types';

export interface RuleRun {
  findings: RawFinding[];
  perFlow: FlowDiagnosis[];
  errors: RuleError[];
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function runOne(ctx: EngineContext, rule: Rule, errors: RuleError[]): RawFinding[] {
  for (const need of rule.needs) {
    try {
      ctx.prepare(need);
    } catch (e) {
      errors.push({ rule: rule.id, message: `needs ${need}: ${message(e)}` });
      return [];
    }
  }
  try {
    const found = rule.run(ctx);
    return found.filter(
      (f) => f.rule === rule.id && f.flows.every((i) => i >= 0 && i < ctx.flowSet.flows.length),
    );
  } catch (e) {
    errors.push({ rule: rule.id, message: message(e) });
    return [];
  }
}

export function runRules(ctx: EngineContext, rules: readonly Rule[]): RuleRun {
  const errors: RuleError[] = [];
  const findings: RawFinding[] = [];
  const first = rules.filter((r) => !r.needs.includes('other-rules'));
  const last = rules.filter((r) => r.needs.includes('other-rules'));
  for (const wave of [first, last]) {
    const found = wave.flatMap((r) => runOne(ctx, r, errors));
    for (const f of found) for (const i of f.flows) ctx.addLabel(i, f.rule);
    findings.push(...found);
  }
  const perFlow = ctx.flowSet.flows.map((_, i) => diagnoseFlow(ctx.labelsOf(i)));
  return { findings: sortFindings(findings), perFlow, errors };
}

export function diagnoseFlow(labels: ReadonlySet<Label>): FlowDiagnosis {
  if (labels.size === 0) return { diagnosis: 'healthy', labels: [] };
  const sorted = [...labels].sort((a, b) => precedenceOf(a) - precedenceOf(b));
  const [primary, ...rest] = sorted;
  return primary ? { diagnosis: primary, labels: rest } : { diagnosis: 'healthy', labels: [] };
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

function sortFindings(list: RawFinding[]): RawFinding[] {
  return list.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (a.frames[0] ?? 0) - (b.frames[0] ?? 0) ||
      precedenceOf(a.rule) - precedenceOf(b.rule),
  );
}
