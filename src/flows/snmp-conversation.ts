// Wireshark 4.0's SNMP dissector starts a conversation of its own for the 5-tuple of the first UDP
// datagram it dissects (packet-snmp.c, snmp_find_conversation_and_get_conv_data: the conversation
// the UDP layer made has no SNMP dissector attached, so conversation_new() is called). Every later
// datagram of that 5-tuple finds the newer conversation, so tshark gives the first SNMP datagram
// one udp.stream and the rest of the exchange the next number. We reproduce that so that
// `udp.stream eq N` in Wireshark shows what we call stream N (checked on wiresharkwiki__snmp_usm.pcap).

/** UDP ports the SNMP dissector is registered on in 4.0 (snmp, snmptrap, BMC Patrol). */
const SNMP_PORTS = new Set([161, 162, 8161]);

/**
 * Whether tshark would hand this datagram to the SNMP dissector: one side uses an SNMP port (the
 * lower port is tried first, as packet-udp.c's decode_udp_ports does; a higher SNMP port counts when
 * the lower one is unprivileged), and the payload passes dissect_snmp's check: a BER universal
 * SEQUENCE whose length fits in the datagram, then a universal INTEGER (the version).
 */
export function isSnmpDatagram(
  srcPort: number,
  dstPort: number,
  bytes: Uint8Array,
  start: number,
  captured: number,
  length: number,
): boolean {
  const low = Math.min(srcPort, dstPort);
  const high = Math.max(srcPort, dstPort);
  if (!SNMP_PORTS.has(low) && !(SNMP_PORTS.has(high) && low >= 1024)) return false;
  const end = start + Math.min(captured, length);
  if (end - start < 2) return false;
  const first = bytes[start] ?? 0;
  // Universal class (bits 8-7 zero), tag 16 = SEQUENCE (X.690 §8.9), constructed or not.
  if ((first & 0xc0) !== 0 || (first & 0x1f) !== 0x10) return false;
  let at = start + 1;
  const lenByte = bytes[at++] ?? 0;
  let seqLen = lenByte;
  if (lenByte & 0x80) {
    const n = lenByte & 0x7f;
    if (n > 4 || at + n > end) return false;
    seqLen = 0;
    for (let i = 0; i < n; i++) seqLen = seqLen * 256 + (bytes[at++] ?? 0);
  }
  // The SEQUENCE must fit in the datagram's reported length (not only in what was captured).
  if (seqLen > start + length - at) return false;
  if (at >= end) return false;
  const tag = bytes[at] ?? 0;
  return (tag & 0xc0) === 0 && (tag & 0x1f) === 0x02;
}
