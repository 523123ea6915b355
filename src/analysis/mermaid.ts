// One flow as a Mermaid `sequenceDiagram`, in the style of the seed write-ups (seeds/003: participants
// named by role and address, one message per packet labelled with its flags or HTTP line and the
// frame number, `Note over` lines for what matters). Solid arrows go client → server, dashed arrows
// server → client. Notes mark idle gaps (measured seconds), each side's first FIN and RST with the
// state change it caused, data sent after a FIN, and the diagnosis at the end.
// Long flows stay readable: beyond `maxMessages`, runs of ordinary data/ACK packets far from anything
// notable become one note; SYN, FIN, RST, HTTP message starts and ends, packets with a tcp.analysis
// flag or a mark, idle-gap edges and the diagnosis' key frames are always drawn.
// Every string from the capture is escaped by mermaidText (mermaid-text.ts).
import { type PacketTable, TcpFlag } from '../capture/packet-table';
import { ANALYSIS_NAMES, type Flow, type FlowSet, type IdleGap, Mark, TCP_STATE_NAMES } from '../flows/model';
import { tcpFlagsText } from '../flows/tcp-flags';
import type { Diagnosis, Lang } from './diagnose';
import { precedenceOf } from './labels';
import { clip, mermaidText } from './mermaid-text';
import { renderFinding } from './render-finding';
import { PACKS } from './texts';
import { MERMAID_TEXTS, type MermaidTexts, type Role } from './texts/mermaid-texts';
import type { Finding } from './types';

export interface MermaidOptions {
  lang: Lang;
  /** Packets drawn as messages before ordinary data/ACK runs are collapsed (default 60). */
  maxMessages?: number;
}

export const DEFAULT_MAX_MESSAGES = 60;
const ID: Record<Role, string> = { client: 'Client', server: 'Server' };
const BOTH = `${ID.client},${ID.server}`;
/** HTTP start lines longer than this are cut with "…" (the full target is in the capture). */
const MAX_HTTP_LINE = 80;
const MAX_DIAGNOSES = 3;
const ALWAYS = TcpFlag.SYN | TcpFlag.FIN | TcpFlag.RST;
const CLIENT_FIRST: readonly Role[] = ['client', 'server'];
const SERVER_FIRST: readonly Role[] = ['server', 'client'];

interface Chart {
  table: PacketTable;
  flows: FlowSet;
  flow: Flow;
  t: MermaidTexts;
  /** Request or status line by the row of the segment that starts the message. */
  http: Map<number, string>;
  /** Idle gaps by the row of the packet that ends the silence. */
  gapTo: Map<number, IdleGap>;
  out: string[];
}

const roleOf = (c: Chart, row: number): Role => (c.flows.columns.dir[row] === 0 ? 'client' : 'server');
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const note = (over: string, text: string): string => `    Note over ${over}: ${mermaidText(text)}`;

export function flowToMermaid(
  table: PacketTable,
  flows: FlowSet,
  diagnosis: Diagnosis,
  flowIndex: number,
  options: MermaidOptions,
): string {
  const flow = flows.flows[flowIndex];
  if (!flow) throw new RangeError(`no flow ${flowIndex} (the capture has ${flows.flows.length})`);
  const t = MERMAID_TEXTS[options.lang];
  const c: Chart = { table, flows, flow, t, http: httpLines(flow), gapTo: gapsByEnd(flow), out: [] };
  c.out.push('sequenceDiagram', participant(c, 'client'), participant(c, 'server'));
  if (flow.transport === 'tcp' && flow.open === 'no-handshake') c.out.push(note(BOTH, t.midStream));
  const findings = flowFindings(flows, diagnosis, flowIndex, options.lang);
  const keep = mustShow(c, findings);
  const shown = visible(keep, options.maxMessages ?? DEFAULT_MAX_MESSAGES);
  drawPackets(c, shown);
  for (const text of diagnosisTexts(diagnosis, flowIndex, findings, options.lang))
    c.out.push(note(BOTH, t.diagnosis(text)));
  return `${c.out.join('\n')}\n`;
}

function participant(c: Chart, role: Role): string {
  const f = c.flow;
  const addr =
    role === 'client'
      ? c.table.addresses.endpoint(f.clientAddr, f.clientPort)
      : c.table.addresses.endpoint(f.serverAddr, f.serverPort);
  const detail = f.roleInferred ? `${addr}, ${c.t.roleGuessed}` : addr;
  return `    participant ${ID[role]} as ${mermaidText(`${cap(c.t.role[role])} (${detail})`)}`;
}

