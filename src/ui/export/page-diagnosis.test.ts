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
import { findingsOfFlow } from '../../worker/diagnosis-transfer';
import { findingTexts } from '../../worker/finding-texts';
import { diagnosisFacts } from '../../worker/pack-result';
import { sendResult } from '../../worker/testing/send-result';
import { labellingFindings, pageDiagnosis } from './page-diagnosis';

const dir = path.resolve(import.meta.dirname, '../../../public/examples');
const examples = readdirSync(dir).filter((f) => f.endsWith('.pcap'));
const LANGS: Lang[] = ['en', 'zh-CN'];

describe('pageDiagnosis', () => {
  test.each(examples)(
    '%s: the same Mermaid charts and Markdown report as a direct diagnosis',
    async (name) => {
      const file = path.join(dir, name);
      const { capture, flows, diagnosis } = await analyzeCapture(await fileSource(file));
      const table = capture.table;
      // what the CLI makes, from a diagnosis in each language, before the flows' buffers move
      const direct = new Map(
        LANGS.map((lang) => {
          const d = diagnose(table, flows, { lang });
          const charts = flows.flows.map((f) => flowToMermaid(table, flows, d, f.index, { lang }));
          return [lang, { report: markdownReport(table, flows, d, { fileName: name }), charts }];
        }),
      );
      // the worker's side: a diagnosis in English, what it sends (both parts, read back as the page
      // reads them), the texts it renders on demand
      const facts = diagnosisFacts(diagnosis, flows);
      const opened = { ...capture, fileName: name, fileSize: 0, error: null, elapsedMs: 0 };
      const { details } = sendResult({ ...opened, flowSet: flows, diagnosis, table: null });
      const page = details.diagnosis!;
      const pageFlows = details.flowSet!;
      expect([...page.findings]).toStrictEqual(facts.findings);
      const texts = async (indexes: number[], lang: Lang) => findingTexts(diagnosis, flows, indexes, lang);
      let asked = 0;
      const counting = async (indexes: number[], lang: Lang) => {
        asked += indexes.length;
        return texts(indexes, lang);
      };
      for (const lang of LANGS) {
        const expected = direct.get(lang)!;
        const whole = await pageDiagnosis(page, lang, texts);
        expect(markdownReport(table, pageFlows, whole, { fileName: name })).toBe(expected.report);
        for (const flow of pageFlows.flows) {
          asked = 0;
          const mine = labellingFindings(findingsOfFlow(details.findings!, flow.index));
          expect(mine).toEqual(facts.findings.flatMap((f, i) => (f.flows.includes(flow.index) ? [i] : [])));
          const d = await pageDiagnosis(page, lang, counting, mine);
          // only the findings of this flow are asked for
          expect(asked).toBe(mine.length);
          expect(flowToMermaid(table, pageFlows, d, flow.index, { lang })).toBe(expected.charts[flow.index]);
        }
      }
    },
  );
});
