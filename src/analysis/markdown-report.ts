// `--format markdown`: the diagnosis as a human report — headline, counts, idle timeouts, each
// finding with its explanation, what the client saw and the fix per library, then every connection.
// Findings of the same rule, variant and server are shown once in full, then listed.
import type { PacketTable } from '../capture/packet-table';
import type { FlowSet } from '../flows/model';
import type { Diagnosis } from './diagnose';
import { mermaidSection } from './mermaid-report';
import { PACKS } from './texts';
import type { TextPack } from './texts/types';
import type { Finding } from './types';

export interface MarkdownOptions {
  fileName?: string;
  /** Connections listed in the table at the end (default 200). */
  maxFlows?: number;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function header(d: Diagnosis, t: TextPack, fileName?: string): string[] {
  const s = d.summary;
  const out = [`# ${t.report.title}${fileName ? ` — ${fileName}` : ''}`, '', `**${s.headline}**`, ''];
  out.push(
    `| ${t.report.connections} | ${t.report.endedBadly} |`,
    '|---|---|',
    `| ${s.connections} | ${s.endedBadly} |`,
    '',
  );
  const counts = Object.entries(s.counts);
  if (counts.length > 0) {
    out.push(
      `## ${t.report.perDiagnosis}`,
      '',
      `| ${t.report.diagnosis} | ${t.report.connections} |`,
      '|---|---|',
    );
    for (const [label, n] of counts)
      out.push(`| ${t.labels[label as keyof TextPack['labels']] ?? label} (\`${label}\`) | ${n} |`);
    out.push('');
  }
  if (s.idleTimeouts.length > 0) {
    out.push(`## ${t.report.idleTimeouts}`, '');
    for (const e of s.idleTimeouts) out.push(`- ${e.text}`);
    out.push('');
  }
  return out;
}

function findingBlock(f: Finding, n: number, t: TextPack, similar: Finding[]): string[] {
  const out = [`### ${n}. [${f.severity}] ${f.title}`, ''];
  out.push(
    `${t.report.streams}: ${f.streams.join(', ')} · ${t.report.frames}: ${f.frames.slice(0, 40).join(', ')}${f.frames.length > 40 ? ' …' : ''}`,
    '',
  );
  out.push(f.explanation, '');
  if (f.clientSaw.length > 0) {
    out.push(`**${t.report.clientSaw}**`, '');
    for (const c of f.clientSaw) out.push(`- ${c.name}: \`${c.text}\``);
    out.push('');
  } else out.push(`**${t.report.clientSaw}**: ${t.noException}`, '');
  if (f.serverSaw.length > 0) {
    out.push(`**${t.serverLogs}**`, '');
    for (const s of f.serverSaw) out.push(`- \`${s}\``);
    out.push('');
  }
  if (f.fixes.length > 0) {
    out.push(`**${t.report.fixes}**`, '');
    for (const x of f.fixes) out.push(`- **${x.name}**: ${x.text}`);
    out.push('');
  }
  if (f.serverFix) out.push(`**${t.report.serverSide}**: ${f.serverFix}`, '');
  const nums = Object.entries(f.numbers).filter(([, v]) => v !== null);
  if (nums.length > 0) out.push(`${t.report.numbers}: ${nums.map(([k, v]) => `${k} = ${v}`).join(', ')}`, '');
  for (const s of similar) out.push(`- ${t.report.streams} ${s.streams.join(', ')}: ${s.title}`);
  if (similar.length > 0) out.push('');
  return out;
}

/** Groups findings that only differ in their streams and timings. */
function groups(findings: readonly Finding[]): Finding[][] {
  const by = new Map<string, Finding[]>();
  for (const f of findings) {
    // Informational findings are grouped per rule only: one explanation, then the list.
    const where = f.severity === 'info' ? '' : (f.context.server ?? f.context.host ?? '');
    const key = `${f.rule}|${f.variant}|${where}`;
    by.set(key, [...(by.get(key) ?? []), f]);
  }
  return [...by.values()];
}

function flowTable(flows: FlowSet, table: PacketTable, d: Diagnosis, t: TextPack, max: number): string[] {
  const out = [
    `## ${t.report.flows}`,
    '',
    `| ${t.report.stream} | ${t.report.client} | ${t.report.server} | ${t.report.diagnosis} | ${t.report.labels} |`,
    '|---|---|---|---|---|',
  ];
  const tcp = flows.flows.filter((f) => f.transport === 'tcp');
  for (const f of tcp.slice(0, max)) {
    const dg = d.flows[f.index];
    out.push(
      `| ${f.stream} | ${cell(table.addresses.endpoint(f.clientAddr, f.clientPort))} | ${cell(table.addresses.endpoint(f.serverAddr, f.serverPort))} | ${dg?.diagnosis ?? 'healthy'} | ${dg?.labels.join(', ') ?? ''} |`,
    );
  }
  if (tcp.length > max) out.push(`| … | ${tcp.length - max} more | | | |`);
  out.push('');
  return out;
}

export function markdownReport(
  table: PacketTable,
  flows: FlowSet,
  d: Diagnosis,
  options: MarkdownOptions = {},
): string {
  const t = PACKS[d.lang];
  const out = header(d, t, options.fileName);
  out.push(`## ${t.report.findings}`, '');
  if (d.findings.length === 0) out.push(t.report.none, '');
  groups(d.findings).forEach((g, k) => {
    const [first, ...rest] = g;
    if (first) out.push(...findingBlock(first, k + 1, t, rest));
  });
  out.push(...mermaidSection(table, flows, d));
  out.push(...flowTable(flows, table, d, t, options.maxFlows ?? 200));
  if (d.ruleErrors.length > 0) {
    out.push(`## ${t.report.ruleErrors}`, '');
    for (const e of d.ruleErrors) out.push(`- \`${e.rule}\`: ${e.message}`);
    out.push('');
  }
  return out.join('\n');
}
