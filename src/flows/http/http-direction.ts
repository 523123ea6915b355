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
import type { DirValue } from '../model';
import type { ByteInterner } from './byte-interner';
import { ChunkedBody } from './chunked-body';
import { findLf } from './find-lf';
import { CandidateLines, findHeaderEnd, type HeaderFields, readHeaderFields } from './header-block';
import { Framing, type FramingValue } from './message-framing';
import type { HttpMessageStore } from './message-store';
import { classifyStart, readStartLine, StartKind, type StartLineFields } from './start-line';
import {
  AFTER_LOSS,
  D_NEXT,
  D_PENDING,
  D_REMAINING,
  ST_MASK,
  STARTED,
  St,
  type StValue,
} from './stream-state';

/** Longest header section read (start line + fields). Longer ones are given up on: real servers refuse
 * them too (nginx and Node default to 8 KiB and 16 KiB). */
export const MAX_HEADER_SECTION = 8192;

const CR = 0x0d;
const LF = 0x0a;

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

/** Receives each message once its header section is read (`msg`: its index in the message store), and
 * says how its body is framed. `meta` is reused: read it during the call. */
export interface MessageSink {
  message(dir: DirValue, msg: number, fields: HeaderFields, meta: Readonly<MessageMeta>): FramingValue;
}

/** Lines that may hold a field we read, noted while looking for the header end. Filled and read within
 * one call, so one list serves every direction. */
const LINES = new CandidateLines();

/** The MessageMeta handed to the sink: filled right before each call and read during it, so one
 * object serves every direction (a direction's own would be one more cold object per message). */
const META: MessageMeta = { seq: 0, headerEnd: 0, ack: 0, hasAck: false, afterLoss: false };

/** The start line being read: filled by readStartLine and copied into the store within one call. */
const LINE: StartLineFields = { kind: 'request', version: '' };

/**
 * The parser of one direction. Its per-segment state (parser state, stream position, body bytes to
 * come) lives in words of the connection's flow record (stream-state.ts), where the flow builder's
 * fast path reads and moves it too; `bind` points the direction at them. The fast path counts body
 * bytes in D_PENDING: `settle` adds them to the message on entry to every method that may use it.
 */
export class HttpDirection {
  private u: Uint32Array;
  private f: Float64Array;
  /** Where this direction's words are: its state word, its D_NEXT word (in `u`), its remaining and
   * pending float64 slots (in `f`). */
  private stateAt = 0;
  private nextAt = 0;
  private remainingAt = 0;
  private pendingAt = 0;
  /** The message being read, as its index in the store; -1 between messages. */
  private msg = -1;
  private msgRow = -1;
  private chunked: ChunkedBody | null = null;
  /** Header bytes of a header section split across segments (see reserveHead). */
  private head: Uint8Array | null = null;
  private headLen = 0;
  private startedHere = false;
  /** Where the message being read starts (MessageMeta.seq, ack, hasAck), noted at its first byte. */
  private msgSeq = 0;
  private msgAck = 0;
  private msgHasAck = false;
  /** The segment being consumed: its table, and the sequence number of its payload's first byte. */
  private table: PacketTable | null = null;
  private segSeq = 0;
  private segStart = 0;

  constructor(
    private readonly dir: DirValue,
    private readonly sink: MessageSink,
    private readonly strings: ByteInterner,
    private readonly fields: HeaderFields,
    private readonly store: HttpMessageStore,
    u: Uint32Array,
    f: Float64Array,
    stateAt: number,
    streamAt: number,
  ) {
    this.u = u;
    this.f = f;
    this.bind(u, f, stateAt, streamAt);
  }

  /** Points the direction at its words in a record buffer (`u` and `f` view the same buffer): the
   * connection's HTTP state words at `stateAt` and `streamAt` (stream-state.ts). */
  bind(u: Uint32Array, f: Float64Array, stateAt: number, streamAt: number): void {
    this.u = u;
    this.f = f;
    this.stateAt = stateAt + this.dir;
    this.nextAt = streamAt + D_NEXT + this.dir;
    this.remainingAt = (streamAt + D_REMAINING) / 2 + this.dir;
    this.pendingAt = (streamAt + D_PENDING) / 2 + this.dir;
  }