function httpLines(flow: Flow): Map<number, string> {
  const lines = new Map<number, string>();
  for (const x of flow.http) {
    const q = x.request;
    if (q) lines.set(q.row, `${q.method ?? '?'} ${q.target ?? ''} ${q.version}`);
    const r = x.response;
    if (r) lines.set(r.row, `${r.version} ${r.status ?? ''} ${r.reason ?? ''}`.trim());
  }
  return lines;
}

function gapsByEnd(flow: Flow): Map<number, IdleGap> {
  return new Map(flow.idleGaps.map((g) => [g.toRow, g]));
}

/** Findings that label this flow, primary diagnosis first, texts in `lang`. */
function flowFindings(flows: FlowSet, d: Diagnosis, flowIndex: number, lang: Lang): Finding[] {
  const mine = d.findings.filter((f) => f.flows.includes(flowIndex));
  mine.sort((a, b) => precedenceOf(a.rule) - precedenceOf(b.rule));
  if (d.lang === lang) return mine;
  return mine.map((f) => {
    try {
      return renderFinding(f, flows, d.idleTimeouts, lang);
    } catch {
      return f;
    }
  });
}

function diagnosisTexts(d: Diagnosis, flowIndex: number, findings: Finding[], lang: Lang): string[] {
  const titles = [...new Set(findings.map((f) => f.title))].slice(0, MAX_DIAGNOSES);
  if (titles.length > 0) return titles;
  const label = d.flows[flowIndex]?.diagnosis ?? 'healthy';
  return [PACKS[lang].labels[label] ?? label];
}

/** 1 for packets that are always drawn (see the file comment), by index into flow.rows. */
function mustShow(c: Chart, findings: Finding[]): Uint8Array {
  const { flow, table } = c;
  const cols = c.flows.columns;
  const special = new Set<number>(c.http.keys());
  for (const x of flow.http)
    for (const m of [x.request, x.response]) if (m && m.endRow >= 0) special.add(m.endRow);
  for (const g of flow.idleGaps) special.add(g.fromRow).add(g.toRow);
  for (const f of findings) for (const frame of Object.values(f.keyFrames)) special.add(frame - 1);
  const n = flow.rows.length;
  const keep = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const row = flow.rows[i] ?? 0;
    const notable =
      ((table.tcpFlags[row] ?? 0) & ALWAYS) !== 0 ||
      (cols.analysis[row] ?? 0) !== 0 ||
      (cols.marks[row] ?? 0) !== 0 ||
      special.has(row);
    if (notable || i === 0 || i === n - 1) keep[i] = 1;
  }
  return keep;
}

/**
 * Which packets to draw: all when they fit in `max`, else the notable ones plus the ordinary ones
 * closest to them (context around each event), as many as fit. A hidden run of one packet is drawn
 * anyway: a note would take the same room.
 */
function visible(keep: Uint8Array, max: number): Uint8Array {
  const n = keep.length;
  if (n <= max) return new Uint8Array(n).fill(1);
  const dist = distanceToKept(keep);
  let budget = max - keep.reduce((s, k) => s + k, 0);
  const byDist = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const d = dist[i] ?? n;
    if (!keep[i]) byDist[d] = (byDist[d] ?? 0) + 1;
  }
  let limit = 0;
  while (limit < n && budget - (byDist[limit + 1] ?? 0) >= 0) budget -= byDist[++limit] ?? 0;
  const show = new Uint8Array(n);
  for (let i = 0; i < n; i++) show[i] = keep[i] || (dist[i] ?? n) <= limit ? 1 : 0;
  for (let i = 0; i < n; i++)
    if (!show[i] && (i === 0 || show[i - 1]) && (i === n - 1 || show[i + 1])) show[i] = 1;
  return show;
}

/** Distance (in packets) from each packet to the nearest kept one; 0 for kept packets. */
function distanceToKept(keep: Uint8Array): Uint32Array {
  const n = keep.length;
  const dist = new Uint32Array(n).fill(n);
  let last = -n;
  for (let i = 0; i < n; i++) {
    if (keep[i]) last = i;
    dist[i] = i - last;
  }
  last = 2 * n;
  for (let i = n - 1; i >= 0; i--) {
    if (keep[i]) last = i;
    dist[i] = Math.min(dist[i] ?? n, last - i);
  }
  return dist;
}

