// Finding texts on demand, in either language, from the diagnosis the worker keeps. The diagnosis was
// rendered in English; another language is rendered again from the same facts (renderFinding reads
// the finding and the Flow objects only, never the packet table, which has gone to the page).
import type { Diagnosis, Lang } from '../analysis/diagnose';
import { renderFinding } from '../analysis/render-finding';
import type { Finding } from '../analysis/types';
import type { FlowSet } from '../flows/model';
import type { FindingTexts } from './analysis-api';

function textsOf(f: Finding): FindingTexts {
  return {
    title: f.title,
    explanation: f.explanation,
    clientSaw: f.clientSaw,
    serverSaw: f.serverSaw,
    fixes: f.fixes,
    serverFix: f.serverFix,
  };
}

export function findingTexts(
  d: Diagnosis,
  flows: FlowSet,
  indexes: readonly number[],
  lang: Lang,
): FindingTexts[] {
  return indexes.map((i) => {
    const f = d.findings[i];
    if (!f) throw new RangeError(`no finding ${i} (the capture has ${d.findings.length})`);
    if (lang === d.lang) return textsOf(f);
    try {
      return textsOf(renderFinding(f, flows, d.idleTimeouts, lang));
    } catch {
      // diagnose() already recorded texts that throw; the facts are the same, so the texts it did
      // render are better than none.
      return textsOf(f);
    }
  });
}
