// What an arrow on the ladder is, for styling: one primary kind per packet (its colour and shape),
// plus the full list of TCP-analysis tags written next to it as text, so nothing is told by colour
// alone. Tag names follow Wireshark's expert info (packet-tcp.c: "TCP Retransmission",
// "TCP ZeroWindow", "TCP Keep-Alive", "TCP Dup ACK n#m" …), lower-cased.
import { TcpFlag } from '../../capture/packet-table';
import { Analysis, Mark } from '../../flows/model';

export const PacketKind = {
  Normal: 0,
  Syn: 1,
  Fin: 2,
  Rst: 3,
  Retransmission: 4,
  ZeroWindow: 5,
  DataAfterFin: 6,
  KeepAlive: 7,
  DupAck: 8,
} as const;
export type PacketKindValue = (typeof PacketKind)[keyof typeof PacketKind];

/** CSS-friendly names, indexed by PacketKind value (also written to `data-kind`). */
export const PACKET_KIND_NAMES = [
  'normal',
  'syn',
  'fin',
  'rst',
  'retransmission',
  'zero-window',
  'data-after-fin',
  'keep-alive',
  'dup-ack',
] as const;
export type PacketKindName = (typeof PACKET_KIND_NAMES)[number];

const RETRANSMISSION =
  Analysis.Retransmission | Analysis.FastRetransmission | Analysis.SpuriousRetransmission;
const ZERO_WINDOW = Analysis.ZeroWindow | Analysis.ZeroWindowProbe | Analysis.ZeroWindowProbeAck;
const KEEP_ALIVE = Analysis.KeepAlive | Analysis.KeepAliveAck;
const AFTER_FIN = Mark.DataAfterPeerFin | Mark.DataAfterOwnFin;

/**
 * The primary kind, most alarming first: a reset ends the connection; data written into a closed
 * direction is the stale-connection bug the ladder exists to show, so it outranks the flags it rides
 * with; then connection setup and teardown; then the analysis flags in order of how much they say
 * about the path (loss, flow control, liveness probes, duplicate ACKs).
 */
export function classifyPacket(flags: number, analysis: number, marks: number): PacketKindValue {
  if (flags & TcpFlag.RST) return PacketKind.Rst;
  if (marks & AFTER_FIN) return PacketKind.DataAfterFin;
  if (flags & TcpFlag.SYN) return PacketKind.Syn;
  if (flags & TcpFlag.FIN) return PacketKind.Fin;
  if (analysis & RETRANSMISSION) return PacketKind.Retransmission;
  if (analysis & ZERO_WINDOW) return PacketKind.ZeroWindow;
  if (analysis & KEEP_ALIVE) return PacketKind.KeepAlive;
  if (analysis & Analysis.DupAck) return PacketKind.DupAck;
  return PacketKind.Normal;
}

/** Text tags for the analysis bits, in bit order (Analysis in flows/model.ts). */
const ANALYSIS_TAGS: readonly string[] = [
  'retransmission',
  'fast retransmission',
  'spurious retransmission',
  'out-of-order',
  'previous segment not captured',
  'ACKed unseen segment',
  'dup ACK',
  'zero window',
  'zero-window probe',
  'zero-window probe ACK',
  'window full',
  'window update',
  'keep-alive',
  'keep-alive ACK',
  'port numbers reused',
];

/** Every tag of a packet, as short words (Wireshark's expert-info names, lower-cased). */
export function packetTags(analysis: number, marks: number, dupAckNum: number): string[] {
  const tags: string[] = [];
  if (marks & Mark.DataAfterPeerFin) tags.push("data after peer's FIN");
  if (marks & Mark.DataAfterOwnFin) tags.push('data after own FIN');
  for (let bit = 0; bit < ANALYSIS_TAGS.length; bit++) {
    if ((analysis & (1 << bit)) === 0) continue;
    const tag = ANALYSIS_TAGS[bit] ?? '';
    tags.push(1 << bit === Analysis.DupAck && dupAckNum > 0 ? `${tag} #${dupAckNum}` : tag);
  }
  return tags;
}
