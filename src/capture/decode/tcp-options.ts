// TCP options (RFC 9293 §3.2; MSS RFC 9293 §3.7.1, window scale and timestamps RFC 7323 §2.2 / §3.2,
// SACK-permitted and SACK RFC 2018 §2 / §3), walked the way packet-tcp.c walks them:
// EOL ends the list; a missing or < 2 length byte, or an option running past the header, stops the
// walk (the frame is still decoded); MSS, window scale and timestamps with a length other than their
// own are skipped without a value; SACK-permitted counts whatever its length; a SACK shorter than one
// block makes tshark throw, which ends the walk. Timestamps are skipped unless the option table keeps
// them (OptionTable.keepTimestamps): they are on nearly every segment and only the oracle test reads them.
import { OptBit } from '../packet-table';
import { u16, u32 } from './bytes';
import type { DecodeState } from './decode-state';

const EOL = 0;
const NOP = 1;
const MSS = 2;
const WINDOW_SCALE = 3;
const SACK_PERMITTED = 4;
const SACK = 5;
const TIMESTAMPS = 8;

/**
 * Walks the options in `[off, hdrEnd)` (the header length), reading only below `readEnd` (the
 * captured or segment end): like tshark, the walk ends at the first byte it cannot read, keeping
 * what came before; SACK-permitted counts as soon as its kind and length were read.
 */
export function decodeTcpOptions(s: DecodeState, off: number, hdrEnd: number, readEnd: number): void {
  const b = s.buf;
  const opts = s.table.options;
  let r = -1; // option-table row, added on the first value
  while (off < hdrEnd && off < readEnd) {
    const kind = b[off]!;
    if (kind === EOL) return;
    if (kind === NOP) {
      off++;
      continue;
    }
    if (off + 1 >= hdrEnd || off + 1 >= readEnd) return;
    const len = b[off + 1]!;
    if (len < 2 || off + len > hdrEnd) return;
    if (kind === SACK && len < 10) return;
    if (isKnownWithLength(kind, len) && (kind !== TIMESTAMPS || opts.keepTimestamps)) {
      if (kind !== SACK_PERMITTED && off + len > readEnd) return;
      if (r < 0) r = opts.add(s.row);
      storeOption(s, r, kind, off, len);
    }
    off += len;
  }
}

function isKnownWithLength(kind: number, len: number): boolean {
  switch (kind) {
    case MSS:
      return len === 4;
    case WINDOW_SCALE:
      return len === 3;
    case SACK_PERMITTED:
      return true;
    case TIMESTAMPS:
      return len === 10;
    case SACK:
      return true;
    default:
      return false;
  }
}

function storeOption(s: DecodeState, r: number, kind: number, off: number, len: number): void {
  const o = s.table.options;
  const b = s.buf;
  switch (kind) {
    case MSS:
      o.mss[r] = u16(b, off + 2);
      o.bits[r] = o.bits[r]! | OptBit.MSS;
      break;
    case SACK_PERMITTED:
      o.bits[r] = o.bits[r]! | OptBit.SackPermitted;
      break;
    case WINDOW_SCALE:
      // RFC 7323 §2.3: shifts above 14 are used as 14. Like tshark we keep the raw value (capped to
      // the Int8 column), and leave the clamp to whoever scales the window.
      o.wscale[r] = Math.min(b[off + 2]!, 127);
      o.bits[r] = o.bits[r]! | OptBit.WindowScale;
      break;
    case TIMESTAMPS:
      o.setTimestamps(r, u32(b, off + 2), u32(b, off + 6));
      break;
    default:
      // SACK: at most 4 blocks fit in 40 option bytes; a repeated SACK option appends.
      for (let p = off + 2; p + 8 <= off + len && o.sackCount[r]! < 4; p += 8)
        o.addSack(r, u32(b, p), u32(b, p + 4));
  }
}
