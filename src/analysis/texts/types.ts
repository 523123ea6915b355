// The shape of a language pack. en.ts and zh-CN.ts implement it; the type makes both carry every key,
// and texts.test.ts checks the same at run time (every rule, every library, every fix family).
import type { IdleTimeoutEstimate } from '../infer-idle-timeouts';
import type { TimeoutFact } from '../knowledge';
import type { Label, RuleLabel } from '../labels';
import type { LibraryId, RawFinding } from '../types';

export type FixFamily =
  | 'poolIdle'
  | 'retrySafe'
  | 'connect'
  | 'readBody'
  | 'timeouts'
  | 'sendBody'
  | 'closeClean';

export interface FixParams {
  /** Recommended pool idle time (seconds), a few seconds below the path's smallest idle timeout. */
  idle: number;
  /** The server's (or middlebox's) idle timeout that the advice is about, when known. */
  limit: number | null;
  method: string | null;
  idempotent: boolean | null;
}

/** What a rule's texts get: the finding plus lookups done once by the renderer. */
export interface TextArgs {
  finding: RawFinding;
  /** A measured number (NaN when absent). */
  num(key: string): number;
  /** A named evidence frame, 1-based (undefined when absent). */
  frame(key: string): number | undefined;
  /** A context string ('' when absent). */
  ctx(key: string): string;
  streams: number[];
  variant: string;
  /** The capture-wide idle-timeout estimate for the finding's server, if any. */
  serverIdle: IdleTimeoutEstimate | undefined;
  /** idle-timeouts.md rows matching the finding's own measured idle time. */
  serverMatch: TimeoutFact | null;
  clientMatch: TimeoutFact | null;
  middleboxes: TimeoutFact[];
}

/** One sentence (or snippet) per client library for a fix family. */
export type FixTexts = Record<LibraryId, (p: FixParams) => string>;

export interface RuleTexts {
  title(a: TextArgs): string;
  explanation(a: TextArgs): string;
  serverFix(a: TextArgs): string;
}

export interface SummaryArgs {
  connections: number;
  endedBadly: number;
  counts: [Label, number][];
  idle: IdleTimeoutEstimate[];
}

export interface TextPack {
  labels: Record<Label, string>;
  rules: Record<RuleLabel, RuleTexts>;
  fixes: Record<FixFamily, FixTexts>;
  /** Sentence shown when a finding has no client-side exception (e.g. a healthy pattern). */
  noException: string;
  /** Heading before the server-side logs of client-abort-unread-response. */
  serverLogs: string;
  summary: {
    headline(s: SummaryArgs): string;
    idleTimeout(e: IdleTimeoutEstimate): string;
  };
  report: {
    title: string;
    connections: string;
    endedBadly: string;
    perDiagnosis: string;
    idleTimeouts: string;
    findings: string;
    flows: string;
    streams: string;
    frames: string;
    clientSaw: string;
    fixes: string;
    serverSide: string;
    numbers: string;
    ruleErrors: string;
    none: string;
    stream: string;
    client: string;
    server: string;
    diagnosis: string;
    labels: string;
  };
}
