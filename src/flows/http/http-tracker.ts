// HTTP/1.x messages on one TCP connection. STUB: contract only; the real implementation replaces this file.
import type { PacketTable } from '../../capture/packet-table';
import type { DirValue, HttpExchange } from '../model';

export class HttpTracker {
  /** Feeds a TCP segment of this flow (in frame order). `bytes[payloadStart, payloadStart + capturedLen)`
   * is the captured part of the payload; `analysis` holds the segment's Analysis bits (retransmissions
   * must not be parsed twice). Returns true when the segment starts an HTTP message. */
  onSegment(
    table: PacketTable,
    row: number,
    dir: DirValue,
    bytes: Uint8Array,
    payloadStart: number,
    capturedLen: number,
    analysis: number,
  ): boolean {
    void table;
    void row;
    void dir;
    void bytes;
    void payloadStart;
    void capturedLen;
    void analysis;
    return false;
  }

  /** A FIN or RST was seen in direction `dir` at `row`. */
  onClose(row: number, dir: DirValue): void {
    void row;
    void dir;
  }

  /** The exchanges in request order, each paired with its response (or marked unanswered). */
  finish(): HttpExchange[] {
    return [];
  }
}
