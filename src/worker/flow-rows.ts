// The summary table's view of a FlowSet: TCP connections only, endpoints as text, counts each way.
import type { PacketTable } from '../capture/packet-table';
import type { FlowSet } from '../flows/model';
import type { FlowRow } from './analysis-api';

export function toFlowRows(table: PacketTable, set: FlowSet): FlowRow[] {
  const rows: FlowRow[] = [];
  for (const f of set.flows) {
    if (f.transport !== 'tcp') continue;
    rows.push({
      stream: f.stream,
      client: table.addresses.endpoint(f.clientAddr, f.clientPort),
      server: table.addresses.endpoint(f.serverAddr, f.serverPort),
      firstFrame: f.firstRow + 1,
      lastFrame: f.lastRow + 1,
      packetsClientToServer: f.packets[0],
      packetsServerToClient: f.packets[1],
      bytesClientToServer: f.bytes[0],
      bytesServerToClient: f.bytes[1],
      start: f.start,
      end: f.end,
    });
  }
  return rows;
}
