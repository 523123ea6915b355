// The texts of the findings on screen, in the page's language, asked from the worker (which renders
// them from the diagnosis it keeps) and cached per language: switching back and forth asks once.
import { useEffect, useState } from 'react';
import type { FindingTexts, Lang } from '../../worker/analysis-api';
import type { CaptureSession } from '../../worker/worker-client';

export type TextCache = Map<string, FindingTexts>;

const keyOf = (lang: Lang, i: number) => `${lang}:${i}`;

export function useFindingTexts(
  session: CaptureSession,
  cache: TextCache,
  indexes: readonly number[],
  lang: Lang,
): Map<number, FindingTexts> {
  const [, setVersion] = useState(0);
  const wanted = indexes.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `wanted` stands for `indexes` by value
  useEffect(() => {
    const missing = indexes.filter((i) => !cache.has(keyOf(lang, i)));
    if (missing.length === 0) return;
    let live = true;
    session.findingTexts(missing, lang).then(
      (texts) => {
        texts.forEach((t, k) => {
          cache.set(keyOf(lang, missing[k] ?? -1), t);
        });
        if (live) setVersion((v) => v + 1);
      },
      () => {
        // The worker was replaced by the next capture: nothing to show any more.
      },
    );
    return () => {
      live = false;
    };
  }, [session, cache, wanted, lang]);
  const out = new Map<number, FindingTexts>();
  for (const i of indexes) {
    const t = cache.get(keyOf(lang, i));
    if (t) out.set(i, t);
  }
  return out;
}
