// The ladder diagram's public API for the app shell.
export { Ladder, type LadderProps, type LadderShown } from './Ladder';
export {
  buildLadderLayout,
  DEFAULT_LADDER_OPTIONS,
  indexOfFrame,
  type LadderColumns,
  type LadderLayout,
  type LadderOptions,
  type LadderSource,
  type LadderTable,
  relativeTime,
  visibleRange,
} from './ladder-layout';
export { PACKET_KIND_NAMES, PacketKind } from './packet-kind';
export { formatOffset, httpLine, type PacketLabel, packetLabel } from './packet-label';
