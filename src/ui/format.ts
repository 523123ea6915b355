// Words and numbers for the page: sizes, rates, link-type names, and read failures in plain words.
import type { LoadFailure, LoadProgress } from '../worker/analysis-api';

const integer = new Intl.NumberFormat('en-US');
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatCount(n: number): string {
  return integer.format(n);
}

/** Decimal units, as file managers and `ls -h --si` show them. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${integer.format(n)} B`;
  if (n < 1e6) return `${oneDecimal.format(n / 1e3)} kB`;
  if (n < 1e9) return `${oneDecimal.format(n / 1e6)} MB`;
  return `${oneDecimal.format(n / 1e9)} GB`;
}

/** Whole percent of the file read, or null when the size is unknown (a stream). */
export function progressPercent(p: LoadProgress): number | null {
  if (!p.bytesTotal) return null;
  return Math.min(100, Math.floor((p.bytesRead / p.bytesTotal) * 100));
}

export function formatRate(p: LoadProgress): string {
  if (p.elapsedMs <= 0) return '— MB/s';
  return `${oneDecimal.format(p.bytesRead / 1e6 / (p.elapsedMs / 1000))} MB/s`;
}

/** Names as libpcap's LINKTYPE_ list gives them (tcpdump.org/linktypes.html). */
const LINK_TYPES: Record<number, string> = {
  0: 'BSD loopback (NULL)',
  1: 'Ethernet',
  12: 'Raw IP',
  14: 'Raw IP',
  101: 'Raw IP',
  108: 'OpenBSD loopback (LOOP)',
  113: 'Linux cooked (SLL)',
  228: 'Raw IPv4',
  229: 'Raw IPv6',
  276: 'Linux cooked v2 (SLL2)',
};

export function linkTypeName(t: number): string {
  return `${LINK_TYPES[t] ?? 'Link type'} (${t})`;
}

/** "frame 12, byte offset 3,456" — the words after "at" — or '' when the reader gave no position. */
export function faultPosition(f: { frame?: number; offset?: number }): string {
  const parts: string[] = [];
  if (f.frame !== undefined) parts.push(`frame ${formatCount(f.frame)}`);
  if (f.offset !== undefined) parts.push(`byte offset ${formatCount(f.offset)}`);
  return parts.join(', ');
}

const FORMATS_READ =
  'Wirelens reads pcap and pcapng files as tcpdump, Wireshark, tshark and dumpcap write them, also gzip- or zstd-compressed.';

/** A headline naming the file and a sentence or two saying what went wrong and what is still shown. */
export function describeFailure(
  fileName: string,
  f: LoadFailure,
  packetsKept: number,
): { title: string; detail: string } {
  const name = `“${fileName}”`;
  const at = faultPosition(f);
  const where = at ? ` (at ${at})` : '';
  const kept =
    packetsKept > 0
      ? ` The ${formatCount(packetsKept)} packet${packetsKept === 1 ? '' : 's'} read before the fault are shown below.`
      : '';
  // Reader messages are sentence fragments ("this is a PNG image"): make them sentences.
  const reason = f.message.charAt(0).toUpperCase() + f.message.slice(1).replace(/\.?$/, '.');
  switch (f.kind) {
    case 'not-a-capture':
      return { title: `${name} is not a packet capture.`, detail: `${reason} ${FORMATS_READ}` };
    case 'unsupported':
      return {
        title: `${name} is in a format Wirelens cannot read yet.`,
        detail: `${reason} ${FORMATS_READ}`,
      };
    case 'corrupt':
      return { title: `${name} is damaged${where}.`, detail: `${reason}${kept}` };
    case 'io':
      return { title: `The browser could not read ${name}.`, detail: `${reason}${kept}` };
    case 'cancelled':
      return { title: `Loading ${name} was cancelled.`, detail: kept.trim() };
    default:
      return {
        title: `Wirelens failed while reading ${name}${where}.`,
        detail: `This is a bug in Wirelens, not a problem with your file: ${reason}${kept}`,
      };
  }
}