  private get st(): StValue {
    return ((this.u[this.stateAt] ?? 0) & ST_MASK) as StValue;
  }
  private set st(v: StValue) {
    this.u[this.stateAt] = ((this.u[this.stateAt] ?? 0) & ~ST_MASK) | v;
  }
  private get started(): boolean {
    return ((this.u[this.stateAt] ?? 0) & STARTED) !== 0;
  }
  /** Next expected sequence number (absolute, mod 2^32). */
  private get next(): number {
    return this.u[this.nextAt] ?? 0;
  }
  private set next(v: number) {
    this.u[this.nextAt] = v;
  }
  private get remaining(): number {
    return this.f[this.remainingAt] ?? 0;
  }
  private set remaining(v: number) {
    this.f[this.remainingAt] = v;
  }
  private setAfterLoss(on: boolean): void {
    const s = this.u[this.stateAt] ?? 0;
    this.u[this.stateAt] = on ? s | AFTER_LOSS : s & ~AFTER_LOSS;
  }

  /** Adds the body bytes the fast path counted to the current message. */
  settle(): void {
    const at = this.pendingAt;
    const pending = this.f[at] ?? 0;
    if (pending === 0) return;
    if (this.msg >= 0) this.store.addBodyBytes(this.msg, pending);
    // Chunk data the fast path counted: the chunk parser catches up (its remaining bytes were kept in
    // the record, see publishChunk).
    const chunked = this.chunked;
    if (this.st === St.Chunked && chunked) {
      chunked.remaining = this.remaining;
      chunked.dataBytes += pending;
    }
    this.f[at] = 0;
  }

  /** Inside chunk data, the bytes left in the chunk go to the record, where the fast path counts
   * whole segments of chunk data down (0 elsewhere: the fast path leaves those to the parser). */
  private publishChunk(): void {
    const chunked = this.chunked;
    this.remaining = chunked?.inData ? chunked.remaining : 0;
  }

