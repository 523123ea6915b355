// The files the fuzz campaign damages, each read once cleanly first: its capture bytes (decompressed
// when the file is .gz/.zst), the layout of its records (testing/mutate.ts), the fields worth
// breaking (snap lengths, interface ids, options, section headers), and the clean read's table,
// against which the rows before the damage are compared.
import { gunzipSync } from 'node:zlib';
import { decompress as unzstd } from 'fzstd';
import { BufferByteSource } from '../../capture/buffer-source';
import type { PacketTable } from '../../capture/packet-table';
import { type Layout, layoutOf } from '../../capture/testing/mutate';
import { CaptureError } from '../../capture/types';
import { analyzeCapture } from '../analyze-capture';

export interface U32Spot {
  offset: number;
  le: boolean;
  /** Start of the record or block holding the field. */
  record: number;
}

export interface OptionSpot extends U32Spot {
  /** Offset where the block's options end (its trailer). */
  end: number;
}

export interface InterfaceIdSpot extends U32Spot {
  /** Interfaces the section declared before this Enhanced Packet Block. */
  declared: number;
}

export interface BlockSpot {
  offset: number;
  le: boolean;
  type: number;
  length: number;
}

/** Fields of a clean file that the targeted mutations overwrite. */
export interface Spots {
  snapLens: U32Spot[];
  /** pcap: the 32-bit network field; pcapng: the IDB's 16-bit link type. */
  linkTypes: (U32Spot & { bytes: 2 | 4 })[];
  /** pcapng blocks, in file order. */
  blocks: BlockSpot[];
  options: OptionSpot[];
  interfaceIds: InterfaceIdSpot[];
  /** Offsets of "HTTP/1." in the file: the start lines of requests and responses. */
  http: number[];
}

export interface CleanRead {
  table: PacketTable;
  packets: number;
  /** Per row: the offset where its record ends (an upper bound when the layout does not say). */
  recordEnd: Float64Array;
}

export interface FuzzSubject {
  name: string;
  /** The file as stored (compressed for .gz/.zst). */
  stored: Uint8Array;
  /** The capture bytes: what the mutations damage. */
  bytes: Uint8Array;
  compression: 'gzip' | 'zstd' | null;
  layout: Layout;
  /** First offset after the file header (pcap) or the first Section Header Block (pcapng). */
  headerEnd: number;
  spots: Spots;
  /** The clean read, or null when the clean file itself is refused (not a capture, bad version...). */
  clean: CleanRead | null;
}

const SHB = 0x0a0d0d0a;
const HTTP_VERSION = Array.from('HTTP/1.', (c) => c.charCodeAt(0));
const IDB = 1;
const EPB = 6;
const roundUp4 = (n: number) => (n % 4 === 0 ? n : n + 4 - (n % 4));

export async function loadSubject(name: string, stored: Uint8Array): Promise<FuzzSubject> {
  const compression = stored[0] === 0x1f && stored[1] === 0x8b ? 'gzip' : isZstd(stored) ? 'zstd' : null;
  const bytes =
    compression === 'gzip'
      ? new Uint8Array(gunzipSync(stored))
      : compression === 'zstd'
        ? unzstd(stored)
        : stored;
  const layout = layoutOf(bytes);
  const headerEnd =
    layout.format === 'pcap'
      ? (layout.boundaries[0] ?? Number.POSITIVE_INFINITY)
      : layout.format === 'pcapng'
        ? (layout.boundaries[1] ?? Number.POSITIVE_INFINITY)
        : Number.POSITIVE_INFINITY;
  const spots = layout.format === 'pcap' ? pcapSpots(bytes, layout) : pcapngSpots(bytes, layout);
  spots.http = find(bytes, HTTP_VERSION);
  return {
    name,
    stored,
    bytes,
    compression,
    layout,
    headerEnd,
    spots,
    clean: await cleanRead(bytes, layout),
  };
}

function isZstd(b: Uint8Array): boolean {
  return b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd;
}

async function cleanRead(bytes: Uint8Array, layout: Layout): Promise<CleanRead | null> {
  try {
    const { capture } = await analyzeCapture(new BufferByteSource(bytes, 'clean'));
    const t = capture.table;
    const recordEnd = new Float64Array(t.length);
    const bounds = layout.boundaries;
    let b = 0;
    const offsets = t.fileOffsets();
    for (let i = 0; i < t.length; i++) {
      const off = offsets[i] ?? 0;
      const next = i + 1 < t.length ? (offsets[i + 1] ?? 0) : capture.bytesRead;
      while (b < bounds.length && (bounds[b] ?? 0) <= off) b++;
      recordEnd[i] = Math.min(next, bounds[b] ?? Number.POSITIVE_INFINITY);
    }
    return { table: t, packets: capture.packets, recordEnd };
  } catch (e) {
    if (e instanceof CaptureError) return null;
    throw e;
  }
}

function pcapSpots(bytes: Uint8Array, layout: Layout): Spots {
  const spots: Spots = { snapLens: [], linkTypes: [], blocks: [], options: [], interfaceIds: [], http: [] };
  if (layout.format !== 'pcap') return spots;
  const le = bytes[0] === 0xd4 || bytes[0] === 0x4d || bytes[0] === 0x34;
  spots.snapLens.push({ offset: 16, le, record: 0 });
  spots.linkTypes.push({ offset: 20, le, record: 0, bytes: 4 });
  return spots;
}

function pcapngSpots(bytes: Uint8Array, layout: Layout): Spots {
  const spots: Spots = { snapLens: [], linkTypes: [], blocks: [], options: [], interfaceIds: [], http: [] };
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let declared = 0;
  for (const f of layout.fields) {
    if (f.role !== 'type') continue;
    const o = f.record;
    const type = dv.getUint32(o, f.le);
    spots.blocks.push({ offset: o, le: f.le, type, length: f.size });
    const end = o + f.size - 4;
    if (type === SHB) {
      declared = 0;
      addOptions(spots, dv, o, o + 24, end, f.le);
    } else if (type === IDB && f.size >= 20) {
      declared++;
      spots.linkTypes.push({ offset: o + 8, le: f.le, record: o, bytes: 2 });
      spots.snapLens.push({ offset: o + 12, le: f.le, record: o });
      addOptions(spots, dv, o, o + 16, end, f.le);
    } else if (type === EPB && f.size >= 32) {
      spots.interfaceIds.push({ offset: o + 8, le: f.le, record: o, declared });
      addOptions(spots, dv, o, o + 28 + roundUp4(dv.getUint32(o + 20, f.le)), end, f.le);
    }
  }
  return spots;
}

/** The option headers (code, length) in `[start, end)` of the block at `block` (pcapng §3.5). */
function addOptions(
  spots: Spots,
  dv: DataView,
  block: number,
  start: number,
  end: number,
  le: boolean,
): void {
  let o = start;
  while (end - o >= 4) {
    spots.options.push({ offset: o, le, record: block, end });
    if (dv.getUint16(o, le) === 0) break;
    o += 4 + roundUp4(dv.getUint16(o + 2, le));
  }
}

/** Every offset where `pattern` starts in `b`. */
function find(b: Uint8Array, pattern: number[]): number[] {
  const out: number[] = [];
  const first = pattern[0];
  for (
    let i = b.indexOf(first ?? 0);
    i >= 0 && i + pattern.length <= b.length;
    i = b.indexOf(first ?? 0, i + 1)
  ) {
    if (pattern.every((c, k) => b[i + k] === c)) out.push(i);
  }
  return out;
}
