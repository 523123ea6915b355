// A standalone capture file holding only some frames of a capture (a flow's, for a ticket): their
// original bytes, time stamps and lengths, re-read from the source (extract-frames.ts). Classic pcap
// when the frames share one link type, which is the usual case for a TCP connection; pcapng when
// they come from interfaces with different link types (a pcap file has one link type) or when a time
// stamp is outside pcap's unsigned 32-bit seconds (after 2106, as in some synthetic files).
import { type ExtractOptions, extractFrames, type FrameIndex } from './extract-frames';
import type { ByteSource } from './types';
import { type CaptureRecord, writePcap } from './write-pcap';
import { type WriteInterface, writePcapng } from './write-pcapng';

export interface ExportedCapture {
  bytes: Uint8Array;
  format: 'pcap' | 'pcapng';
  packets: number;
}

/** The table's interfaces used by `rows`, renumbered from 0 in order of first use. */
function usedInterfaces(table: FrameIndex, rows: Uint32Array): Map<number, number> {
  const used = new Map<number, number>();
  for (const row of rows) {
    const i = table.ifaceOf(row);
    if (!used.has(i)) used.set(i, used.size);
  }
  return used;
}

/** pcap record headers hold unsigned 32-bit seconds (draft-ietf-opsawg-pcap §5). */
function fitsPcap(r: CaptureRecord): boolean {
  return r.sec >= 0 && r.sec < 2 ** 32;
}

function linkTypeOf(table: FrameIndex, iface: number): number {
  return table.interfaces[iface]?.linkType ?? 1;
}

export async function exportFrames(
  source: ByteSource,
  table: FrameIndex,
  rows: Uint32Array,
  options: ExtractOptions = {},
): Promise<ExportedCapture> {
  const frames = await extractFrames(source, rows, table, options);
  const used = usedInterfaces(table, rows);
  const records: CaptureRecord[] = frames.map((f) => {
    // A record without a time stamp (SPB) gets the time the table shows for it (the previous frame's).
    const stamped = !Number.isNaN(f.sec);
    return {
      sec: stamped ? f.sec : table.baseSec + table.tsSecOf(f.row),
      ns: stamped ? f.ns : table.tsNsOf(f.row),
      origLen: f.origLen,
      bytes: f.bytes,
      iface: used.get(table.ifaceOf(f.row)) ?? 0,
    };
  });
  const ifaces = [...used.keys()];
  const linkTypes = new Set(ifaces.map((i) => linkTypeOf(table, i)));
  if (linkTypes.size <= 1 && records.every(fitsPcap)) {
    const first = table.interfaces[ifaces[0] ?? 0];
    const snapLen = Math.max(0, ...ifaces.map((i) => table.interfaces[i]?.snapLen ?? 0));
    const bytes = writePcap(records, first?.linkType ?? 1, snapLen);
    return { bytes, format: 'pcap', packets: records.length };
  }
  const described: WriteInterface[] = ifaces.map((i) => {
    const src = table.interfaces[i];
    const w: WriteInterface = { linkType: src?.linkType ?? 1, snapLen: src?.snapLen ?? 0 };
    if (src?.name !== undefined) w.name = src.name;
    return w;
  });
  return { bytes: writePcapng(records, described), format: 'pcapng', packets: records.length };
}
