// The Diagnosis the page puts back together from the worker's facts and texts must give the very same
// Mermaid charts and Markdown report as the diagnosis made directly in that language (what the CLI
// does): checked on every example capture and every flow, in English and Chinese.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyzeCapture } from '../../analysis/analyze-capture';
import { diagnose, type Lang } from '../../analysis/diagnose';
import { markdownReport } from '../../analysis/markdown-report';
import { flowToMermaid } from '../../analysis/mermaid';
import { fileSource } from '../../capture/node/file-source';
import { findingTexts } from '../../worker/finding-texts';
import { diagnosisFacts } from '../../worker/pack-result';
import { findingsOfFlow, pageDiagnosis } from './page-diagnosis';

const dir = path.resolve(import.meta.dirname, '../../../public/examples');
const examples = readdirSync(dir).filter((f) => f.endsWith('.pcap'));
const LANGS: Lang[] = ['en', 'zh-CN'];

describe('pageDiagnosis', () => {
  test.each(examples)(
    '%s: the same Mermaid charts and Markdown report as a direct diagnosis',
    async (name) => {
      const file = path.join(dir, name);
      // the worker's side: a diagnosis in English, the facts it sends, the texts it renders on demand
      const { capture, flows, diagnosis } = await analyzeCapture(await fileSource(file));
      const facts = diagnosisFacts(diagnosis, flows);
      const texts = async (indexes: number[], lang: Lang) => findingTexts(diagnosis, flows, indexes, lang);
      let asked = 0;
      const counting = async (indexes: number[], lang: Lang) => {
        asked += indexes.length;
        return texts(indexes, lang);
      };
      for (const lang of LANGS) {
        const direct = diagnose(capture.table, flows, { lang });
        const whole = await pageDiagnosis(facts, lang, texts);
        expect(markdownReport(capture.table, flows, whole, { fileName: name })).toBe(
          markdownReport(capture.table, flows, direct, { fileName: name }),
        );
        for (const flow of flows.flows) {
          asked = 0;
          const mine = findingsOfFlow(facts, flow.index);
          const d = await pageDiagnosis(facts, lang, counting, mine);
          // only the findings of this flow are asked for
          expect(asked).toBe(mine.length);
          expect(flowToMermaid(capture.table, flows, d, flow.index, { lang })).toBe(
            flowToMermaid(capture.table, flows, direct, flow.index, { lang }),
          );
        }
      }
    },
  );
});
