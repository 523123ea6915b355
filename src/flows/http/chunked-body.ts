// Follows a chunked body (RFC 9112 §7.1) across segments to find where the message ends, without
// keeping any of it: chunk-size lines are read byte by byte (they may be split anywhere), chunk data
// is skipped by count, even where the capture's snaplen cut it off.
//
//   chunked-body = *chunk last-chunk trailer-section CRLF
//   chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
//   last-chunk   = 1*("0") [ chunk-ext ] CRLF

const CR = 0x0d;
const LF = 0x0a;

const St = {
  Size: 0,
  /** Chunk extension or whitespace after the size: skipped up to the line end. */
  Ext: 1,
  SizeLf: 2,
  Data: 3,
  DataCr: 4,
  DataLf: 5,
  /** At the start of a trailer line (or of the final empty line). */
  TrailerStart: 6,
  TrailerLine: 7,
  TrailerEndLf: 8,
  Done: 9,
  Error: 10,
} as const;
type StValue = (typeof St)[keyof typeof St];

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

export class ChunkedBody {
  private st: StValue = St.Size;
  private size = 0;
  private digits = 0;
  /** Chunk data bytes still expected in the current chunk. */
  remaining = 0;
  /** Chunk data bytes seen so far (the decoded body length). */
  dataBytes = 0;

  reset(): void {
    this.st = St.Size;
    this.size = 0;
    this.digits = 0;
    this.remaining = 0;
    this.dataBytes = 0;
  }

  get done(): boolean {
    return this.st === St.Done;
  }

  get failed(): boolean {
    return this.st === St.Error;
  }

  /** True while inside chunk data, where missing bytes can be accounted for by count. */
  get inData(): boolean {
    return this.st === St.Data;
  }

  /**
   * Consumes body bytes b[pos, end), of which only b[pos, capEnd) were captured. Returns the position
   * after the last byte that belongs to the body (the message ends there when `done`). Framing bytes
   * that were not captured leave the body `failed`.
   */
  feed(b: Uint8Array, pos: number, capEnd: number, end: number): number {
    while (pos < end && this.st !== St.Done && this.st !== St.Error) {
      if (this.st === St.Data) {
        const n = Math.min(this.remaining, end - pos);
        pos += n;
        this.remaining -= n;
        this.dataBytes += n;
        if (this.remaining === 0) this.st = St.DataCr;
        continue;
      }
      if (pos >= capEnd) {
        this.st = St.Error;
        break;
      }
      this.step(b[pos] ?? 0);
      pos++;
    }
    return pos;
  }

  /** Accounts for `n` missing bytes inside chunk data (a lost segment); false when they cannot be. */
  skipMissing(n: number): boolean {
    if (this.st !== St.Data || n >= this.remaining) return false;
    this.remaining -= n;
    this.dataBytes += n;
    return true;
  }

  private step(c: number): void {
    switch (this.st) {
      case St.Size:
        this.stepSize(c);
        return;
      case St.Ext:
        if (c === CR) this.st = St.SizeLf;
        else if (c === LF) this.endSizeLine();
        return;
      case St.SizeLf:
        if (c === LF) this.endSizeLine();
        else this.st = St.Error;
        return;
      case St.DataCr:
        // Tolerate a bare LF after chunk data, as after every line (RFC 9112 §2.2).
        if (c === CR) this.st = St.DataLf;
        else if (c === LF) this.startSize();
        else this.st = St.Error;
        return;
      case St.DataLf:
        if (c === LF) this.startSize();
        else this.st = St.Error;
        return;
      default:
        this.stepTrailer(c);
    }
  }

  private stepSize(c: number): void {
    const h = hexValue(c);
    if (h >= 0) {
      this.size = this.size * 16 + h;
      // A size beyond 2^53 cannot be counted exactly: treat it as a framing error.
      if (++this.digits > 13) this.st = St.Error;
    } else if (this.digits === 0) {
      this.st = St.Error;
    } else if (c === CR) {
      this.st = St.SizeLf;
    } else if (c === LF) {
      this.endSizeLine();
    } else if (c === 0x3b || c === 0x20 || c === 0x09) {
      this.st = St.Ext;
    } else {
      this.st = St.Error;
    }
  }

  private stepTrailer(c: number): void {
    if (this.st === St.TrailerStart) {
      if (c === CR) this.st = St.TrailerEndLf;
      else if (c === LF) this.st = St.Done;
      else this.st = St.TrailerLine;
    } else if (this.st === St.TrailerLine) {
      if (c === LF) this.st = St.TrailerStart;
    } else if (this.st === St.TrailerEndLf) {
      this.st = c === LF ? St.Done : St.Error;
    }
  }

  private startSize(): void {
    this.st = St.Size;
    this.size = 0;
    this.digits = 0;
  }

  private endSizeLine(): void {
    if (this.size === 0) {
      this.st = St.TrailerStart;
    } else {
      this.remaining = this.size;
      this.st = St.Data;
    }
  }
}
