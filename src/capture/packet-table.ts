import { AddressTable } from './address-table';
import { EndpointPairs } from './endpoint-pairs';
import { RecordIndex } from './record-index';
import { resizedOrView, type TypedColumn } from './typed-arrays';

// The packet table: one row per frame, stored as typed-array columns (struct of arrays), never an
// object per packet. Row i is frame i + 1, numbered as Wireshark numbers frames (pcapng custom blocks
// count as frames there too, so they get a row of kind FrameKind.Other).
// Columns grow by doubling (or at once to a size the reader estimates, `reserve`) and are trimmed by
// `trim()` before the buffers are transferred.
//
// Layout, 33 bytes per row: time (tsSec, tsNs: 8), origLen 4, decode 1, pair 4, tcpFlags 2, seq 4,
// ack 4, win 2, payloadOffset 2, payloadLength 2. A frame's other fields are shared or sparse:
// - addresses, ports, l3 and protocol are one interned endpoint pair (endpoint-pairs.ts): the row's
//   `pair` is pair index * 2 + 1 when the source is the pair's endpoint B; read them with srcOf(row),
//   dstOf(row), srcPortOf(row), dstPortOf(row), l3Of(row), protoOf(row);
// - captured length, file offset and interface are predicted from the row before, with the
//   exceptions kept (record-index.ts): capLenOf(row), fileOffsetOf(row), ifaceOf(row);
// - TCP options are a sparse table (OptionTable), one row per segment with a SYN option or SACK.

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
 * rows are at most this fraction of it: copying a whole column costs more than that slack, which
 * was never written to and so is address space rather than memory in use. The reader's growth
 * (table-sink.ts) aims 2% over its projection of the rows, which is itself a few % high on captures
 * whose packets grow longer as they go on (1/32 was missed by a hair on the benchmark files). */
const KEPT_SLACK = 1 / 16;

type Column = TypedColumn;

/** `a` at `rows` rows; trim() shrinks with this too, and a column already that long (trimmed before,
 * perhaps as a view) is kept, so a second trim() copies nothing. */
function grow<T extends Column>(a: T, rows: number): T {
  return resizedOrView(a, rows, KEPT_SLACK);
}

/**
 * Sparse table of TCP option values, one row per TCP segment that carried a SYN option (MSS, window
 * scale, SACK-permitted) or SACK blocks. `packet` holds the packet-table row the options belong to
 * (ascending), so consumers walking the packets in order walk this table in lockstep.
 * Timestamps (RFC 7323), on nearly every segment of a modern connection, are kept only when
 * `keepTimestamps` is set before the read (ReadOptions.tcpTimestamps): nothing but the per-frame
 * oracle test reads them, and they would add a row per packet.
 */
export class OptionTable {
  length = 0;
  /** Store TCP timestamps (tsVal, tsEcr) too; set before decoding. */
  keepTimestamps = false;
  packet = new Uint32Array(INITIAL_ROWS);
  mss = new Uint16Array(INITIAL_ROWS);
  /** Window scale shift count, -1 when absent. */
  wscale = new Int8Array(INITIAL_ROWS);
  /** OptBit flags. */
  bits = new Uint8Array(INITIAL_ROWS);
  /** Number of SACK blocks (0-4); their edges are in `sackEdges` from `sackStart`. */
  sackCount = new Uint8Array(INITIAL_ROWS);
  sackStart = new Uint32Array(INITIAL_ROWS);
  /** Timestamp values, one per row when `keepTimestamps`, else empty. */
  tsVal = new Uint32Array(0);
  tsEcr = new Uint32Array(0);
  /** SACK block edges, left and right, two per block. */
  sackEdges = new Uint32Array(256);
  sackLength = 0;

