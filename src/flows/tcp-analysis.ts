// Wireshark-style TCP sequence analysis (tcp.analysis.* in packet-tcp.c), one analyzer per TCP flow.
// STUB: contract only; the real implementation replaces this file.
import type { PacketTable } from '../capture/packet-table';
import type { DirValue } from './model';

export class TcpAnalyzer {
  /** tcp.analysis.duplicate_ack_num of the last analyzed packet (0 when not a dup-ack). */
  dupAckNum = 0;
  /** tcp.analysis.bytes_in_flight after the last analyzed packet. */
  bytesInFlight = 0;

  /** Analyzes packet `row` of this flow sent in direction `dir` (0 = client→server). Packets must be
   * given in frame order. Returns Analysis bits (model.ts) except PortReused, which the flow builder sets. */
  analyze(table: PacketTable, row: number, dir: DirValue): number {
    void table;
    void row;
    void dir;
    this.dupAckNum = 0;
    this.bytesInFlight = 0;
    return 0;
  }
}
