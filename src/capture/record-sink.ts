// What a format reader (pcap.ts, pcapng.ts) hands its records to. The reader knows the file
// format; the sink (table-sink.ts) knows the packet table and the frame decoder. Plain numbers
// only, so no object is made per packet.

export interface RecordSink {
  /** Frames recorded so far; the next record is frame `frames + 1`. */
  readonly frames: number;
  /** Registers a capture interface and returns its global index, or -1 when there are too many. */
  addInterface(linkType: number, snapLen: number, name?: string): number;
  /**
   * How records follow each other, said once by the reader before the first record: a packet record
   * of `capLen` bytes takes `stride + capLen rounded up to a multiple of align` bytes (pcap: the
   * record header, align 1; pcapng: an Enhanced Packet Block without options, 32, align 4). The
   * table sink stores file offsets only where this does not predict them.
   */
  recordLayout(stride: number, align: number): void;
  /**
   * One packet: `bytes[start, start + capLen)`. `sec` is whole seconds since the epoch (NaN when the
   * record has no time stamp, as a pcapng Simple Packet Block), `ns` 0..999 999 999.
   */
  packet(
    iface: number,
    sec: number,
    ns: number,
    capLen: number,
    origLen: number,
    offset: number,
    bytes: Uint8Array,
    start: number,
  ): void;
  /** A record Wireshark counts as a frame but that is no packet (a pcapng custom block). */
  nonPacket(length: number, offset: number, bytes: Uint8Array, start: number): void;
  warn(message: string, frame?: number, offset?: number): void;
}

/**
 * Largest captured length accepted for a link type, as wtap_max_snaplen_for_encap() in Wireshark:
 * WTAP_MAX_PACKET_SIZE_STANDARD (262144) except for the few link types that carry bigger records.
 * A larger length is a corrupt record, never an allocation size.
 */
export function maxCapLen(linkType: number): number {
  switch (linkType) {
    case 231: // LINKTYPE_DBUS: WTAP_MAX_PACKET_SIZE_DBUS
    case 189: // LINKTYPE_USB_LINUX
    case 220: // LINKTYPE_USB_LINUX_MMAPPED
    case 249: // LINKTYPE_USBPCAP: WTAP_MAX_PACKET_SIZE_USBPCAP
      return 128 * 1024 * 1024;
    case 279: // LINKTYPE_EBHSCR: WTAP_MAX_PACKET_SIZE_EBHSCR
      return 8 * 1024 * 1024;
    default:
      return 262144;
  }
}
