// Filters that select one flow in other tools, to copy next to the diagram:
// - `tcp.stream eq N`: Wireshark's own stream number (our flows are numbered the same way), exact in
//   the same file opened in Wireshark or tshark;
// - an address/port display filter, for the same connection in another capture of it (taken on the
//   other host, or cut differently), where stream numbers differ — written as Wireshark's
//   Conversation Filter writes it;
// - a tcpdump/BPF capture filter, to capture that connection again (pcap-filter(7)).
import type { PacketTable } from '../capture/packet-table';
import type { Flow } from '../flows/model';

export interface FlowFilters {
  /** "tcp.stream eq 3" (or "udp.stream eq 3"). */
  stream: string;
  /** "ip.addr==10.0.0.1 && ip.addr==10.0.0.2 && tcp.port==51234 && tcp.port==80". */
  endpoints: string;
  /** "host 10.0.0.1 and host 10.0.0.2 and tcp port 51234 and tcp port 80". */
  bpf: string;
}

export function streamFilter(flow: Flow): string {
  return `${flow.transport}.stream eq ${flow.stream}`;
}

/** One term per distinct value: a loopback connection has the same address at both ends. */
const terms = (field: string, values: (string | number)[]): string[] =>
  [...new Set(values)].map((v) => `${field}${v}`);

export function flowFilters(table: PacketTable, flow: Flow): FlowFilters {
  const a = table.addresses;
  const v6 = a.family[flow.clientAddr] === 6;
  const hosts = [a.format(flow.clientAddr), a.format(flow.serverAddr)];
  const ports = [flow.clientPort, flow.serverPort];
  const t = flow.transport;
  return {
    stream: streamFilter(flow),
    endpoints: [...terms(v6 ? 'ipv6.addr==' : 'ip.addr==', hosts), ...terms(`${t}.port==`, ports)].join(
      ' && ',
    ),
    bpf: [...terms('host ', hosts), ...terms(`${t} port `, ports)].join(' and '),
  };
}
