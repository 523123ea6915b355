// What each entry of the Export menu does, for the selected connection: the ladder as SVG or PNG (the
// picture as shown, ladder-picture.ts), its Mermaid sequence diagram copied or saved, the whole
// analysis as a Markdown report, its packets as a capture file (cut out of the file by the worker),
// and its Wireshark display filter copied. Texts follow the page's language.
import type { Lang } from '../../analysis/diagnose';
import { flowExportName, flowExportRows } from '../../analysis/export-flow';
import { markdownReport } from '../../analysis/markdown-report';
import { flowToMermaid } from '../../analysis/mermaid';
import { streamFilter } from '../../analysis/wireshark-filter';
import type { PacketTable } from '../../capture/packet-table';
import type { Flow, FlowSet } from '../../flows/model';
import type { DiagnosisFacts } from '../../worker/analysis-api';
import { frameExportRequest } from '../../worker/frame-export';
import type { CaptureSession } from '../../worker/worker-client';
import type { LadderShown } from '../diagram';
import {
  type LadderPicture,
  ladderPicture,
  PNG_MAX_HEIGHT,
  PNG_MAX_PACKETS,
  SVG_MAX_PACKETS,
} from '../diagram/ladder-picture';
import type { Translate } from '../i18n/i18n';
import { pageDiagnosis } from './page-diagnosis';
import { copyText, saveBlob, saveText, svgToPng } from './save';

export const EXPORT_KINDS = [
  'svg',
  'png',
  'mermaid-copy',
  'mermaid-save',
  'markdown',
  'pcap',
  'filter',
] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export interface ExportContext {
  table: PacketTable;
  flowSet: FlowSet;
  flow: Flow;
  /** The capture's file name (export names derive from it). */
  fileName: string;
  facts: DiagnosisFacts;
  /** Indexes of the findings that label `flow`, ascending (page-diagnosis.ts labellingFindings). */
  flowFindings: readonly number[];
  session: CaptureSession;
  /** The ladder as drawn now; null before it first drew. */
  shown: LadderShown | null;
  lang: Lang;
  t: Translate;
}

export type ExportOutcome =
  | { kind: 'saved'; name: string }
  | { kind: 'copied'; what: string }
  /** The browser refused the clipboard: the page shows the text to copy by hand. */
  | { kind: 'copy-blocked'; text: string };

/** "capture-tcp-stream-3": the name flowExportName gives the connection's capture file, without extension. */
function flowBaseName(c: ExportContext): string {
  return flowExportName(c.fileName, c.flow, 'pcap').replace(/\.pcap$/, '');
}

function picture(c: ExportContext, maxPackets: number, maxHeight: number): LadderPicture {
  if (!c.shown) throw new Error('the ladder is not drawn yet');
  const { t, flow } = c;
  const client = c.table.addresses.endpoint(flow.clientAddr, flow.clientPort);
  const server = c.table.addresses.endpoint(flow.serverAddr, flow.serverPort);
  return ladderPicture(c.shown, {
    title: `${t('flow.title', { stream: flow.stream })} · ${client} → ${server}`,
    maxPackets,
    maxHeight,
    partialNote: (from, to, total) => t('export.partial', { from, to, total, max: maxPackets }),
  });
}

async function mermaidText(c: ExportContext): Promise<string> {
  const session = c.session;
  const d = await pageDiagnosis(
    c.facts,
    c.lang,
    (indexes, lang) => session.findingTexts(indexes, lang),
    c.flowFindings,
  );
  return flowToMermaid(c.table, c.flowSet, d, c.flow.index, { lang: c.lang });
}

async function copy(text: string, what: string): Promise<ExportOutcome> {
  return (await copyText(text)) ? { kind: 'copied', what } : { kind: 'copy-blocked', text };
}

async function savePng(c: ExportContext): Promise<ExportOutcome> {
  const p = picture(c, PNG_MAX_PACKETS, PNG_MAX_HEIGHT);
  // twice the resolution for sharp text, unless that would pass Safari's 16.7 M-pixel canvas limit
  const scale = p.width * p.height * 4 <= 16_000_000 ? 2 : 1;
  const name = `${flowBaseName(c)}.png`;
  saveBlob(await svgToPng(p.svg, p.width, p.height, scale), name);
  return { kind: 'saved', name };
}

async function savePcap(c: ExportContext): Promise<ExportOutcome> {
  const request = frameExportRequest(c.table, flowExportRows(c.table, c.flow));
  const out = await c.session.exportFrames(request);
  const name = flowExportName(c.fileName, c.flow, out.format);
  const type = out.format === 'pcap' ? 'application/vnd.tcpdump.pcap' : 'application/octet-stream';
  saveBlob(new Blob([out.bytes as Uint8Array<ArrayBuffer>], { type }), name);
  return { kind: 'saved', name };
}

async function saveReport(c: ExportContext): Promise<ExportOutcome> {
  const session = c.session;
  const d = await pageDiagnosis(c.facts, c.lang, (indexes, lang) => session.findingTexts(indexes, lang));
  const base = flowBaseName(c).replace(/-(tcp|udp)-stream-\d+$/, '');
  const name = `${base}-report${c.lang === 'en' ? '' : `.${c.lang}`}.md`;
  saveText(markdownReport(c.table, c.flowSet, d, { fileName: c.fileName }), name, 'text/markdown');
  return { kind: 'saved', name };
}

export async function runExport(kind: ExportKind, c: ExportContext): Promise<ExportOutcome> {
  switch (kind) {
    case 'svg': {
      const name = `${flowBaseName(c)}.svg`;
      saveText(picture(c, SVG_MAX_PACKETS, Number.POSITIVE_INFINITY).svg, name, 'image/svg+xml');
      return { kind: 'saved', name };
    }
    case 'png':
      return savePng(c);
    case 'mermaid-copy':
      return copy(await mermaidText(c), c.t('export.mermaidWhat', { stream: c.flow.stream }));
    case 'mermaid-save': {
      const name = `${flowBaseName(c)}.mmd`;
      saveText(await mermaidText(c), name, 'text/vnd.mermaid');
      return { kind: 'saved', name };
    }
    case 'markdown':
      return saveReport(c);
    case 'pcap':
      return savePcap(c);
    case 'filter': {
      const filter = streamFilter(c.flow);
      return copy(filter, filter);
    }
  }
}
