// Every word the ladder writes — toolbar, legend, header, idle breaks, tags, the names screen readers
// hear — in the page's language, from the i18n catalogs (`ladder.*` keys). The English words are the
// ones the layout and its tests use (gap labels "idle 2.002 s", Wireshark-style tags), so English is
// the identity; Chinese maps them. Protocol tokens stay as they are: TCP flags, RFC 9293 state names
// (CLOSE_WAIT), seq=/ack=/len=/win= fields, HTTP lines from the capture, SI units in times.
import { type MessageKey, type Translate, translator, type UiLang } from '../i18n/i18n';
import type { PacketKindName } from './packet-kind';
import { formatGapSeconds } from './packet-label';

export type LegendHead = 'filled' | 'double' | 'cross';

export interface LegendArrow {
  kind: PacketKindName;
  text: string;
  head: LegendHead;
}

export interface LadderWords {
  /** aria-label of the whole diagram. */
  diagram(stream: number): string;
  /** aria-label of the scrollable drawing. */
  drawing(stream: number, client: string, server: string): string;
  timeScale: string;
  zoomOut: string;
  zoomIn: string;
  reset: string;
  zoomTitle: string;
  hint(packets: number): string;
  slopeNote: string;
  legend: string;
  arrows: LegendArrow[];
  lifeline: string;
  gap: string;
  state: string;
  /** Header: the two axis titles and the two roles. */
  frame: string;
  time: string;
  client: string;
  server: string;
  /** "sending closed · FIN, frame 10" under a party whose direction is closed. */
  closed(how: 'FIN' | 'RST', frame: number): string;
  /** The label of an idle break: "idle 2.002 s". */
  idle(seconds: number): string;
  gapSub(fromFrame: number, toFrame: number): string;
  noFlags: string;
  /** A Wireshark-style tag (packet-kind.ts) in this language. */
  tag(tag: string): string;
  /** Name of an arrow for screen readers and tooltips. */
  packet(frame: number, c2s: boolean, text: string): string;
  packetTitle(frame: number): string;
}

const ARROW_KINDS: [PacketKindName, LegendHead][] = [
  ['syn', 'filled'],
  ['normal', 'filled'],
  ['fin', 'double'],
  ['rst', 'cross'],
  ['data-after-fin', 'filled'],
  ['retransmission', 'filled'],
  ['zero-window', 'filled'],
  ['keep-alive', 'filled'],
  ['dup-ack', 'filled'],
];

/** packet-kind.ts tag → the page's name for the same tcp.analysis flag (i18n `analysis.*`). */
const TAG_KEYS: Record<string, string> = {
  retransmission: 'analysis.retransmission',
  'fast retransmission': 'analysis.fast-retransmission',
  'spurious retransmission': 'analysis.spurious-retransmission',
  'out-of-order': 'analysis.out-of-order',
  'previous segment not captured': 'analysis.lost-segment',
  'ACKed unseen segment': 'analysis.ack-unseen',
  'dup ACK': 'analysis.dup-ack',
  'zero window': 'analysis.zero-window',
  'zero-window probe': 'analysis.zero-window-probe',
  'zero-window probe ACK': 'analysis.zero-window-probe-ack',
  'window full': 'analysis.window-full',
  'window update': 'analysis.window-update',
  'keep-alive': 'analysis.keep-alive',
  'keep-alive ACK': 'analysis.keep-alive-ack',
  'port numbers reused': 'analysis.port-reused',
  "data after peer's FIN": 'analysis.data-after-peer-fin',
  'data after own FIN': 'analysis.data-after-own-fin',
};

function translateTag(t: Translate, tag: string): string {
  // "dup ACK #3": the number stays, the words are translated
  const m = /^(.*?)( #\d+)?$/.exec(tag);
  const key = TAG_KEYS[m?.[1] ?? tag];
  return key ? `${t(key as MessageKey)}${m?.[2] ?? ''}` : tag;
}

export function ladderWords(t: Translate, lang: UiLang): LadderWords {
  return {
    diagram: (stream) => t('ladder.diagram', { stream }),
    drawing: (stream, client, server) => t('ladder.drawing', { stream, client, server }),
    timeScale: t('ladder.timeScale'),
    zoomOut: t('ladder.zoomOut'),
    zoomIn: t('ladder.zoomIn'),
    reset: t('ladder.reset'),
    zoomTitle: t('ladder.zoomTitle'),
    hint: (n) => t('ladder.hint', { n, count: n.toLocaleString('en-US') }),
    slopeNote: t('ladder.slopeNote'),
    legend: t('ladder.legend'),
    arrows: ARROW_KINDS.map(([kind, head]) => ({
      kind,
      head,
      text: t(`ladder.legend.${kind}` as MessageKey),
    })),
    lifeline: t('ladder.legend.lifeline'),
    gap: t('ladder.legend.gap'),
    state: t('ladder.legend.state'),
    frame: t('ladder.frame'),
    time: t('ladder.time'),
    client: t('ladder.client'),
    server: t('ladder.server'),
    closed: (how, frame) => t('ladder.closed', { how, frame }),
    idle: (seconds) => t('ladder.idle', { s: formatGapSeconds(seconds) }),
    gapSub: (from, to) => t('ladder.gapSub', { from, to }),
    noFlags: t('ladder.noFlags'),
    tag: lang === 'en' ? (tag) => tag : (tag) => translateTag(t, tag),
    packet: (frame, c2s, text) =>
      t('ladder.packet', { frame, dir: t(c2s ? 'ladder.c2s' : 'ladder.s2c'), text }),
    packetTitle: (frame) => t('ladder.packetTitle', { frame }),
  };
}

/** The English words, for a ladder drawn outside the page's language context (tests, the dev harness). */
export const ENGLISH_LADDER_WORDS: LadderWords = ladderWords(translator('en'), 'en');
