// Walks the frames and blocks of a zstd stream (RFC 8878 §3.1) without decoding them, so that
// decompress.ts can hand fzstd the compressed bytes a few blocks at a time and refuse frames that
// would make fzstd allocate a huge window. Two things a tiny file can otherwise do:
// - a frame header declaring a window (or, for a single-segment frame, a content size) of up to
//   2 GiB: fzstd allocates the whole window at the frame start (its rzfh), so 20 bytes would cost
//   2 GB. libzstd refuses windows above 2^27 bytes unless told otherwise
//   (ZSTD_WINDOWLOG_LIMIT_DEFAULT), and so does Wireshark, which reads .zst through libzstd;
// - RLE blocks (§3.1.1.2.2): 4 bytes decode to 128 KiB, so one 4 KB push of fzstd would produce
//   128 MB at once. Cutting the input after every few blocks bounds what one push produces.
/** libzstd's default decoder limit, ZSTD_WINDOWLOG_LIMIT_DEFAULT = 27 (API and CLI, facebook/zstd#864). */
export const MAX_ZSTD_WINDOW = 2 ** 27;
/** A block decodes to at most 128 KiB (Block_Maximum_Size, §3.1.1.2.4), so a piece to at most 2 MiB. */
export const BLOCKS_PER_PIECE = 16;
/** Where the walker lost track, pieces of this size: 32 blocks of at least 4 bytes, 4 MiB at most. */
const LOST_PIECE = 128;

const FRAME_MAGIC = 0xfd2fb528;
const MAX_BLOCK = 128 * 1024;

const State = {
  Magic: 0,
  Descriptor: 1,
  Header: 2,
  BlockHeader: 3,
  SkippableSize: 4,
  Checksum: 5,
  /** Not zstd as expected: stop cutting, fzstd will report the fault. */
  Lost: 6,
} as const;

export class ZstdFrameWalker {
  /** Offset of the next byte in the compressed stream (for messages). */
  offset = 0;
  /** Set when a frame needs a window above MAX_ZSTD_WINDOW: nothing from that frame on is handed out. */
  fault: string | null = null;
  private state: number = State.Magic;
  private need = 4;
  private readonly head: number[] = [];
  private skip = 0;
  private blocks = 0;
  private checksum = false;

  /**
   * Splits `chunk` into pieces that each decode to a bounded size: at most BLOCKS_PER_PIECE blocks,
   * or LOST_PIECE bytes once the stream stopped looking like zstd frames (fzstd then reports the
   * fault). At a frame whose window is too large, sets `fault` and returns the pieces before it.
   */
  split(chunk: Uint8Array): Uint8Array[] {
    const pieces: Uint8Array[] = [];
    let start = 0;
    let i = 0;
    while (i < chunk.length && this.state !== State.Lost && this.fault === null) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        i += n;
        this.skip -= n;
      } else {
        this.head.push(chunk[i++] ?? 0);
        if (this.head.length < this.need) continue;
        this.readField(this.offset + i);
      }
      if (this.fault !== null) {
        // Leave the frame's magic and header out: fzstd would allocate the window on reading them.
        const frameStart = i - this.head.length - 4;
        if (frameStart > start) pieces.push(chunk.subarray(start, frameStart));
        start = chunk.length;
      } else if (this.skip === 0 && this.blocks >= BLOCKS_PER_PIECE) {
        pieces.push(chunk.subarray(start, i));
        start = i;
        this.blocks = 0;
      }
    }
    this.offset += chunk.length;
    for (let at = start; at < chunk.length; at += this.state === State.Lost ? LOST_PIECE : chunk.length)
      pieces.push(chunk.subarray(at, this.state === State.Lost ? at + LOST_PIECE : chunk.length));
    return pieces;
  }

  /** The field in `head` is complete (it ended at stream offset `end`): act on it. */
  private readField(end: number): void {
    const h = this.head;
    switch (this.state) {
      case State.Magic: {
        const magic = u32(h, 0);
        if (magic === FRAME_MAGIC) this.expect(State.Descriptor, 1);
        else if ((magic & 0xfffffff0) >>> 0 === 0x184d2a50) this.expect(State.SkippableSize, 4);
        else this.state = State.Lost;
        return;
      }
      case State.Descriptor:
        this.need = 1 + headerRest(h[0] ?? 0);
        this.state = State.Header;
        return;
      case State.Header:
        this.checkWindow(end);
        this.checksum = ((h[0] ?? 0) & 4) !== 0;
        this.expect(State.BlockHeader, 3);
        return;
      case State.BlockHeader:
        this.readBlockHeader();
        return;
      case State.SkippableSize:
        this.skip = u32(h, 0);
        this.expect(State.Magic, 4);
        return;
      case State.Checksum:
        this.expect(State.Magic, 4);
        return;
    }
  }

  private readBlockHeader(): void {
    const h = this.head;
    const b = (h[0] ?? 0) | ((h[1] ?? 0) << 8) | ((h[2] ?? 0) << 16);
    const type = (b >> 1) & 3;
    const size = b >>> 3;
    if (type === 3 || (type !== 1 && size > MAX_BLOCK)) {
      this.state = State.Lost;
      return;
    }
    this.blocks++;
    // An RLE block's content is the one byte it repeats (§3.1.1.2.2).
    this.skip = type === 1 ? 1 : size;
    if ((b & 1) === 0) this.expect(State.BlockHeader, 3);
    else if (this.checksum) this.expect(State.Checksum, 4);
    else this.expect(State.Magic, 4);
  }

  /** Window_Size from the Window_Descriptor, or the Frame_Content_Size of a single-segment frame (§3.1.1.1). */
  private checkWindow(end: number): void {
    const h = this.head;
    const fhd = h[0] ?? 0;
    const single = (fhd & 0x20) !== 0;
    let window: number;
    if (!single) {
      const wd = h[1] ?? 0;
      const base = 2 ** (10 + (wd >> 3));
      window = base + (base / 8) * (wd & 7);
    } else {
      const fcsBytes = [1, 2, 4, 8][fhd >> 6] ?? 1;
      const dictBytes = [0, 1, 2, 4][fhd & 3] ?? 0;
      window = uint(h, 1 + dictBytes, fcsBytes) + (fcsBytes === 2 ? 256 : 0);
    }
    if (window > MAX_ZSTD_WINDOW) {
      const frame = end - h.length - 4;
      this.fault = `the zstd frame at compressed offset ${frame} needs a ${mb(window)} window; like libzstd (and so Wireshark), Wirelens decodes windows of up to ${mb(MAX_ZSTD_WINDOW)} only`;
    }
  }

  private expect(state: number, bytes: number): void {
    this.state = state;
    this.need = bytes;
    this.head.length = 0;
  }
}

/** Bytes of the frame header after the descriptor: window descriptor, dictionary id, content size. */
function headerRest(fhd: number): number {
  const single = (fhd & 0x20) !== 0;
  const fcf = fhd >> 6;
  const fcs = fcf === 0 ? (single ? 1 : 0) : [0, 2, 4, 8][fcf]!;
  return (single ? 0 : 1) + [0, 1, 2, 4][fhd & 3]! + fcs;
}

function u32(b: number[], at: number): number {
  return uint(b, at, 4);
}

/** Little-endian unsigned integer of `n` bytes (up to 8, as a Number: exact below 2^53). */
function uint(b: number[], at: number, n: number): number {
  let v = 0;
  for (let i = n - 1; i >= 0; i--) v = v * 256 + (b[at + i] ?? 0);
  return v;
}

function mb(n: number): string {
  return n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(1)} GiB` : `${Math.round(n / 2 ** 20)} MiB`;
}
