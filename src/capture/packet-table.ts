import { AddressTable } from './address-table';

// The packet table: one row per frame, stored as typed-array columns (struct of arrays), never an
// object per packet. Row i is frame i + 1, numbered as Wireshark numbers frames (pcapng custom blocks
// count as frames there too, so they get a row of kind FrameKind.Other).
// Columns grow by doubling (or at once to a size the reader estimates, `reserve`) and are trimmed by
// `trim()` before the buffers are transferred.

/** Link-layer and network-layer outcome for a row: what the decoder found. */
export const L3 = { None: 0, IPv4: 4, IPv6: 6 } as const;

/** Transport protocol numbers we classify (IANA protocol numbers); anything else is stored as is. */
export const Proto = { None: 0, ICMP: 1, TCP: 6, UDP: 17, ICMPv6: 58 } as const;

/** Bits of `decode`: facts the decoder found about a frame. */
export const Decode = {
  /** The IP datagram is a fragment (MF set or offset > 0); transport fields are unset unless reassembled. */
  Fragment: 1 << 0,
  /** Transport fields of this row come from a datagram reassembled from fragments ending at this frame. */
  Reassembled: 1 << 1,
  /** A header was cut short by the capture length (snaplen) or the IP length. */
  Truncated: 1 << 2,
  /** A header field is impossible (e.g. TCP data offset < 5): Wireshark marks such frames malformed. */
  Malformed: 1 << 3,
  /** The IP packet was carried inside another IP packet (6in4, IP-in-IP); addresses are the innermost. */
  Tunnelled: 1 << 4,
  /** A pcapng custom block (or other non-packet record) that Wireshark still counts as a frame. */
  NotAPacket: 1 << 5,
  /** The IPv4 total length was 0 (TCP segmentation offload): payload length taken from the capture. */
  TsoLength: 1 << 6,
  /** Only the ports of the TCP/UDP header are known (fewer than 16 TCP / 8 UDP bytes, or a UDP length
   * below 8): tshark gives such a frame no tcp.stream / udp.stream. */
  PortsOnly: 1 << 7,
} as const;

/** TCP flag bits as in the header's 9-bit flags field (RFC 9293 §3.1; NS from RFC 3540). */
export const TcpFlag = {
  FIN: 0x001,
  SYN: 0x002,
  RST: 0x004,
  PSH: 0x008,
  ACK: 0x010,
  URG: 0x020,
  ECE: 0x040,
  CWR: 0x080,
  NS: 0x100,
} as const;

/** Bits of the option table's `bits` column. */
export const OptBit = { MSS: 1, WindowScale: 2, SackPermitted: 4, Timestamps: 8 } as const;

const INITIAL_ROWS = 1024;
/** trim() keeps a column's buffer (and makes the column a view of its first rows) when the unused
 * rows are at most this fraction of it: copying a whole column costs more than that slack. */
const KEPT_SLACK = 1 / 32;

type Column = Float64Array | Uint32Array | Int32Array | Uint16Array | Uint8Array | Int8Array;

function grow<T extends Column>(a: T, rows: number): T {
  if (rows < a.length && a.length - rows <= a.length * KEPT_SLACK) return a.subarray(0, rows) as T;
  const Ctor = a.constructor as new (n: number) => T;
  const b = new Ctor(rows);
  // trim() shrinks with this too: copy only the rows that fit.
  b.set(a.length <= rows ? a : a.subarray(0, rows));
  return b;
}

/**
 * Sparse table of TCP option values, one row per TCP segment that carried options.
 * `packet` holds the packet-table row the options belong to (ascending), so consumers walking the
 * packets in order walk this table in lockstep.
 */
