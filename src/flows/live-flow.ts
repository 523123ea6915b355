// What the flow builder remembers about one flow while the capture streams by (one object per flow,
// never per packet). Sides: side 0 sent the flow's first packet, side 1 received it; `clientSide`
// says which of them is the client. finish() turns this into the public `Flow` (connection-summary.ts).
import type { HttpTracker } from './http/http-tracker';
import { SequenceBase } from './sequence-base';
import type { TcpAnalyzer } from './tcp-analysis';
import { TcpEndpoints } from './tcp-state';
import { WindowScale } from './window-scale';

export class LiveFlow {
  readonly addr: [number, number];
  readonly port: [number, number];
  clientSide: 0 | 1 = 0;
  roleInferred = false;
  firstRow: number;
  lastRow: number;
  readonly packets = [0, 0];
  readonly bytes = [0, 0];
  readonly payload = [0, 0];

  /** Wireshark's per-direction base sequence numbers (relative seq/ack, port reuse). */
  readonly seqBase = new SequenceBase();

  readonly endpoints = new TcpEndpoints();
  readonly windowScale = new WindowScale();

  // Opening, as rows (-1 = not seen).
  /** The client's SYN answered (the last one before the SYN-ACK, else the first). */
  synRow = -1;
  synAckRow = -1;
  /** The client's first ACK after the SYN-ACK (third packet of the handshake). */
  handshakeAckRow = -1;
  /** The first packet the server sent, and whether it was a RST. */
  serverFirstRow = -1;
  serverFirstIsRst = false;

  // Closing, per side: how (0 open, 1 FIN, 2 RST) and the row; which side closed first.
  readonly closeHow = [0, 0];
  readonly closeRow = [-1, -1];
  firstCloserSide = -1;

  /** Silences that may be idle gaps: [fromRow, toRow, seconds] triples, filtered in finish(). */
  readonly gapCandidates: number[] = [];

  analyzer: TcpAnalyzer | null = null;
  http: HttpTracker | null = null;
  /** UDP: the next datagram of this 5-tuple starts a new stream (snmp-conversation.ts). */
  splitPending = false;
  /** UDP: this flow is the conversation the SNMP dissector made, so it never splits again. */
  snmpOwned = false;

  constructor(
    readonly index: number,
    readonly transport: 'tcp' | 'udp',
    readonly stream: number,
    readonly conversation: number,
    src: number,
    srcPort: number,
    dst: number,
    dstPort: number,
    row: number,
  ) {
    this.addr = [src, dst];
    this.port = [srcPort, dstPort];
    this.firstRow = row;
    this.lastRow = row;
  }

  /** Which side sent a packet from src:srcPort. */
  sideOf(src: number, srcPort: number): 0 | 1 {
    return src === this.addr[0] && srcPort === this.port[0] ? 0 : 1;
  }

  get total(): number {
    return (this.packets[0] ?? 0) + (this.packets[1] ?? 0);
  }
}
