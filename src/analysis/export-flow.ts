// "Download this connection": the selected flow as a standalone capture file to attach to a ticket —
// only its packets, with their original bytes, time stamps, lengths and link type.
import { type ExportedCapture, exportFrames } from '../capture/export-frames';
import type { ExtractOptions } from '../capture/extract-frames';
import { Decode, type PacketTable } from '../capture/packet-table';
import type { ByteSource } from '../capture/types';
import type { Flow } from '../flows/model';

export interface ExportedFlow extends ExportedCapture {
  /** A file name for the download: "<capture name>-tcp-stream-3.pcap". */
  fileName: string;
}

/** The capture's name without directories and capture/compression extensions. */
function baseName(name: string): string {
  const file = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const bare = file.replace(/(\.(pcapng|pcap|cap|dmp|dump))?(\.(gz|zst))?$/i, '');
  return bare.replace(/[^\w.-]+/g, '_') || 'capture';
}

export function flowExportName(captureName: string, flow: Flow, format: 'pcap' | 'pcapng'): string {
  return `${baseName(captureName)}-${flow.transport}-stream-${flow.stream}.${format}`;
}

/** A fragment (not itself completing a datagram) between the same hosts as row `of`. */
function isFragmentLike(t: PacketTable, r: number, of: number): boolean {
  const d = t.decode[r] ?? 0;
  return (
    (d & Decode.Fragment) !== 0 &&
    (d & Decode.Reassembled) === 0 &&
    t.l3Of(r) === t.l3Of(of) &&
    t.srcOf(r) === t.srcOf(of) &&
    t.dstOf(r) === t.dstOf(of)
  );
}

/**
 * The rows to export for a flow: its own, plus, before each of its packets that was reassembled from
 * IP fragments, the earlier fragments between the same hosts since the flow's previous packet. Without
 * them the exported file would hold only the last fragment, and neither Wirelens nor Wireshark could
 * see the TCP segment in it. The table keeps no IP identification, so a fragment of another datagram
 * between the same two hosts in that window would be included too (harmless: it stays a fragment).
 */
export function flowExportRows(table: PacketTable, flow: Flow): Uint32Array {
  const extra: number[] = [];
  let prev = -1;
  for (const row of flow.rows) {
    if ((table.decode[row] ?? 0) & Decode.Reassembled)
      for (let r = prev + 1; r < row; r++) if (isFragmentLike(table, r, row)) extra.push(r);
    prev = row;
  }
  if (extra.length === 0) return flow.rows;
  return Uint32Array.from([...flow.rows, ...extra]).sort();
}

/**
 * The flow's packets as a pcap file (pcapng when they come from interfaces with different link
 * types). `source` must be the source `table` was read from; it is read again in one pass.
 */
export async function exportFlowPcap(
  source: ByteSource,
  table: PacketTable,
  flow: Flow,
  options: ExtractOptions = {},
): Promise<ExportedFlow> {
  const out = await exportFrames(source, table, flowExportRows(table, flow), options);
  return { ...out, fileName: flowExportName(source.name, flow, out.format) };
}
