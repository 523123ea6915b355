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
  for (let i = 0; i < t.length; i++) {
    out.push({
      sec: t.baseSec + (t.tsSec[i] ?? 0),
      ns: t.tsNs[i] ?? 0,
      capLen: t.capLen[i] ?? 0,
      origLen: t.origLen[i] ?? 0,
      offset: t.fileOffset[i] ?? 0,
      iface: t.iface[i] ?? 0,
      notAPacket: ((t.decode[i] ?? 0) & Decode.NotAPacket) !== 0,
    });
  }
  return out;
}

/** Every column of the table, for comparing two reads of the same file. */
export function snapshot(t: PacketTable): Record<string, unknown> {
  const cols: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(t)) {
    if (ArrayBuffer.isView(v)) cols[k] = Array.from(v as Uint8Array).slice(0, t.length);
  }
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
