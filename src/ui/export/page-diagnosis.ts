// The Mermaid and Markdown exports (analysis/mermaid.ts, analysis/markdown-report.ts) read the packet
// table, the flows and a Diagnosis. The page holds the table and the flows (the worker transferred
// them) and the diagnosis as facts (DiagnosisFacts: everything but the finding texts, which the worker
// renders on demand per language). This puts a Diagnosis back together in the language asked for:
// the facts, plus the texts of the findings the export needs, asked from the worker.
// Its `lang` is the texts' language, so the exports never re-render a text themselves; that is why
// `idleTimeouts` (the estimates, read only to re-render texts in another language) can stay empty.
import type { Diagnosis, Lang } from '../../analysis/diagnose';
import type { Finding } from '../../analysis/types';
import type { DiagnosisFacts, FindingTexts } from '../../worker/analysis-api';

export type TextSource = (indexes: number[], lang: Lang) => Promise<FindingTexts[]>;

/** Finding texts asked at most this many at a time (a capture can hold tens of thousands). */
const BATCH = 2000;

/**
 * Indexes of the findings that label a flow (those its Mermaid chart names), ascending, from the
 * references of the findings that name it (diagnosis-transfer.ts findingsOfFlow); related ones are
 * evidence only.
 */
export function labellingFindings(refs: readonly { index: number; related: boolean }[]): number[] {
  const out = new Set<number>();
  for (const r of refs) if (!r.related) out.add(r.index);
  return [...out].sort((a, b) => a - b);
}

/** The Diagnosis of `facts` with the findings at `indexes` (ascending), their texts in `lang`. */
export async function pageDiagnosis(
  facts: DiagnosisFacts,
  lang: Lang,
  texts: TextSource,
  indexes: readonly number[] = Array.from({ length: facts.findings.length }, (_, i) => i),
): Promise<Diagnosis> {
  const findings: Finding[] = [];
  for (let at = 0; at < indexes.length; at += BATCH) {
    const batch = indexes.slice(at, at + BATCH);
    const got = await texts(batch, lang);
    batch.forEach((i, k) => {
      const f = facts.findings[i];
      const t = got[k];
      if (f && t) findings.push({ ...f, ...t });
    });
  }
  return {
    lang,
    flows: facts.flows,
    findings,
    summary: {
      connections: facts.connections,
      endedBadly: facts.endedBadly,
      counts: facts.counts,
      idleTimeouts: facts.idleTimeouts[lang],
      headline: facts.headlines[lang],
      headlines: facts.headlines,
    },
    idleTimeouts: [],
    ruleErrors: facts.ruleErrors,
  };
}
