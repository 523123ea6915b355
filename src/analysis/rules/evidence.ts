// Building findings: which frames a finding cites, and the common skeleton of a flow (handshake,
// first and last messages with the ACKs that acknowledged them, FINs with their ACKs, RSTs) that
// every finding includes so the reader can follow the whole connection.
import type { RuleContext } from '../context';
import type { FlowFacts } from '../flow-facts';
import { type RuleLabel, SEVERITY } from '../labels';
import type { Context, Numbers, RawFinding } from '../types';

/** Messages kept at each end of a long flow. */
const EDGE_MESSAGES = 4;
const MAX_RSTS = 8;
/** Frames cited by one finding at most (a grouped finding over thousands of flows stays readable);
 * the named key frames are always kept. */
const MAX_FRAMES = 5000;

export function skeletonRows(f: FlowFacts): number[] {
  const rows = [f.synRow, f.synAckRow, f.handshakeAckRow, f.refusalRow, ...f.fin, ...f.finAck];
  const msgs = f.messages;
  msgs.forEach((m, k) => {
    if (k < EDGE_MESSAGES || k >= msgs.length - EDGE_MESSAGES) rows.push(m.firstRow, m.lastRow, m.ackRow);
  });
  rows.push(...f.rstRows.slice(0, MAX_RSTS));
  if (f.rstRows.length > MAX_RSTS) rows.push(f.rstRows[f.rstRows.length - 1] ?? -1);
  return rows;
}

export interface FindingParts {
  flows: number[];
  related?: number[];
  /** Named evidence rows (0-based packet-table rows; -1 entries are dropped). */
  keyRows: Record<string, number>;
  extraRows?: number[];
  numbers: Numbers;
  context?: Context;
  variant?: string;
}

export function makeFinding(ctx: RuleContext, rule: RuleLabel, p: FindingParts): RawFinding {
  const keyFrames: Record<string, number> = {};
  for (const [k, row] of Object.entries(p.keyRows)) if (row >= 0) keyFrames[k] = row + 1;
  const rows = new Set<number>();
  for (const i of [...p.flows, ...(p.related ?? [])]) for (const r of skeletonRows(ctx.facts(i))) rows.add(r);
  for (const r of Object.values(p.keyRows)) rows.add(r);
  for (const r of p.extraRows ?? []) rows.add(r);
  rows.delete(-1);
  let frames = [...rows].map((r) => r + 1).sort((a, b) => a - b);
  if (frames.length > MAX_FRAMES) {
    const keep = new Set(Object.values(keyFrames));
    frames = frames.filter((n, k) => k < MAX_FRAMES || keep.has(n));
  }
  return {
    rule,
    severity: SEVERITY[rule] ?? 'info',
    flows: p.flows,
    related: p.related ?? [],
    frames,
    keyFrames,
    numbers: p.numbers,
    context: p.context ?? {},
    variant: p.variant ?? 'default',
  };
}

/** Seconds rounded to the microsecond, so JSON shows measured values without float noise. */
export const secs = (v: number): number => Math.round(v * 1e6) / 1e6;

/** HTTP method and target of a message, for the texts. */
export function requestContext(
  m: { http: { method?: string; target?: string } | null } | undefined,
): Context {
  const out: Context = {};
  if (m?.http?.method) out.method = m.http.method;
  if (m?.http?.target) out.target = m.http.target;
  return out;
}
