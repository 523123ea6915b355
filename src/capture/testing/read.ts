// Test helper: read bytes through readCapture and look at the format-level columns of the table.
import { BufferByteSource } from '../buffer-source';
import { Decode, type PacketTable } from '../packet-table';
import { readCapture } from '../read-capture';
import { CaptureError, type CaptureResult, type ReadOptions } from '../types';

export function readBytes(bytes: Uint8Array, options?: ReadOptions): Promise<CaptureResult> {
  return readCapture(new BufferByteSource(bytes, 'test'), options);
}

/** The CaptureError reading `bytes` throws; fails if it reads or throws something else. */
export async function readError(bytes: Uint8Array, options?: ReadOptions): Promise<CaptureError> {
  try {
    await readBytes(bytes, options);
  } catch (e) {
    if (e instanceof CaptureError) return e;
    throw e;
  }
  throw new Error('expected a CaptureError, but the read succeeded');
}

export interface Row {
  /** Absolute whole seconds. */
  sec: number;
  ns: number;
  capLen: number;
  origLen: number;
  offset: number;
  iface: number;
  /** A pcapng custom block: a frame for tshark, but no packet. */
  notAPacket: boolean;
}

export function rows(t: PacketTable): Row[] {
  const out: Row[] = [];
  const offsets = t.fileOffsets();
  for (let i = 0; i < t.length; i++) {
    out.push({
      sec: t.baseSec + (t.tsSec[i] ?? 0),
      ns: t.tsNs[i] ?? 0,
      capLen: t.capLenOf(i),
      origLen: t.origLen[i] ?? 0,
      offset: offsets[i] ?? 0,
      iface: t.ifaceOf(i),
      notAPacket: ((t.decode[i] ?? 0) & Decode.NotAPacket) !== 0,
    });
  }
  return out;
}

/** The per-row fields of a table, whether stored in a column or derived (pair, sparse lists). */
export const ROW_FIELDS = [
  'tsSec',
  'tsNs',
  'capLen',
  'origLen',
  'fileOffset',
  'iface',
  'l3',
  'proto',
  'decode',
  'src',
  'dst',
  'srcPort',
  'dstPort',
  'tcpFlags',
  'seq',
  'ack',
  'win',
  'payloadOffset',
  'payloadLength',
] as const;

export type RowField = (typeof ROW_FIELDS)[number];

/** Every row's value of every field, one array per field (file offsets found in one pass). */
export function rowFields(t: PacketTable): Record<RowField, number[]> {
  const n = t.length;
  const offsets = t.fileOffsets();
  const of = (f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
  const col = (a: ArrayLike<number>) => Array.from(a).slice(0, n);
  return {
    tsSec: col(t.tsSec),
    tsNs: col(t.tsNs),
    capLen: of((i) => t.capLenOf(i)),
    origLen: col(t.origLen),
    fileOffset: Array.from(offsets),
    iface: of((i) => t.ifaceOf(i)),
    l3: of((i) => t.l3Of(i)),
    proto: of((i) => t.protoOf(i)),
    decode: col(t.decode),
    src: of((i) => t.srcOf(i)),
    dst: of((i) => t.dstOf(i)),
    srcPort: of((i) => t.srcPortOf(i)),
    dstPort: of((i) => t.dstPortOf(i)),
    tcpFlags: col(t.tcpFlags),
    seq: col(t.seq),
    ack: col(t.ack),
    win: col(t.win),
    payloadOffset: col(t.payloadOffset),
    payloadLength: col(t.payloadLength),
  };
}

/** Every row field of the table, for comparing two reads of the same file. */
export function snapshot(t: PacketTable): Record<string, unknown> {
  const cols: Record<string, unknown> = { ...rowFields(t) };
  cols.baseSec = t.baseSec;
  cols.length = t.length;
  cols.interfaces = t.interfaces;
  cols.addresses = Array.from(t.addresses.words.slice(0, t.addresses.length * 4));
  cols.options = Object.fromEntries(
    Object.entries(t.options)
      .filter(([, v]) => ArrayBuffer.isView(v))
      .map(([k, v]) => [k, Array.from(v as Uint8Array)]),
  );
  return cols;
}
