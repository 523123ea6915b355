// Re-reads the bytes of frames from the capture file on demand (the packet details show the first
// payload bytes). The packet table keeps each record header's offset in the (decompressed) file, so a
// frame is found without keeping any packet bytes in memory:
// - the record header is 16 bytes in pcap, 24 in the modified (Kuznetzov) variant (pcapVariant);
// - in pcapng the packet data follows 28 bytes of an Enhanced Packet Block (draft-ietf-opsawg-pcapng
//   §4.3) or obsolete Packet Block (Appendix A), 12 of a Simple Packet Block (§4.4).
// A plain file is sliced; a gzip or zstd file is decompressed again from the start in one pass that
// collects every requested span (a compressed stream cannot be entered in the middle).
import { BlobSource } from '../capture/blob-source';
import { decompress } from '../capture/decompress';
import { pcapVariant } from '../capture/pcap';
import { SNIFF_BYTES, sniff } from '../capture/sniff';
import type { CaptureFormat, Compression } from '../capture/types';
import type { FrameRequest } from './analysis-api';

/** The longest record header before the packet data (pcapng EPB and PB). */
const MAX_HEADER = 28;
const CHUNK = 4 * 1024 * 1024;

interface Span {
  start: number;
  end: number;
}

export interface FrameReader {
  read(requests: readonly FrameRequest[]): Promise<Uint8Array[]>;
}

/**
 * Bytes before the record's data in a pcapng block, by block type (the pcapng reader's offsets):
 * Simple Packet Block §4.4 and Custom Blocks §4.8 (after the Private Enterprise Number) 12, other
 * non-packet records Wireshark counts as frames (systemd journal export, sysdig events) 8.
 */
const PCAPNG_DATA_AT = new Map<number, number>([
  [0x00000002, 28],
  [0x00000003, 12],
  [0x00000006, 28],
  [0x00000bad, 12],
  [0x40000bad, 12],
  [0x00000009, 8],
  [0x00000204, 8],
  [0x00000216, 8],
  [0x00000221, 8],
]);

/** Length of the record header at the start of `head` (the bytes at the record's offset). */
export function recordHeaderLength(format: CaptureFormat, pcapHeader: number, head: Uint8Array): number {
  if (format === 'pcap') return pcapHeader;
  if (head.length < 4) return MAX_HEADER;
  // The block type is a 32-bit number in the section's byte order, which only the section header
  // says; no known type is the byte swap of another, so whichever reading is known is the one.
  const view = new DataView(head.buffer, head.byteOffset, 4);
  return (
    PCAPNG_DATA_AT.get(view.getUint32(0, true)) ?? PCAPNG_DATA_AT.get(view.getUint32(0, false)) ?? MAX_HEADER
  );
}

/** The requested part of a frame from the bytes read at its record's offset. */
function cut(r: FrameRequest, format: CaptureFormat, pcapHeader: number, bytes: Uint8Array): Uint8Array {
  const from = recordHeaderLength(format, pcapHeader, bytes) + r.skip;
  return bytes.slice(Math.min(from, bytes.length), Math.min(from + r.length, bytes.length));
}

const spanOf = (r: FrameRequest): Span => ({
  start: r.offset,
  end: r.offset + MAX_HEADER + r.skip + r.length,
});

/** Reads spans of a plain file by slicing it. */
async function sliceSpans(blob: Blob, spans: readonly Span[]): Promise<Uint8Array[]> {
  return Promise.all(spans.map(async (s) => new Uint8Array(await blob.slice(s.start, s.end).arrayBuffer())));
}

/** Reads spans of the decompressed stream in one pass, stopping after the last one. */
async function decompressSpans(
  blob: Blob,
  kind: 'gzip' | 'zstd',
  spans: readonly Span[],
): Promise<Uint8Array[]> {
  const out = spans.map((s) => new Uint8Array(s.end - s.start));
  const filled = spans.map(() => 0);
  const last = Math.max(0, ...spans.map((s) => s.end));
  let pos = 0;
  for await (const chunk of decompress(kind, new BlobSource(blob).chunks(CHUNK), () => {})) {
    const end = pos + chunk.length;
    spans.forEach((s, i) => {
      const from = Math.max(s.start, pos);
      const to = Math.min(s.end, end);
      if (to <= from) return;
      out[i]?.set(chunk.subarray(from - pos, to - pos), from - s.start);
      filled[i] = Math.max(filled[i] ?? 0, to - s.start);
    });
    pos = end;
    if (pos >= last) break;
  }
  // A span past the end of the data (a damaged file) keeps only what was there.
  return out.map((b, i) => b.subarray(0, filled[i] ?? 0));
}

export function createFrameReader(blob: Blob, format: CaptureFormat, compressed: Compression): FrameReader {
  const readSpans = (spans: readonly Span[]) =>
    compressed ? decompressSpans(blob, compressed, spans) : sliceSpans(blob, spans);
  let pcapHeader: Promise<number> | null = null;
  const headerLength = (): Promise<number> => {
    pcapHeader ??= readSpans([{ start: 0, end: 4 }]).then(
      ([head]) => pcapVariant(head ?? new Uint8Array(0))?.recordHeaderLength ?? 16,
    );
    return pcapHeader;
  };
  return {
    async read(requests) {
      if (requests.length === 0) return [];
      const hdr = format === 'pcap' ? await headerLength() : 0;
      const bytes = await readSpans(requests.map(spanOf));
      return requests.map((r, i) => cut(r, format, hdr, bytes[i] ?? new Uint8Array(0)));
    },
  };
}

/**
 * The format of a capture whose read failed part-way (the reader's result, with its format, is lost
 * with the exception): sniffed again from the head of the file, after decompression if need be.
 */
export async function detectFormat(
  blob: Blob,
): Promise<{ format: CaptureFormat; compressed: Compression } | null> {
  const head = new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer());
  const outer = sniff(head);
  if (outer.kind === 'pcap' || outer.kind === 'pcapng') return { format: outer.kind, compressed: null };
  if (outer.kind !== 'gzip' && outer.kind !== 'zstd') return null;
  const [inner] = await decompressSpans(blob, outer.kind, [{ start: 0, end: SNIFF_BYTES }]);
  const s = sniff(inner ?? new Uint8Array(0));
  return s.kind === 'pcap' || s.kind === 'pcapng' ? { format: s.kind, compressed: outer.kind } : null;
}