export class OptionTable {
  length = 0;
  packet = new Uint32Array(INITIAL_ROWS);
  tsVal = new Uint32Array(INITIAL_ROWS);
  tsEcr = new Uint32Array(INITIAL_ROWS);
  mss = new Uint16Array(INITIAL_ROWS);
  /** Window scale shift count, -1 when absent. */
  wscale = new Int8Array(INITIAL_ROWS);
  /** OptBit flags. */
  bits = new Uint8Array(INITIAL_ROWS);
  /** Number of SACK blocks (0-4); their edges are in `sackEdges` from `sackStart`. */
  sackCount = new Uint8Array(INITIAL_ROWS);
  sackStart = new Uint32Array(INITIAL_ROWS);
  /** SACK block edges, left and right, two per block. */
  sackEdges = new Uint32Array(256);
  sackLength = 0;

  /** Appends an empty row for packet `row` and returns its index. */
  add(row: number): number {
    if (this.length === this.packet.length) this.resize(this.length * 2);
    const r = this.length++;
    this.packet[r] = row;
    this.tsVal[r] = 0;
    this.tsEcr[r] = 0;
    this.mss[r] = 0;
    this.wscale[r] = -1;
    this.bits[r] = 0;
    this.sackCount[r] = 0;
    this.sackStart[r] = this.sackLength;
    return r;
  }

  addSack(r: number, left: number, right: number): void {
    if (this.sackLength + 2 > this.sackEdges.length)
      this.sackEdges = grow(this.sackEdges, this.sackEdges.length * 2);
    this.sackEdges[this.sackLength++] = left;
    this.sackEdges[this.sackLength++] = right;
    this.sackCount[r] = (this.sackCount[r] ?? 0) + 1;
  }

  private resize(rows: number): void {
    this.packet = grow(this.packet, rows);
    this.tsVal = grow(this.tsVal, rows);
    this.tsEcr = grow(this.tsEcr, rows);
    this.mss = grow(this.mss, rows);
    this.wscale = grow(this.wscale, rows);
    this.bits = grow(this.bits, rows);
    this.sackCount = grow(this.sackCount, rows);
    this.sackStart = grow(this.sackStart, rows);
  }

  trim(): void {
    this.resize(this.length);
    this.sackEdges = this.sackEdges.slice(0, this.sackLength);
  }

  byteLength(): number {
    return this.length * 20 + this.sackLength * 4;
  }

  buffers(): ArrayBuffer[] {
    return [
      this.packet,
      this.tsVal,
      this.tsEcr,
      this.mss,
      this.wscale,
      this.bits,
      this.sackCount,
      this.sackStart,
      this.sackEdges,
    ].map((a) => a.buffer as ArrayBuffer);
  }
}

/** One capture interface (pcap has exactly one; pcapng one per IDB, numbered across sections). */
export interface CaptureInterface {
  linkType: number;
  snapLen: number;
  name?: string;
}

export class PacketTable {
  length = 0;
  /** Whole seconds of the first record; `tsSec` is relative to it so that it fits an Int32. */
  baseSec = Number.NaN;
  /** Seconds relative to `baseSec`. */
  tsSec = new Int32Array(INITIAL_ROWS);
  /** Nanoseconds within the second (0..999 999 999). */
  tsNs = new Uint32Array(INITIAL_ROWS);
  capLen = new Uint32Array(INITIAL_ROWS);
  origLen = new Uint32Array(INITIAL_ROWS);
  /** Byte offset of the record's header in the (decompressed) file. */
  fileOffset = new Float64Array(INITIAL_ROWS);
  /** Index into `interfaces`. */
  iface = new Uint16Array(INITIAL_ROWS);
  /** L3 value: 0, 4 or 6. */
  l3 = new Uint8Array(INITIAL_ROWS);
  /** IP protocol number of the transport (Proto), 0 when none. */
  proto = new Uint8Array(INITIAL_ROWS);
  /** Decode bits. */
  decode = new Uint8Array(INITIAL_ROWS);
  /** Indexes into `addresses`. */
  src = new Uint32Array(INITIAL_ROWS);
  dst = new Uint32Array(INITIAL_ROWS);
  srcPort = new Uint16Array(INITIAL_ROWS);
  dstPort = new Uint16Array(INITIAL_ROWS);
  /** TcpFlag bits. */
  tcpFlags = new Uint16Array(INITIAL_ROWS);
  seq = new Uint32Array(INITIAL_ROWS);
  ack = new Uint32Array(INITIAL_ROWS);
  /** The raw (unscaled) window field. */
  win = new Uint16Array(INITIAL_ROWS);
  /** Offset of the transport payload from the start of the frame's bytes. */
  payloadOffset = new Uint16Array(INITIAL_ROWS);
  /** Transport payload length as the IP header states it (may exceed what was captured). */
  payloadLength = new Uint16Array(INITIAL_ROWS);

