// Words and numbers for the page: sizes, rates, durations, link-type names, and read failures in
// plain words (in the page's language; the reader's own message, which is data, stays as written).
import type { LoadFailure, LoadProgress } from '../worker/analysis-api';
import type { Translate } from './i18n/i18n';

const integer = new Intl.NumberFormat('en-US');
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatCount(n: number): string {
  return integer.format(n);
}

/** Decimal units, as file managers and `ls -h --si` show them. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${integer.format(n)} B`;
  if (n < 1e6) return `${oneDecimal.format(n / 1e3)} kB`;
  if (n < 1e9) return `${oneDecimal.format(n / 1e6)} MB`;
  return `${oneDecimal.format(n / 1e9)} GB`;
}

/** A duration for tables: "0.059 ms", "812 ms", "2.003 s", "1 m 05 s", "2 h 03 m". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 0.001) return `${(seconds * 1000).toFixed(3)} ms`;
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${seconds.toFixed(3)} s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} m`;
}

/** A short "2.0 s" / "65 s" / "0.3 s" for badges, where the exact figure is in a tooltip. */
export function formatShortSeconds(seconds: number): string {
  return seconds < 10 ? `${seconds.toFixed(1)} s` : `${Math.round(seconds)} s`;
}

/** Whole percent of the file read, or null when the size is unknown (a stream). */
export function progressPercent(p: LoadProgress): number | null {
  if (!p.bytesTotal) return null;
  return Math.min(100, Math.floor((p.bytesRead / p.bytesTotal) * 100));
}

export function formatRate(p: LoadProgress): string {
  if (p.elapsedMs <= 0) return '— MB/s';
  return `${oneDecimal.format(p.bytesRead / 1e6 / (p.elapsedMs / 1000))} MB/s`;
}

/** Names as libpcap's LINKTYPE_ list gives them (tcpdump.org/linktypes.html). */
const LINK_TYPES: Record<number, string> = {
  0: 'BSD loopback (NULL)',
  1: 'Ethernet',
  12: 'Raw IP',
  14: 'Raw IP',
  101: 'Raw IP',
  108: 'OpenBSD loopback (LOOP)',
  113: 'Linux cooked (SLL)',
  228: 'Raw IPv4',
  229: 'Raw IPv6',
  276: 'Linux cooked v2 (SLL2)',
};

export function linkTypeName(t: number, unknown = 'Link type'): string {
  return `${LINK_TYPES[t] ?? unknown} (${t})`;
}

/** "frame 12, byte offset 3,456" — the words after "at" — or '' when the reader gave no position. */
export function faultPosition(t: Translate, f: { frame?: number; offset?: number }): string {
  const parts: string[] = [];
  if (f.frame !== undefined) parts.push(t('fault.frame', { n: formatCount(f.frame) }));
  if (f.offset !== undefined) parts.push(t('fault.offset', { n: formatCount(f.offset) }));
  return parts.join(t('list.separator'));
}

/**
 * Reader messages are sentence fragments ("this is a PNG image"): made sentences. A Chinese one (see
 * i18n/reader-reasons.ts) ends with 。 unless it already ends with punctuation; an empty one stays empty.
 */
function asSentence(m: string): string {
  if (m === '') return '';
  if (/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]$/.test(m)) return /[。：）]$/.test(m) ? m : `${m}。`;
  return m.charAt(0).toUpperCase() + m.slice(1).replace(/\.?$/, '.');
}

/** A headline naming the file and a sentence or two saying what went wrong and what is still shown. */
export function describeFailure(
  t: Translate,
  fileName: string,
  f: LoadFailure,
  packetsKept: number,
): { title: string; detail: string } {
  const name = fileName;
  const at = faultPosition(t, f);
  const where = at ? t('fault.where', { at }) : '';
  const kept = packetsKept > 0 ? t('fault.kept', { n: packetsKept, count: formatCount(packetsKept) }) : '';
  const reason = asSentence(f.message);
  const formats = t('fault.formatsRead');
  switch (f.kind) {
    case 'not-a-capture':
      return { title: t('fault.notCapture', { name }), detail: `${reason} ${formats}` };
    case 'unsupported':
      return { title: t('fault.unsupported', { name }), detail: `${reason} ${formats}` };
    case 'corrupt':
      return { title: t('fault.corrupt', { name, where }), detail: `${reason}${kept}` };
    case 'io':
      return { title: t('fault.io', { name }), detail: `${reason}${kept}` };
    case 'cancelled':
      return { title: t('fault.cancelled', { name }), detail: kept.trim() };
    default:
      return {
        title: t('fault.internal', { name, where }),
        detail: t('fault.internalDetail', { reason, kept }),
      };
  }
}
