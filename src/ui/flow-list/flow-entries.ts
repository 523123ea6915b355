// The flow list's view of a capture: one entry per TCP connection with the figures the list shows,
// sorts and filters on, computed once per capture (100 000 connections take a few tens of ms).
// Endpoint strings are made here once, never per render.
import { type Label, precedenceOf, SEVERITY } from '../../analysis/labels';
import type { PacketTable } from '../../capture/packet-table';
import type { FlowSet } from '../../flows/model';
import type { DiagnosisFacts } from '../../worker/analysis-api';

/** Badge bits: what the list marks on a connection besides its diagnosis. */
export const Badge = { Rst: 1, Fin: 2, Refused: 4, Idle: 8 } as const;

export interface FlowEntry {
  /** Index in FlowSet.flows. */
  flow: number;
  stream: number;
  client: string;
  server: string;
  clientPort: number;
  serverPort: number;
  /** Seconds from the capture's first frame to the connection's first packet. */
  start: number;
  duration: number;
  packets: number;
  bytes: number;
  diagnosis: Label;
  labels: Label[];
  /** Sort rank, smaller is worse: severity (error, warning, info, healthy), then precedence. */
  rank: number;
  badges: number;
  /** Longest idle gap in seconds, 0 when none. */
  maxIdle: number;
  /** Lower-case text the free-text filter searches: stream, endpoints, diagnosis ids. */
  haystack: string;
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

export function rankOf(label: Label): number {
  const s = SEVERITY[label];
  return (s === null ? 3 : SEVERITY_RANK[s]) * 100 + precedenceOf(label);
}

function badgesOf(f: FlowSet['flows'][number]): number {
  let b = 0;
  if (f.close[0].how === 'rst' || f.close[1].how === 'rst') b |= Badge.Rst;
  if (f.close[0].how === 'fin' || f.close[1].how === 'fin') b |= Badge.Fin;
  if (f.open === 'refused') b |= Badge.Refused;
  if (f.idleGaps.length > 0) b |= Badge.Idle;
  return b;
}

export function buildFlowEntries(
  table: PacketTable,
  set: FlowSet,
  diagnosis: DiagnosisFacts | null,
): FlowEntry[] {
  const t0 = table.length > 0 ? table.time(0) : 0;
  const out: FlowEntry[] = [];
  for (const f of set.flows) {
    if (f.transport !== 'tcp') continue;
    const d = diagnosis?.flows[f.index];
    const label: Label = d?.diagnosis ?? 'healthy';
    const labels = d?.labels ?? [];
    const client = table.addresses.endpoint(f.clientAddr, f.clientPort);
    const server = table.addresses.endpoint(f.serverAddr, f.serverPort);
    let maxIdle = 0;
    for (const g of f.idleGaps) maxIdle = Math.max(maxIdle, g.seconds);
    out.push({
      flow: f.index,
      stream: f.stream,
      client,
      server,
      clientPort: f.clientPort,
      serverPort: f.serverPort,
      start: f.start - t0,
      duration: f.end - f.start,
      packets: f.packets[0] + f.packets[1],
      bytes: f.bytes[0] + f.bytes[1],
      diagnosis: label,
      labels,
      rank: rankOf(label),
      badges: badgesOf(f),
      maxIdle,
      haystack: `${f.stream} ${client} ${server} ${label} ${labels.join(' ')}`.toLowerCase(),
    });
  }
  return out;
}