  readonly options = new OptionTable();
  readonly addresses = new AddressTable();
  readonly interfaces: CaptureInterface[] = [];

  /** Appends a zeroed row and returns its index. Rows past `length` are always zero (columns are
   * created zeroed and rows are only ever appended), so nothing needs clearing here. */
  add(): number {
    if (this.length >= this.tsSec.length) this.resize(Math.max(INITIAL_ROWS, this.length * 2));
    return this.length++;
  }

  /** Makes room for `rows` rows at once (the reader's estimate from the file size), so the columns
   * are not copied at every doubling. */
  reserve(rows: number): void {
    if (rows > this.tsSec.length) this.resize(rows);
  }

  /** Frame time in seconds since the epoch (loses sub-microsecond digits; use tsSec/tsNs for exact). */
  time(i: number): number {
    return this.baseSec + (this.tsSec[i] ?? 0) + (this.tsNs[i] ?? 0) / 1e9;
  }

  private resize(rows: number): void {
    this.tsSec = grow(this.tsSec, rows);
    this.tsNs = grow(this.tsNs, rows);
    this.capLen = grow(this.capLen, rows);
    this.origLen = grow(this.origLen, rows);
    this.fileOffset = grow(this.fileOffset, rows);
    this.iface = grow(this.iface, rows);
    this.l3 = grow(this.l3, rows);
    this.proto = grow(this.proto, rows);
    this.decode = grow(this.decode, rows);
    this.src = grow(this.src, rows);
    this.dst = grow(this.dst, rows);
    this.srcPort = grow(this.srcPort, rows);
    this.dstPort = grow(this.dstPort, rows);
    this.tcpFlags = grow(this.tcpFlags, rows);
    this.seq = grow(this.seq, rows);
    this.ack = grow(this.ack, rows);
    this.win = grow(this.win, rows);
    this.payloadOffset = grow(this.payloadOffset, rows);
    this.payloadLength = grow(this.payloadLength, rows);
  }

  /** Shrinks every column to `length` rows so transfers and memory figures carry no slack (beyond
   * KEPT_SLACK of a column that is then a view of its buffer rather than a copy). */
  trim(): void {
    this.resize(this.length);
    this.options.trim();
  }

  /** Bytes held by the columns per row (not counting the sparse option table). */
  static readonly BYTES_PER_ROW = 4 + 4 + 4 + 4 + 8 + 2 + 1 + 1 + 1 + 4 + 4 + 2 + 2 + 2 + 4 + 4 + 2 + 2 + 2;

  byteLength(): number {
    return this.tsSec.length * PacketTable.BYTES_PER_ROW + this.options.byteLength();
  }

  /** The column buffers, for Comlink.transfer. */
  buffers(): ArrayBuffer[] {
    const cols = [
      this.tsSec,
      this.tsNs,
      this.capLen,
      this.origLen,
      this.fileOffset,
      this.iface,
      this.l3,
      this.proto,
      this.decode,
      this.src,
      this.dst,
      this.srcPort,
      this.dstPort,
      this.tcpFlags,
      this.seq,
      this.ack,
      this.win,
      this.payloadOffset,
      this.payloadLength,
    ];
    return [...cols.map((a) => a.buffer as ArrayBuffer), ...this.options.buffers()];
  }
}
