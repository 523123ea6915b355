// One direction of an HTTP/1.x connection: puts the segments back in sequence order (by tracking the
// next expected sequence number, never by buffering payload), finds where each message starts and
// ends, and reads only the header section of each message (bounded by MAX_HEADER_SECTION).
//
// Sequence handling is deliberately conservative (compare packet-tcp.c's reassembly, which buffers):
//  - bytes at or before the next expected number were already seen: retransmissions and the
//    overlapping part of a repacketised segment are skipped, so nothing is parsed twice;
//  - bytes after it mean a segment is missing (lost, or not captured): inside a body of known length the
//    missing bytes are counted and parsing goes on; anywhere else the current message is given up and
//    the parser waits for a segment that starts with a request or status line (resynchronisation).
//    An out-of-order segment that fills the hole later is then treated as already seen.
import { type PacketTable, TcpFlag } from '../../capture/packet-table';
import type { DirValue, HttpMessage } from '../model';
import type { ByteInterner } from './byte-interner';
import { ChunkedBody } from './chunked-body';
import { CandidateLines, findHeaderEnd, type HeaderFields, readHeaderFields } from './header-block';
import { Framing, type FramingValue } from './message-framing';
import { classifyStart, findLf, parseStartLine, StartKind, type StartLine } from './start-line';

/** Longest header section read (start line + fields). Longer ones are given up on: real servers refuse
 * them too (nginx and Node default to 8 KiB and 16 KiB). */
export const MAX_HEADER_SECTION = 8192;

const CR = 0x0d;
const LF = 0x0a;

const St = {
  /** Between messages: the next byte starts a message. */
  Start: 0,
  /** Inside a header section. */
  Head: 1,
  Length: 2,
  Chunked: 3,
  UntilClose: 4,
  /** Lost track of message boundaries: waiting for a segment that starts with a start line. */
  Resync: 5,
  /** No longer HTTP/1.x (after 101 Switching Protocols or a CONNECT tunnel). */
  Opaque: 6,
  Closed: 7,
} as const;
type StValue = (typeof St)[keyof typeof St];

/** Where a message sits in the byte streams, for pairing responses with requests (http-tracker.ts). */
export interface MessageMeta {
  /** Sequence number of the message's first byte. */
  seq: number;
  /** Sequence number just after its header section (the peer must have read that far to answer). */
  headerEnd: number;
  /** Acknowledgment number of its first segment (how much of the peer's stream the sender had seen),
   * valid when hasAck. */
  ack: number;
  hasAck: boolean;
  /** Message boundaries were lost in this direction since the previous message: some may have passed
   * unseen. */
  afterLoss: boolean;
}

/** Receives each message once its header section is read, and says how its body is framed. `meta` is
 * reused: read it during the call. */
export interface MessageSink {
  message(dir: DirValue, msg: HttpMessage, fields: HeaderFields, meta: Readonly<MessageMeta>): FramingValue;
}

export class HttpDirection {
  private started = false;
  /** Next expected sequence number (absolute, mod 2^32). */
  private next = 0;
  private st: StValue = St.Start;
  private msg: HttpMessage | null = null;
  private msgRow = -1;
  private remaining = 0;
  private readonly chunked = new ChunkedBody();
  /** Header bytes of a header section split across segments (see reserveHead). */
  private head: Uint8Array | null = null;
  private headLen = 0;
  private startedHere = false;
  /** Lines that may hold a field we read, noted while looking for the header end. */
  private readonly lines = new CandidateLines();
  private readonly meta: MessageMeta = { seq: 0, headerEnd: 0, ack: 0, hasAck: false, afterLoss: false };
  /** The segment being consumed: its table, and the sequence number of its payload's first byte. */
  private table: PacketTable | null = null;
  private segSeq = 0;
  private segStart = 0;

  constructor(
    private readonly dir: DirValue,
    private readonly sink: MessageSink,
    private readonly strings: ByteInterner,
    private readonly fields: HeaderFields,
  ) {}

  /** Feeds one segment of this direction; true when an HTTP message starts in it. */
  segment(
    table: PacketTable,
    row: number,
    bytes: Uint8Array,
    payloadStart: number,
    capturedLen: number,
  ): boolean {
    this.startedHere = false;
    const flags = table.tcpFlags[row] ?? 0;
    const len = table.payloadLength[row] ?? 0;
    // Data on a SYN (TCP Fast Open) starts one past the ISN (RFC 9293 §3.4).
    const seq = flags & TcpFlag.SYN ? ((table.seq[row] ?? 0) + 1) >>> 0 : (table.seq[row] ?? 0);
    if (!this.started && (len > 0 || flags & TcpFlag.SYN)) {
      this.started = true;
      this.next = seq;
    }
    if (len > 0 && this.started) {
      const d = (seq - this.next) | 0;
      if (d + len > 0) {
        const capEnd = payloadStart + Math.min(capturedLen, len);
        if (d > 0) this.missing(d);
        this.table = table;
        this.segSeq = seq;
        this.segStart = payloadStart;
        this.consume(bytes, d < 0 ? payloadStart - d : payloadStart, capEnd, payloadStart + len, row);
        this.next = (seq + len) >>> 0;
      }
    }
    if (flags & TcpFlag.FIN) this.finAt(row);
    return this.startedHere;
  }

