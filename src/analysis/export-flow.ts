// "Download this connection": the selected flow as a standalone capture file to attach to a ticket —
// only its packets, with their original bytes, time stamps, lengths and link type.
import { type ExportedCapture, exportFrames } from '../capture/export-frames';
import type { ExtractOptions } from '../capture/extract-frames';
import type { PacketTable } from '../capture/packet-table';
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
  const out = await exportFrames(source, table, flow.rows, options);
  return { ...out, fileName: flowExportName(source.name, flow, out.format) };
}
