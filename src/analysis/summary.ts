// The capture summary a user reads first: how many connections, how many ended badly, counts per
// diagnosis, the inferred server idle timeouts, and a one-sentence headline in both languages.
import type { FlowSet } from '../flows/model';
import { compareLabels } from './collation';
import type { IdleTimeoutEstimate } from './infer-idle-timeouts';
import { type Label, SEVERITY } from './labels';
import { spaceCjk } from './render-finding';
import { PACKS } from './texts';
import type { FlowDiagnosis } from './types';

export interface IdleTimeoutSummary {
  server: string;
  seconds: number | null;
  samples: number;
  keepAliveHeader: number | null;
  /** The idle-timeouts.md row it matches, in the report's language. */
  match: string | null;
  text: string;
}

export interface CaptureSummary {
  /** TCP connections. */
  connections: number;
  /** Connections whose primary diagnosis is an error (the connection failed for someone). */
  endedBadly: number;
  /** Connections per primary diagnosis: errors first, then warnings, notes, healthy; most frequent first within each. */
  counts: Partial<Record<Label, number>>;
  idleTimeouts: IdleTimeoutSummary[];
  headline: string;
  headlines: { en: string; 'zh-CN': string };
}

export function summarize(
  flows: FlowSet,
  perFlow: readonly FlowDiagnosis[],
  idle: readonly IdleTimeoutEstimate[],
  lang: 'en' | 'zh-CN',
): CaptureSummary {
  const tally = new Map<Label, number>();
  let connections = 0;
  let endedBadly = 0;
  flows.flows.forEach((f, i) => {
    if (f.transport !== 'tcp') return;
    connections++;
    const d = perFlow[i]?.diagnosis ?? 'healthy';
    tally.set(d, (tally.get(d) ?? 0) + 1);
    if (SEVERITY[d] === 'error') endedBadly++;
  });
  // Most serious first (errors, warnings, notes, healthy), then most frequent.
  const rank = (l: Label): number =>
    ({ error: 0, warning: 1, info: 2 })[SEVERITY[l] ?? 'info'] + (l === 'healthy' ? 3 : 0);
  const counts = [...tally.entries()].sort(
    (a, b) => rank(a[0]) - rank(b[0]) || b[1] - a[1] || compareLabels(a[0], b[0]),
  );
  // Estimates backed by a cluster of closes (or a header) are worth a line; single samples are noise.
  const shown = idle.filter((e) => e.samples > 1 || e.keepAliveHeader !== null);
  const args = { connections, endedBadly, counts, idle: shown };
  const headlines = {
    en: PACKS.en.summary.headline(args),
    'zh-CN': spaceCjk(PACKS['zh-CN'].summary.headline(args)),
  };
  return {
    connections,
    endedBadly,
    counts: Object.fromEntries(counts),
    idleTimeouts: shown.map((e) => ({
      server: e.server,
      seconds: e.seconds,
      samples: e.samples,
      keepAliveHeader: e.keepAliveHeader,
      match: e.match ? (lang === 'en' ? e.match.who.en : e.match.who.zh) : null,
      text:
        lang === 'zh-CN' ? spaceCjk(PACKS[lang].summary.idleTimeout(e)) : PACKS[lang].summary.idleTimeout(e),
    })),
    headline: headlines[lang],
    headlines,
  };
}