  /** The peer acknowledged this direction's bytes up to `ack` before this direction sent any data we
   * saw: its stream starts there, so a first segment that is missing (its data not captured) shows
   * up as a gap instead of going unnoticed. */
  startAt(ack: number): void {
    if (this.started) return;
    this.started = true;
    this.next = ack >>> 0;
  }

  /** The connection was reset: a body that runs until close is cut short, not complete. */
  abort(): void {
    if (this.st === St.Head) this.giveUp();
    this.msg = null;
    this.st = St.Closed;
  }

  /** The connection stopped being HTTP/1.x (the peer direction saw 101 or a CONNECT 2xx). */
  toOpaque(): void {
    if (this.st === St.Closed) return;
    if (this.st === St.Head) this.giveUp();
    this.msg = null;
    this.st = St.Opaque;
  }

  /** This side sent its FIN at `row`: a body delimited by the close ends there (RFC 9112 §6.3 item 8).
   * Idempotent: a FIN seen again (retransmitted, or reported twice) changes nothing. */
  finAt(row: number): void {
    if (this.st === St.Closed) return;
    if (this.st === St.UntilClose) this.complete(row);
    else if (this.st === St.Head) this.giveUp();
    this.msg = null;
    this.st = St.Closed;
  }

  private consume(b: Uint8Array, pos: number, capEnd: number, end: number, row: number): void {
    let atSegmentStart = true;
    while (pos < end) {
      switch (this.st) {
        case St.Start:
          pos = this.startMessage(b, pos, capEnd, end, row);
          break;
        case St.Head:
          pos = this.readHead(b, pos, capEnd, end, row);
          break;
        case St.Length:
          pos = this.readLength(pos, end, row);
          break;
        case St.Chunked:
          pos = this.readChunked(b, pos, capEnd, end, row);
          break;
        case St.UntilClose:
          this.msg!.bodyBytes += end - pos;
          pos = end;
          break;
        case St.Resync:
          // Only a segment boundary can be trusted as a message boundary after a loss.
          if (!atSegmentStart || classifyStart(b, pos, capEnd) === StartKind.No) return;
          this.st = St.Start;
          break;
        default:
          return;
      }
      atSegmentStart = false;
    }
  }

  private startMessage(b: Uint8Array, pos: number, capEnd: number, end: number, row: number): number {
    // RFC 9112 §2.2: empty lines before a request line are ignored (some clients send a CRLF after a POST body).
    while (pos < capEnd && (b[pos] === CR || b[pos] === LF)) pos++;
    if (pos >= capEnd) {
      if (capEnd < end) this.resync(); // the start of the next message was not captured
      return end;
    }
    if (classifyStart(b, pos, capEnd) === StartKind.No) {
      this.resync();
      return end;
    }
    this.msgRow = row;
    this.meta.seq = (this.segSeq + (pos - this.segStart)) >>> 0;
    this.meta.ack = this.table?.ack[row] ?? 0;
    this.meta.hasAck = ((this.table?.tcpFlags[row] ?? 0) & TcpFlag.ACK) !== 0;
    this.startedHere = true;
    this.headLen = 0;
    this.st = St.Head;
    return pos;
  }

  private readHead(b: Uint8Array, pos: number, capEnd: number, end: number, row: number): number {
    if (pos >= capEnd) {
      this.giveUp(); // header bytes cut off by the snaplen
      return end;
    }
    if (this.headLen === 0) {
      const e = findHeaderEnd(b, pos, capEnd, pos, this.lines);
      if (e >= 0 && e - pos <= MAX_HEADER_SECTION) {
        this.headerSection(b, pos, e, row, this.lines);
        return e;
      }
    }
    // The header section continues past this segment (or is too long): keep its bytes, up to the bound.
    const old = this.headLen;
    const take = Math.min(capEnd - pos, MAX_HEADER_SECTION - old);
    const head = this.reserveHead(old + take);
    head.set(b.subarray(pos, pos + take), old);
    this.headLen = old + take;
    const e = findHeaderEnd(head, 0, this.headLen, Math.max(0, old - 2));
    if (e >= 0) {
      this.releaseHead();
      this.headerSection(head, 0, e, row);
      return pos + (e - old);
    }
    if (classifyStart(head, 0, this.headLen) === StartKind.No) {
      this.releaseHead();
      this.resync();
      return end;
    }
    const overlong = this.headLen >= MAX_HEADER_SECTION;
    if (overlong || pos + take < end) {
      this.giveUp(); // too long, or the rest of this segment was not captured
      return end;
    }
    return end;
  }

  private readLength(pos: number, end: number, row: number): number {
    const n = Math.min(this.remaining, end - pos);
    this.remaining -= n;
    this.msg!.bodyBytes += n;
    if (this.remaining === 0) this.complete(row);
    return pos + n;
  }

