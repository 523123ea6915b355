// Decodes one captured frame (link layer → IP → TCP/UDP/ICMP) into a packet-table row.
// STUB: replaced by the real decoder. The contract below is what the format readers rely on.
import type { PacketTable } from '../packet-table';

export class FrameDecoder {
  /** After decode(): the bytes the PacketHook should receive, and where the frame starts in them.
   * Usually the frame itself; for a row completed by IPv4 reassembly, a buffer holding the
   * reassembled datagram laid out so that `viewStart + table.payloadOffset[row]` is the payload. */
  view: Uint8Array = new Uint8Array(0);
  viewStart = 0;

  constructor(readonly table: PacketTable) {}

  /** Decodes bytes[start, start + capLen) captured with `linkType` into row `row` (already added,
   * with time, lengths, offset and interface set). Never throws on bad bytes: sets Decode bits. */
  decode(row: number, linkType: number, bytes: Uint8Array, start: number, capLen: number, origLen: number): void {
    void row;
    void linkType;
    void origLen;
    this.view = bytes;
    this.viewStart = start;
    void capLen;
  }
}