function drawPackets(c: Chart, shown: Uint8Array): void {
  const rows = c.flow.rows;
  const noted = {
    fin: [false, false],
    rst: [false, false],
    afterPeerFin: [false, false],
    afterOwnFin: [false, false],
  };
  for (let i = 0; i < rows.length; ) {
    if (!shown[i]) {
      let j = i;
      while (j + 1 < rows.length && !shown[j + 1]) j++;
      c.out.push(collapsedNote(c, i, j));
      i = j + 1;
      continue;
    }
    const row = rows[i] ?? 0;
    const gap = c.gapTo.get(row);
    if (gap) c.out.push(note(BOTH, c.t.idle(gap.seconds, gap.fromRow + 1, gap.toRow + 1)));
    c.out.push(message(c, row));
    c.out.push(...packetNotes(c, i, noted));
    i++;
  }
}

function message(c: Chart, row: number): string {
  const { table, t } = c;
  const role = roleOf(c, row);
  const arrow = role === 'client' ? `${ID.client}->>${ID.server}` : `${ID.server}-->>${ID.client}`;
  const parts: string[] = [];
  const http = c.http.get(row);
  if (http !== undefined) parts.push(clip(http, MAX_HTTP_LINE), '·');
  if (c.flow.transport === 'udp') parts.push('UDP');
  else parts.push(tcpFlagsText(table.tcpFlags[row] ?? 0).replaceAll(',', ', ') || t.noFlags);
  const len = table.payloadLength[row] ?? 0;
  if (len > 0) parts.push(`Len=${len}`);
  const bits = c.flows.columns.analysis[row] ?? 0;
  for (let b = 0; b < ANALYSIS_NAMES.length; b++) {
    const name = ANALYSIS_NAMES[b];
    if (bits & (1 << b) && name) parts.push(`[${t.analysis[name]}]`);
  }
  parts.push(`(${t.frame(row + 1)})`);
  return `    ${arrow}: ${mermaidText(parts.join(' '))}`;
}

interface Noted {
  fin: boolean[];
  rst: boolean[];
  afterPeerFin: boolean[];
  afterOwnFin: boolean[];
}

/** Notes after packet `i`: each side's first FIN and first RST, its first data after a FIN. */
function packetNotes(c: Chart, i: number, noted: Noted): string[] {
  const row = c.flow.rows[i] ?? 0;
  const role = roleOf(c, row);
  const side = role === 'client' ? 0 : 1;
  const flags = c.table.tcpFlags[row] ?? 0;
  const marks = c.flows.columns.marks[row] ?? 0;
  const frame = row + 1;
  const out: string[] = [];
  const once = (kind: keyof Noted, when: boolean, text: () => string) => {
    if (!when || noted[kind][side]) return;
    noted[kind][side] = true;
    out.push(note(ID[role], text()));
  };
  if (c.flow.transport !== 'tcp') return out;
  once('afterPeerFin', (marks & Mark.DataAfterPeerFin) !== 0, () => c.t.dataAfterPeerFin(role, frame));
  once('afterOwnFin', (marks & Mark.DataAfterOwnFin) !== 0, () => c.t.dataAfterOwnFin(role, frame));
  once('fin', (flags & TcpFlag.FIN) !== 0, () => c.t.fin(role, frame, stateChanges(c, i)));
  once('rst', (flags & TcpFlag.RST) !== 0, () => c.t.rst(role, frame, stateChanges(c, i)));
  return out;
}

/** "server → FIN_WAIT_1, client → CLOSE_WAIT": the states packet `i` changed, its sender's first. */
function stateChanges(c: Chart, i: number): string {
  const cols = c.flows.columns;
  const row = c.flow.rows[i] ?? 0;
  const prev = i > 0 ? (c.flow.rows[i - 1] ?? -1) : -1;
  const sender = roleOf(c, row);
  const out: string[] = [];
  for (const role of sender === 'client' ? CLIENT_FIRST : SERVER_FIRST) {
    const col = role === 'client' ? cols.clientState : cols.serverState;
    const now = col[row] ?? 0;
    if (prev >= 0 && col[prev] === now) continue;
    out.push(c.t.stateChange(role, TCP_STATE_NAMES[now] ?? 'CLOSED'));
  }
  return out.join(c.t.listSeparator);
}

function collapsedNote(c: Chart, from: number, to: number): string {
  let withData = 0;
  let bytes = 0;
  for (let i = from; i <= to; i++) {
    const len = c.table.payloadLength[c.flow.rows[i] ?? 0] ?? 0;
    if (len > 0) withData++;
    bytes += len;
  }
  const first = (c.flow.rows[from] ?? 0) + 1;
  const last = (c.flow.rows[to] ?? 0) + 1;
  return note(BOTH, c.t.collapsed(to - from + 1, withData, bytes, first, last));
}
