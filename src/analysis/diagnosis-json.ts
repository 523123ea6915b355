// What the CLI's JSON carries from the analysis (documented in docs/cli.md): `diagnosis` and
// `labels` on each flow, and top-level `findings`, `summary`, `idleTimeouts` and `ruleErrors`.
import type { Diagnosis } from './diagnose';
import type { Label } from './labels';
import type { CaptureSummary } from './summary';
import type { Finding, LibraryText, RuleError } from './types';

export interface FlowDiagnosisJson {
  diagnosis: Label;
  labels: Label[];
}

export interface FindingJson {
  rule: Finding['rule'];
  severity: Finding['severity'];
  streams: number[];
  frames: number[];
  keyFrames: Record<string, number>;
  title: string;
  explanation: string;
  clientSaw: LibraryText[];
  serverSaw: string[];
  fixes: LibraryText[];
  serverFix: string;
  numbers: Finding['numbers'];
  context: Finding['context'];
  variant: string;
}

export interface IdleTimeoutJson {
  server: string;
  seconds: number | null;
  samples: number;
  totalSamples: number;
  min: number | null;
  max: number | null;
  streams: number[];
  frames: number[];
  keepAliveHeader: number | null;
  match: { seconds: number; en: string; 'zh-CN': string } | null;
}

export interface DiagnosisJson {
  lang: Diagnosis['lang'];
  findings: FindingJson[];
  summary: CaptureSummary;
  idleTimeouts: IdleTimeoutJson[];
  ruleErrors: RuleError[];
}

/** The two fields the CLI adds to flow `i` of its `flows` array. */
export function flowDiagnosisJson(d: Diagnosis, i: number): FlowDiagnosisJson {
  const f = d.flows[i];
  return { diagnosis: f?.diagnosis ?? 'healthy', labels: [...(f?.labels ?? [])] };
}

export function findingJson(f: Finding): FindingJson {
  return {
    rule: f.rule,
    severity: f.severity,
    streams: f.streams,
    frames: f.frames,
    keyFrames: f.keyFrames,
    title: f.title,
    explanation: f.explanation,
    clientSaw: f.clientSaw,
    serverSaw: f.serverSaw,
    fixes: f.fixes,
    serverFix: f.serverFix,
    numbers: f.numbers,
    context: f.context,
    variant: f.variant,
  };
}

/** The top-level part of the JSON (the CLI adds `flowDiagnosisJson` to each of its flows). */
export function diagnosisJson(d: Diagnosis): DiagnosisJson {
  return {
    lang: d.lang,
    findings: d.findings.map(findingJson),
    summary: d.summary,
    idleTimeouts: d.idleTimeouts.map((e) => ({
      server: e.server,
      seconds: e.seconds,
      samples: e.samples,
      totalSamples: e.totalSamples,
      min: e.min,
      max: e.max,
      streams: e.streams,
      frames: e.frames,
      keepAliveHeader: e.keepAliveHeader,
      match: e.match ? { seconds: e.match.seconds, en: e.match.who.en, 'zh-CN': e.match.who.zh } : null,
    })),
    ruleErrors: d.ruleErrors,
  };
}
