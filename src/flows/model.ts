// The flow model: what the flows layer produces from a packet table. Per-packet facts are typed-array
// columns parallel to the packet table rows; per-connection facts are plain objects (one per flow).

/** TCP endpoint states, RFC 9293 §3.3.2, as inferred from the wire. */
export const TcpState = {
  CLOSED: 0,
  LISTEN: 1,
  SYN_SENT: 2,
  SYN_RECEIVED: 3,
  ESTABLISHED: 4,
  FIN_WAIT_1: 5,
  FIN_WAIT_2: 6,
  CLOSING: 7,
  TIME_WAIT: 8,
  CLOSE_WAIT: 9,
  LAST_ACK: 10,
} as const;
export type TcpStateValue = (typeof TcpState)[keyof typeof TcpState];
export const TCP_STATE_NAMES = [
  'CLOSED',
  'LISTEN',
  'SYN_SENT',
  'SYN_RECEIVED',
  'ESTABLISHED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'CLOSING',
  'TIME_WAIT',
  'CLOSE_WAIT',
  'LAST_ACK',
] as const;

/** Wireshark's tcp.analysis.* flags (packet-tcp.c), one bit each. */
export const Analysis = {
  Retransmission: 1 << 0,
  FastRetransmission: 1 << 1,
  SpuriousRetransmission: 1 << 2,
  OutOfOrder: 1 << 3,
  LostSegment: 1 << 4,
  AckUnseen: 1 << 5,
  DupAck: 1 << 6,
  ZeroWindow: 1 << 7,
  ZeroWindowProbe: 1 << 8,
  ZeroWindowProbeAck: 1 << 9,
  WindowFull: 1 << 10,
  WindowUpdate: 1 << 11,
  KeepAlive: 1 << 12,
  KeepAliveAck: 1 << 13,
  PortReused: 1 << 14,
} as const;
/** The contract's names for the Analysis bits, in bit order. */
export const ANALYSIS_NAMES = [
  'retransmission',
  'fast-retransmission',
  'spurious-retransmission',
  'out-of-order',
  'lost-segment',
  'ack-unseen',
  'dup-ack',
  'zero-window',
  'zero-window-probe',
  'zero-window-probe-ack',
  'window-full',
  'window-update',
  'keep-alive',
  'keep-alive-ack',
  'port-reused',
] as const;

/** Bits of the per-packet `marks` column. */
export const Mark = {
  /** This side sent payload after it had received the peer's FIN (the peer's direction was closed). */
  DataAfterPeerFin: 1 << 0,
  /** This side sent payload after its own FIN. */
  DataAfterOwnFin: 1 << 1,
  /** First segment of an HTTP message (request line or status line). */
  HttpStart: 1 << 2,
} as const;

export const Dir = { C2S: 0, S2C: 1 } as const;
export type DirValue = 0 | 1;

/** Per-packet columns, parallel to the packet table (row i ↔ frame i + 1). */
export interface PacketFlowColumns {
  /** Index into `FlowSet.flows`, -1 for frames that belong to no TCP/UDP flow. */
  flow: Int32Array;
  /** Dir value. */
  dir: Uint8Array;
  /** Analysis bits. */
  analysis: Uint16Array;
  /** For dup-acks: Wireshark's tcp.analysis.duplicate_ack_num (1, 2, …); 0 otherwise. */
  dupAckNum: Uint16Array;
  /** TcpState of the client and of the server after this packet. */
  clientState: Uint8Array;
  serverState: Uint8Array;
  /** Bytes sent but not yet acknowledged in this packet's direction after it (tcp.analysis.bytes_in_flight). */
  bytesInFlight: Uint32Array;
  /** Mark bits. */
  marks: Uint8Array;
}

export type OpenKind = 'handshake' | 'refused' | 'syn-unanswered' | 'no-handshake';
export type CloseKind = 'fin' | 'rst' | 'open';

export interface DirectionClose {
  how: CloseKind;
  /** Packet-table row of the FIN or RST, -1 when still open. */
  row: number;
}

export interface IdleGap {
  /** Rows of the packets before and after the silence. */
  fromRow: number;
  toRow: number;
  seconds: number;
}

export interface HttpMessage {
  kind: 'request' | 'response';
  /** Row of the segment carrying the request or status line. */
  row: number;
  /** Row of the segment that completed the message, -1 if it never completed. */
  endRow: number;
  /** Request: method, target, version. Response: version, status, reason. */
  method?: string;
  target?: string;
  version: string;
  status?: number;
  reason?: string;
  contentLength?: number;
  chunked: boolean;
  /** `Connection` header value, lower-cased ("keep-alive", "close"), if present. */
  connection?: string;
  keepAliveTimeout?: number;
  keepAliveMax?: number;
  /** Body bytes seen (for a POST/PUT with no body this is 0). */
  bodyBytes: number;
}

export interface HttpExchange {
  /** Null when the response's request was not captured (the capture began mid-connection). */
  request: HttpMessage | null;
  response: HttpMessage | null;
  /** The connection closed (FIN or RST either way) before any response byte arrived. */
  unanswered: boolean;
}

export interface Flow {
  /** Index in FlowSet.flows. */
  index: number;
  transport: 'tcp' | 'udp';
  /** Wireshark's tcp.stream / udp.stream number. */
  stream: number;
  /** Address-table indexes and ports. */
  clientAddr: number;
  clientPort: number;
  serverAddr: number;
  serverPort: number;
  /** True when no SYN showed who opened the connection and the roles were guessed from the ports. */
  roleInferred: boolean;
  firstRow: number;
  lastRow: number;
  /** Packet-table rows of this flow, ascending. */
  rows: Uint32Array;
  packets: [c2s: number, s2c: number];
  /** Frame bytes (original length) each way, as Wireshark's conversation table counts them. */
  bytes: [c2s: number, s2c: number];
  /** TCP payload bytes each way. */
  payloadBytes: [c2s: number, s2c: number];
  /** Seconds since the epoch. */
  start: number;
  end: number;
  /** Base sequence numbers (ISN or first seen seq) each way, for relative seq/ack. */
  baseSeq: [c2s: number, s2c: number];
  open: OpenKind;
  close: [c2s: DirectionClose, s2c: DirectionClose];
  /** Who closed first ("client" or "server"), by FIN or RST; null if neither did. */
  firstCloser: 'client' | 'server' | null;
  idleGaps: IdleGap[];
  /** Handshake RTT in seconds (SYN → ACK of the SYN-ACK), null without a handshake. */
  rtt: number | null;
  /** Window scale shift each way, -1 unknown. */
  windowScale: [c2s: number, s2c: number];
  http: HttpExchange[];
}

export interface FlowSet {
  flows: Flow[];
  columns: PacketFlowColumns;
}
