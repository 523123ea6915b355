// The Markdown report's "Sequence diagrams" section: the Mermaid chart of each problem flow (primary
// diagnosis of severity error or warning). Flows with the same diagnosis and the same server tell the
// same story (20 connections of a CLOSE_WAIT leak), so one chart is drawn per such group and the
// group's other streams are listed under it.
import type { PacketTable } from '../capture/packet-table';
import type { Flow, FlowSet } from '../flows/model';
import type { Diagnosis } from './diagnose';
import { SEVERITY } from './labels';
import { flowToMermaid } from './mermaid';
import { PACKS } from './texts';
import { streamList } from './texts/format';
import { MERMAID_TEXTS } from './texts/mermaid-texts';

export interface MermaidSectionOptions {
  /** Charts drawn at most (default 20); the remaining groups are counted in one sentence. */
  maxCharts?: number;
  /** Passed to flowToMermaid. */
  maxMessages?: number;
}

function problemGroups(table: PacketTable, flows: FlowSet, d: Diagnosis): Flow[][] {
  const groups = new Map<string, Flow[]>();
  for (const f of flows.flows) {
    const label = d.flows[f.index]?.diagnosis ?? 'healthy';
    const severity = SEVERITY[label];
    if (f.transport !== 'tcp' || (severity !== 'error' && severity !== 'warning')) continue;
    const key = `${label}|${table.addresses.endpoint(f.serverAddr, f.serverPort)}`;
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  return [...groups.values()];
}

/** Markdown lines of the section, empty when no flow has a problem. */
export function mermaidSection(
  table: PacketTable,
  flows: FlowSet,
  d: Diagnosis,
  options: MermaidSectionOptions = {},
): string[] {
  const groups = problemGroups(table, flows, d);
  if (groups.length === 0) return [];
  const t = MERMAID_TEXTS[d.lang];
  const max = options.maxCharts ?? 20;
  const out = [`## ${t.reportHeading}`, ''];
  for (const [first, ...rest] of groups.slice(0, max)) {
    if (!first) continue;
    const label = d.flows[first.index]?.diagnosis ?? 'healthy';
    out.push(`### ${t.reportChart(first.stream, PACKS[d.lang].labels[label] ?? label)}`, '');
    const chart = flowToMermaid(table, flows, d, first.index, {
      lang: d.lang,
      ...(options.maxMessages !== undefined && { maxMessages: options.maxMessages }),
    });
    out.push('```mermaid', chart.trimEnd(), '```', '');
    if (rest.length > 0)
      out.push(
        t.reportSame(
          streamList(
            rest.map((f) => f.stream),
            30,
          ),
        ),
        '',
      );
  }
  if (groups.length > max) out.push(t.reportMore(groups.slice(max).reduce((n, g) => n + g.length, 0)), '');
  return out;
}