  /** Feeds one segment of this direction; true when an HTTP message starts in it. */
  segment(
    table: PacketTable,
    row: number,
    bytes: Uint8Array,
    payloadStart: number,
    capturedLen: number,
  ): boolean {
    this.settle();
    this.startedHere = false;
    const flags = table.tcpFlags[row] ?? 0;
    const len = table.payloadLength[row] ?? 0;
    // Data on a SYN (TCP Fast Open) starts one past the ISN (RFC 9293 §3.4).
    const seq = flags & TcpFlag.SYN ? ((table.seq[row] ?? 0) + 1) >>> 0 : (table.seq[row] ?? 0);
    if (!this.started && (len > 0 || flags & TcpFlag.SYN)) {
      this.u[this.stateAt] = (this.u[this.stateAt] ?? 0) | STARTED;
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
    if (this.st === St.Chunked) this.publishChunk();
    if (flags & TcpFlag.FIN) this.finAt(row);
    return this.startedHere;
  }

  /** The peer acknowledged this direction's bytes (segment `row`'s ACK number) before this direction
   * sent any data we saw: its stream starts there, so a first segment that is missing (its data not
   * captured) shows up as a gap instead of going unnoticed. The number is read here, never passed
   * (see sequence-analysis.ts on boxing). */
  startAtAck(table: PacketTable, row: number): void {
    const s = this.u[this.stateAt] ?? 0;
    if (s & STARTED) return;
    this.u[this.stateAt] = s | STARTED;
    this.next = table.ack[row] ?? 0;
  }

  /** The connection was reset: a body that runs until close is cut short, not complete. */
  abort(): void {
    this.settle();
    if (this.st === St.Head) this.giveUp();
    this.msg = -1;
    this.st = St.Closed;
  }

  /** The connection stopped being HTTP/1.x (the peer direction saw 101 or a CONNECT 2xx). */
  toOpaque(): void {
    this.settle();
    if (this.st === St.Closed) return;
    if (this.st === St.Head) this.giveUp();
    this.msg = -1;
    this.st = St.Opaque;
  }

  /** This side sent its FIN at `row`: a body delimited by the close ends there (RFC 9112 §6.3 item 8).
   * Idempotent: a FIN seen again (retransmitted, or reported twice) changes nothing. */
  finAt(row: number): void {
    this.settle();
    if (this.st === St.Closed) return;
    if (this.st === St.UntilClose) this.complete(row);
    else if (this.st === St.Head) this.giveUp();
    this.msg = -1;
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
          this.store.addBodyBytes(this.msg, end - pos);
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
    this.msgSeq = (this.segSeq + (pos - this.segStart)) >>> 0;
    this.msgAck = this.table?.ack[row] ?? 0;
    this.msgHasAck = ((this.table?.tcpFlags[row] ?? 0) & TcpFlag.ACK) !== 0;
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
      const e = findHeaderEnd(b, pos, capEnd, pos, LINES);
      if (e >= 0 && e - pos <= MAX_HEADER_SECTION) {
        this.headerSection(b, pos, e, row, LINES);
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
    this.store.addBodyBytes(this.msg, n);
    if (this.remaining === 0) this.complete(row);
    return pos + n;
  }

  private readChunked(b: Uint8Array, pos: number, capEnd: number, end: number, row: number): number {
    const chunked = this.chunked!;
    const next = chunked.feed(b, pos, capEnd, end);
    this.store.setBodyBytes(this.msg, chunked.dataBytes);
    if (chunked.done) this.complete(row);
    else if (chunked.failed) this.abandon();
    return chunked.failed ? end : next;
  }

  /** The header section b[start, end) is complete: read it, register the message, set up its body. */
  private headerSection(
    b: Uint8Array,
    start: number,
    end: number,
    row: number,
    lines?: CandidateLines,
  ): void {
    const lf = lines !== undefined && lines.firstLf >= 0 ? lines.firstLf : findLf(b, start, end);
    if (!readStartLine(b, start, lf, this.strings, LINE)) {
      this.resync();
      return;
    }
    const msg = this.store.add(this.msgRow, LINE);
    readHeaderFields(b, lf + 1, end, this.strings, this.fields, lines);
    setFields(this.store, msg, this.fields);
    this.msg = msg;
    const framing = this.sink.message(
      this.dir,
      msg,
      this.fields,
      this.metaOf((this.msgSeq + (end - start)) >>> 0),
    );
    this.setAfterLoss(false);
    if (framing === Framing.Length) {
      this.remaining = this.fields.contentLength;
      this.st = St.Length;
    } else if (framing === Framing.Chunked) {
      this.chunked ??= new ChunkedBody();
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
    const store = this.store;
    if (this.st === St.Length && msg >= 0) {
      store.addBodyBytes(msg, Math.min(d, this.remaining));
      if (d < this.remaining) {
        this.remaining -= d;
      } else if (d === this.remaining) {
        // The message ended inside the missing bytes: it is over, but its last segment was not seen.
        this.msg = -1;
        this.st = St.Start;
      } else {
        this.abandon();
      }
    } else if (this.st === St.Chunked && msg >= 0) {
      if (this.chunked?.skipMissing(d)) store.setBodyBytes(msg, this.chunked.dataBytes);
      else this.abandon();
    } else if (this.st === St.UntilClose && msg >= 0) {
      store.addBodyBytes(msg, d);
    } else if (this.st === St.Head) {
      this.giveUp();
    } else if (this.st === St.Start) {
      this.resync();
    }
  }

  /** The shared MessageMeta, filled for the current message with header end `headerEnd`. */
  private metaOf(headerEnd: number): MessageMeta {
    META.seq = this.msgSeq;
    META.headerEnd = headerEnd;
    META.ack = this.msgAck;
    META.hasAck = this.msgHasAck;
    META.afterLoss = ((this.u[this.stateAt] ?? 0) & AFTER_LOSS) !== 0;
    return META;
  }

  /** The header section cannot be completed. If its start line was read, the message is still
   * registered (start line only, never completed); then wait for the next message. */
  private giveUp(): void {
    const head = this.head;
    const lf = head ? findLf(head, 0, this.headLen) : -1;
    const read = head !== null && lf >= 0 && readStartLine(head, 0, lf, this.strings, LINE);
    this.releaseHead();
    if (read) {
      const msg = this.store.add(this.msgRow, LINE);
      this.fields.reset();
      setFields(this.store, msg, this.fields);
      // How much of the header section the peer had to receive is unknown: only its start is certain.
      this.sink.message(this.dir, msg, this.fields, this.metaOf(this.msgSeq));
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
    this.setAfterLoss(true);
  }

  private complete(row: number): void {
    if (this.msg >= 0) this.store.setEndRow(this.msg, row);
    this.msg = -1;
    this.st = St.Start;
  }

  /** The current message's end can no longer be found: it stays incomplete (endRow -1). */
  private abandon(): void {
    this.msg = -1;
    this.resync();
  }
}

/** The header fields of message `msg` (store index), from what readHeaderFields found. */
function setFields(store: HttpMessageStore, msg: number, f: HeaderFields): void {
  store.setFields(msg, f.contentLength, f.chunked, f.connection, f.keepAliveTimeout, f.keepAliveMax);
}