  private readChunked(b: Uint8Array, pos: number, capEnd: number, end: number, row: number): number {
    const next = this.chunked.feed(b, pos, capEnd, end);
    this.msg!.bodyBytes = this.chunked.dataBytes;
    if (this.chunked.done) this.complete(row);
    else if (this.chunked.failed) this.abandon();
    return this.chunked.failed ? end : next;
  }

  /** The header section b[start, end) is complete: read it, register the message, set up its body. */
  private headerSection(
    b: Uint8Array,
    start: number,
    end: number,
    row: number,
    lines?: CandidateLines,
  ): void {
    const lf = findLf(b, start, end);
    const line = parseStartLine(b, start, lf, this.strings);
    if (line === null) {
      this.resync();
      return;
    }
    readHeaderFields(b, lf + 1, end, this.strings, this.fields, lines);
    const msg = makeMessage(line, this.msgRow, this.fields);
    this.msg = msg;
    this.meta.headerEnd = (this.meta.seq + (end - start)) >>> 0;
    const framing = this.sink.message(this.dir, msg, this.fields, this.meta);
    this.meta.afterLoss = false;
    if (framing === Framing.Length) {
      this.remaining = this.fields.contentLength;
      this.st = St.Length;
    } else if (framing === Framing.Chunked) {
      this.chunked.reset();
      this.st = St.Chunked;
    } else if (framing === Framing.UntilClose) {
      this.st = St.UntilClose;
    } else if (framing === Framing.Unknown) {
      this.abandon();
    } else {
      this.complete(row);
      if (framing === Framing.Tunnel) this.st = St.Opaque;
    }
  }

  /** Lost bytes before the current segment: account for them where the framing allows it. */
  private missing(d: number): void {
    const msg = this.msg;
    if (this.st === St.Length && msg) {
      msg.bodyBytes += Math.min(d, this.remaining);
      if (d < this.remaining) {
        this.remaining -= d;
      } else if (d === this.remaining) {
        // The message ended inside the missing bytes: it is over, but its last segment was not seen.
        this.msg = null;
        this.st = St.Start;
      } else {
        this.abandon();
      }
    } else if (this.st === St.Chunked && msg) {
      if (this.chunked.skipMissing(d)) msg.bodyBytes = this.chunked.dataBytes;
      else this.abandon();
    } else if (this.st === St.UntilClose && msg) {
      msg.bodyBytes += d;
    } else if (this.st === St.Head) {
      this.giveUp();
    } else if (this.st === St.Start) {
      this.resync();
    }
  }

  /** The header section cannot be completed. If its start line was read, the message is still
   * registered (start line only, never completed); then wait for the next message. */
  private giveUp(): void {
    const head = this.head;
    const lf = head ? findLf(head, 0, this.headLen) : -1;
    const line = head && lf >= 0 ? parseStartLine(head, 0, lf, this.strings) : null;
    this.releaseHead();
    if (line !== null) {
      this.fields.reset();
      // How much of the header section the peer had to receive is unknown: only its start is certain.
      this.meta.headerEnd = this.meta.seq;
      this.sink.message(this.dir, makeMessage(line, this.msgRow, this.fields), this.fields, this.meta);
    }
    this.resync();
  }

  /** The buffer for a header section split across segments, grown to hold `n` bytes. It exists only
   * while such a header section is incomplete, so idle connections hold no buffer. */
  private reserveHead(n: number): Uint8Array {
    const cur = this.head;
    if (cur && cur.length >= n) return cur;
    const grown = new Uint8Array(Math.min(MAX_HEADER_SECTION, Math.max(n, 2 * (cur?.length ?? 0), 1024)));
    if (cur) grown.set(cur.subarray(0, this.headLen));
    this.head = grown;
    return grown;
  }

  private releaseHead(): void {
    this.head = null;
    this.headLen = 0;
  }

  /** Message boundaries are lost: wait for a segment starting with a start line. Messages may have
   * passed unseen, which the tracker must know when it pairs the next response. */
  private resync(): void {
    this.st = St.Resync;
    this.meta.afterLoss = true;
  }

  private complete(row: number): void {
    if (this.msg) this.msg.endRow = row;
    this.msg = null;
    this.st = St.Start;
  }

  /** The current message's end can no longer be found: it stays incomplete (endRow -1). */
  private abandon(): void {
    this.msg = null;
    this.resync();
  }
}

function makeMessage(line: StartLine, row: number, f: HeaderFields): HttpMessage {
  return {
    kind: line.kind,
    row,
    endRow: -1,
    method: line.method,
    target: line.target,
    version: line.version,
    status: line.status,
    reason: line.reason,
    contentLength: f.contentLength >= 0 ? f.contentLength : undefined,
    chunked: f.chunked,
    connection: f.connection,
    keepAliveTimeout: f.keepAliveTimeout,
    keepAliveMax: f.keepAliveMax,
    bodyBytes: 0,
  };
}
