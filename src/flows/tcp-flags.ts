// TCP flag names in Wireshark's order and spelling (packet-tcp.c, tcp_flags_to_str: bit order from
// FIN up; ECE is written "ECN"), joined with "," as in "SYN,ACK".

const NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECN', 'CWR', 'NS'] as const;
const cache = new Map<number, string>();

export function tcpFlagsText(flags: number): string {
  let s = cache.get(flags);
  if (s === undefined) {
    const parts: string[] = [];
    for (let i = 0; i < NAMES.length; i++) if (flags & (1 << i)) parts.push(NAMES[i] ?? '');
    s = parts.join(',');
    cache.set(flags, s);
  }
  return s;
}
