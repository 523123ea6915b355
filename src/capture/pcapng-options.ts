// Options of a pcapng Interface Description Block (pcapng draft §3.5 options, §4.2 IDB options):
// only what Wirelens uses — if_name, if_tsresol, if_tsoffset.

export interface InterfaceOptions {
  name?: string;
  /** if_tsresol byte, when present. */
  tsresol?: number;
  /** if_tsoffset in seconds (signed 64-bit, as a Number). */
  tsoffset: number;
  /** An option ran past the end of the block; the options after it were ignored. */
  damaged: boolean;
}

const OPT_ENDOFOPT = 0;
const IF_NAME = 2;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Reads the options in `view[start, end)`; never reads outside that range. */
export function readInterfaceOptions(
  view: DataView,
  start: number,
  end: number,
  le: boolean,
): InterfaceOptions {
  const out: InterfaceOptions = { tsoffset: 0, damaged: false };
  let o = start;
  while (end - o >= 4) {
    const code = view.getUint16(o, le);
    const len = view.getUint16(o + 2, le);
    o += 4;
    if (code === OPT_ENDOFOPT) break;
    if (len > end - o) {
      out.damaged = true;
      break;
    }
    if (code === IF_TSRESOL && len >= 1) out.tsresol = view.getUint8(o);
    else if (code === IF_TSOFFSET && len === 8) out.tsoffset = readInt64(view, o, le);
    else if (code === IF_NAME && out.name === undefined) out.name = readString(view, o, len);
    // Option values are padded to 32 bits.
    o += len + ((4 - (len % 4)) % 4);
  }
  return out;
}

function readInt64(view: DataView, at: number, le: boolean): number {
  const hi = view.getInt32(le ? at + 4 : at, le);
  const lo = view.getUint32(le ? at : at + 4, le);
  return hi * 4294967296 + lo;
}

function readString(view: DataView, at: number, len: number): string {
  const bytes = new Uint8Array(view.buffer, view.byteOffset + at, len);
  // Writers sometimes include the terminating NUL the draft says to leave out.
  const nul = bytes.indexOf(0);
  return utf8.decode(nul >= 0 ? bytes.subarray(0, nul) : bytes);
}