  /** Appends an empty row for packet `row` and returns its index. */
  add(row: number): number {
    if (this.length === this.packet.length) this.resize(this.length * 2);
    const r = this.length++;
    this.packet[r] = row;
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

  /** Stores the timestamps option of row `r` (only when `keepTimestamps`). */
  setTimestamps(r: number, tsVal: number, tsEcr: number): void {
    if (this.tsVal.length < this.packet.length) {
      this.tsVal = grow(this.tsVal, this.packet.length);
      this.tsEcr = grow(this.tsEcr, this.packet.length);
    }
    this.tsVal[r] = tsVal;
    this.tsEcr[r] = tsEcr;
    this.bits[r] = (this.bits[r] ?? 0) | OptBit.Timestamps;
  }

  private resize(rows: number): void {
    this.packet = grow(this.packet, rows);
    this.mss = grow(this.mss, rows);
    this.wscale = grow(this.wscale, rows);
    this.bits = grow(this.bits, rows);
    this.sackCount = grow(this.sackCount, rows);
    this.sackStart = grow(this.sackStart, rows);
    if (this.tsVal.length > 0) {
      this.tsVal = grow(this.tsVal, rows);
      this.tsEcr = grow(this.tsEcr, rows);
    }
  }

  trim(): void {
    this.resize(this.length);
    this.sackEdges = this.sackEdges.slice(0, this.sackLength);
  }

  /** Bytes per row: packet 4, mss 2, wscale 1, bits 1, sackCount 1, sackStart 4. */
  static readonly BYTES_PER_ROW = 13;

  private columns(): Column[] {
    return [
      this.packet,
      this.mss,
      this.wscale,
      this.bits,
      this.sackCount,
      this.sackStart,
      this.tsVal,
      this.tsEcr,
      this.sackEdges,
    ];
  }

  /** Bytes of the buffers behind the columns (a trimmed column may be a view of a larger one). */
  byteLength(): number {
    return this.columns().reduce((n, a) => n + a.buffer.byteLength, 0);
  }

  buffers(): ArrayBuffer[] {
    return this.columns().map((a) => a.buffer as ArrayBuffer);
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
  /** Length of the packet on the wire. */
  origLen = new Uint32Array(INITIAL_ROWS);
  /** Decode bits. */
  decode = new Uint8Array(INITIAL_ROWS);
  /** Endpoint pair index * 2, + 1 when the packet's source is the pair's endpoint B (`pairs`). */
  pair = new Uint32Array(INITIAL_ROWS);
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
  readonly pairs = new EndpointPairs();
  /** Captured length, file offset and interface of every row, stored sparsely. */
  readonly records = new RecordIndex();
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

  /** Seconds relative to `baseSec`, and nanoseconds, of row `i`. */
  tsSecOf(i: number): number {
    return this.tsSec[i] ?? 0;
  }

  tsNsOf(i: number): number {
    return this.tsNs[i] ?? 0;
  }

  // Endpoints, through the row's pair.

  /** Index of the row's endpoint pair in `pairs`. */
  pairOf(row: number): number {
    return (this.pair[row] ?? 0) >>> 1;
  }

  /** Whether the row's source is the pair's endpoint B (the higher one). */
  reversed(row: number): boolean {
    return ((this.pair[row] ?? 0) & 1) !== 0;
  }

  /** Address-table index of the source address (0 with no network layer: check l3Of). */
  srcOf(row: number): number {
    const p = this.pair[row] ?? 0;
    return (p & 1 ? this.pairs.b[p >>> 1] : this.pairs.a[p >>> 1]) ?? 0;
  }

  dstOf(row: number): number {
    const p = this.pair[row] ?? 0;
    return (p & 1 ? this.pairs.a[p >>> 1] : this.pairs.b[p >>> 1]) ?? 0;
  }

  srcPortOf(row: number): number {
    const p = this.pair[row] ?? 0;
    const ports = this.pairs.ports[p >>> 1] ?? 0;
    return p & 1 ? ports & 0xffff : ports >>> 16;
  }

  dstPortOf(row: number): number {
    const p = this.pair[row] ?? 0;
    const ports = this.pairs.ports[p >>> 1] ?? 0;
    return p & 1 ? ports >>> 16 : ports & 0xffff;
  }

  /** L3 value: 0, 4 or 6. */
  l3Of(row: number): number {
    return (this.pairs.kind[(this.pair[row] ?? 0) >>> 1] ?? 0) >>> 8;
  }

  /** IP protocol number of the transport (Proto), 0 when none. */
  protoOf(row: number): number {
    return (this.pairs.kind[(this.pair[row] ?? 0) >>> 1] ?? 0) & 0xff;
  }

  /** Sets the network and transport endpoints of `row` (the decoder does this once per frame). */
  setEndpoints(
    row: number,
    l3: number,
    proto: number,
    src: number,
    srcPort: number,
    dst: number,
    dstPort: number,
  ): void {
    this.pair[row] = this.pairs.intern(l3, proto, src, srcPort, dst, dstPort);
  }

  // The record: captured length, interface, place in the file.

  /** Captured length of `row` (bytes of the frame in the file). */
  capLenOf(row: number): number {
    return this.records.capLenOf(row, this.origLen[row] ?? 0);
  }

  /** Index into `interfaces` of the row's interface. */
  ifaceOf(row: number): number {
    return this.records.ifaceOf(row);
  }

  /** Byte offset of the row's record header in the (decompressed) file. Walks up to 256 rows; use
   * fileOffsetsOf for many rows. */
  fileOffsetOf(row: number): number {
    return this.records.fileOffsetOf(row, this.origLen);
  }

  /** File offsets of `rows` (ascending), in one pass. */
  fileOffsetsOf(rows: ArrayLike<number>): Float64Array {
    const out = new Float64Array(rows.length);
    this.records.fileOffsets(rows, this.origLen, out);
    return out;
  }

  /** File offsets of every row. */
  fileOffsets(): Float64Array {
    const rows = new Uint32Array(this.length);
    for (let i = 0; i < rows.length; i++) rows[i] = i;
    return this.fileOffsetsOf(rows);
  }

  /**
   * Sets the record fields of `row`, which must be the newest row given them (rows in ascending
   * order; origLen set first): its captured length, interface and file offset (omitted: none).
   * The reader's table sink does the same through `records.append`.
   */
  setRecord(row: number, capLen: number, iface = 0, fileOffset = Number.NaN): void {
    const snap = this.interfaces[iface]?.snapLen ?? 0;
    this.records.append(row, iface, snap, capLen, this.origLen[row] ?? 0, fileOffset);
  }

  private resize(rows: number): void {
    this.tsSec = grow(this.tsSec, rows);
    this.tsNs = grow(this.tsNs, rows);
    this.origLen = grow(this.origLen, rows);
    this.decode = grow(this.decode, rows);
    this.pair = grow(this.pair, rows);
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
    this.pairs.trim();
    this.records.trim();
  }

  /** Bytes held by the columns per row. */
  static readonly BYTES_PER_ROW = 4 + 4 + 4 + 1 + 4 + 2 + 4 + 4 + 2 + 2 + 2;

  private columns(): Column[] {
    return [
      this.tsSec,
      this.tsNs,
      this.origLen,
      this.decode,
      this.pair,
      this.tcpFlags,
      this.seq,
      this.ack,
      this.win,
      this.payloadOffset,
      this.payloadLength,
    ];
  }

  /** Everything the table holds: the buffers behind the columns (allocated rows, and the slack a
   * trimmed column may keep), endpoint pairs, addresses, the sparse record lists, the option table. */
  byteLength(): number {
    return (
      this.columns().reduce((n, a) => n + a.buffer.byteLength, 0) +
      this.options.byteLength() +
      this.pairs.byteLength() +
      this.records.byteLength() +
      this.addresses.byteLength()
    );
  }

  /** The column buffers, for Comlink.transfer. */
  buffers(): ArrayBuffer[] {
    return [
      ...this.columns().map((a) => a.buffer as ArrayBuffer),
      ...this.options.buffers(),
      ...this.pairs.buffers(),
      ...this.records.buffers(),
    ];
  }
}
