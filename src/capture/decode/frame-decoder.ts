// Decodes one captured frame (link layer → IP → TCP/UDP/ICMP) into a packet-table row, the hot loop
// of the capture reader: no allocation, no strings, bytes read by index, every read bounds-checked
// against the captured length, every loop bounded by it. Never throws on bad bytes: it sets Decode bits.
import { type PacketTable, Proto } from '../packet-table';
import { DecodeState } from './decode-state';
import { decodeEthernetIPv4Tcp } from './ethernet-ipv4-tcp';
import { decodeLink, LinkType } from './link';

export class FrameDecoder {
  /** After decode(): the bytes the PacketHook should receive, and where the frame starts in them.
   * Usually the frame itself; for a row completed by IP reassembly (IPv4 or IPv6), a buffer holding the
   * reassembled datagram laid out so that `viewStart + table.payloadOffset[row]` is the payload. */
  view: Uint8Array = new Uint8Array(0);
  viewStart = 0;
  private readonly state: DecodeState;

  constructor(readonly table: PacketTable) {
    this.state = new DecodeState(table);
  }

  /** Decodes bytes[start, start + capLen) captured with `linkType` into row `row` (already added,
   * with time, lengths, offset and interface set). Never throws on bad bytes: sets Decode bits. */
  decode(
    row: number,
    linkType: number,
    bytes: Uint8Array,
    start: number,
    capLen: number,
    origLen: number,
  ): void {
    const s = this.state;
    const capEnd = Math.min(start + Math.max(capLen, 0), bytes.length);
    s.row = row;
    s.buf = bytes;
    s.base = start;
    s.capEnd = capEnd;
    const t = this.table;
    if (linkType === LinkType.ETHERNET && decodeEthernetIPv4Tcp(s, start, capEnd)) {
      // `| 0`: the raw addresses cross the call as Int32 values (see EndpointPairs.internV4).
      t.pair[row] = t.pairs.internV4(Proto.TCP, s.srcV4 | 0, s.srcPort, s.dstV4 | 0, s.dstPort, t.addresses);
      this.view = bytes;
      this.viewStart = start;
      return;
    }
    s.vlan = 0;
    s.ipDepth = 0;
    s.l3 = 0;
    s.proto = 0;
    s.src = 0;
    s.dst = 0;
    s.srcV4 = 0;
    s.dstV4 = 0;
    s.srcPort = 0;
    s.dstPort = 0;
    // The wire length can never be shorter than what was captured (some writers get this wrong).
    s.reportedEnd = Math.max(start + origLen, capEnd);
    decodeLink(s, linkType, start);
    if (s.l3 === 4)
      t.pair[row] = t.pairs.internV4(s.proto, s.srcV4 | 0, s.srcPort, s.dstV4 | 0, s.dstPort, t.addresses);
    else if (s.l3 === 6) t.pair[row] = t.pairs.intern(6, s.proto, s.src, s.srcPort, s.dst, s.dstPort);
    this.view = s.buf;
    this.viewStart = s.base;
  }

  /** IP datagrams waiting for more fragments (bounded; for tests and diagnostics). */
  get pendingFragments(): number {
    return this.state.fragments.pending;
  }
}
