// The shapes the rules produce and the engine returns. Rules produce RawFindings (facts only);
// texts are added afterwards in the requested language (render-finding.ts).

import type { RuleContext } from './context';
import type { Label, RuleLabel, Severity } from './labels';

/** Measured values of a finding: seconds, bytes, counts, flags. */
export type Numbers = Record<string, number | boolean | null>;
/** Names and strings a text needs: endpoints, HTTP method and target, matched software. */
export type Context = Record<string, string>;

export interface RawFinding {
  rule: RuleLabel;
  severity: Severity;
  /** Flows (indexes into FlowSet.flows) this finding labels. */
  flows: number[];
  /** Flows cited as evidence but not labelled (e.g. the proxy's upstream connection for a 502). */
  related: number[];
  /** Evidence, 1-based frame numbers, ascending. */
  frames: number[];
  /** Named evidence frames (1-based) the explanation refers to. */
  keyFrames: Record<string, number>;
  numbers: Numbers;
  context: Context;
  /** Which form of the pattern was seen, for the texts (e.g. "syn" vs "data" timeouts). */
  variant: string;
}

export const LIBRARIES = [
  'okhttp',
  'httpclient4',
  'httpclient5',
  'resttemplate',
  'webclient',
  'java-httpclient',
  'go',
  'node-http',
  'undici',
  'axios',
  'requests',
  'aiohttp',
  'httpx',
  'dotnet',
  'dart',
] as const;
export type LibraryId = (typeof LIBRARIES)[number];

export interface LibraryText {
  library: LibraryId;
  /** Display name, e.g. "Apache HttpClient 4.x". */
  name: string;
  text: string;
}

/** A finding with its texts in one language. */
export interface Finding extends RawFinding {
  /** Wireshark tcp.stream numbers of `flows` then `related`. */
  streams: number[];
  title: string;
  explanation: string;
  /** What the client most likely logged, per library (empty when it logs nothing). */
  clientSaw: LibraryText[];
  /** What the server most likely logged, where the server is the side that sees an error. */
  serverSaw: string[];
  fixes: LibraryText[];
  serverFix: string;
}

/** Shared facts a rule reads; 'other-rules' makes it run after every rule without it and see their labels. */
export type Need = 'facts' | 'idle-timeouts' | 'close-bursts' | 'other-rules';

export interface Rule {
  id: RuleLabel;
  /** The shared facts this rule reads; the engine computes them first and skips the rule if one failed. */
  needs: readonly Need[];
  run(ctx: RuleContext): RawFinding[];
}

export interface RuleError {
  rule: string;
  message: string;
}

export interface FlowDiagnosis {
  diagnosis: Label;
  /** Other labels that also describe the flow, in precedence order (never includes `diagnosis`). */
  labels: Label[];
}
