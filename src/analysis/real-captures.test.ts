// Acceptance (issue 4) on the real-capture corpus: the analysis never throws and no rule fails, and
// every TCP flow that carries a RST gets a diagnosis that accounts for it (never `healthy`). The
// JSON and the markdown report are produced for every file too.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TcpFlag } from '../capture/packet-table';
import { CaptureError } from '../capture/types';
import { diagnosisJson, flowDiagnosisJson } from './diagnosis-json';
import { EXPLAINS_RESET, LABELS } from './labels';
import { markdownReport } from './markdown-report';
import { analyzeFile } from './testing/pipeline';

const realDir = fileURLToPath(new URL('../../../shared/captures/real/', import.meta.url));
const available = existsSync(realDir);
if (!available) console.warn(`real-captures.test.ts: ${realDir} not found; corpus checks skipped`);
const files = available
  ? readdirSync(realDir)
      .filter((f) => !f.endsWith('.md'))
      .sort()
  : [];

describe.skipIf(!available)('real captures', () => {
  for (const file of files) {
    it(`${file}: diagnoses without errors and explains every RST`, async () => {
      let result: Awaited<ReturnType<typeof analyzeFile>>;
      try {
        result = await analyzeFile(`${realDir}${file}`);
      } catch (e) {
        // Files tshark cannot read either are CaptureErrors of the reader; anything else is a bug.
        expect(e).toBeInstanceOf(CaptureError);
        return;
      }
      const { capture, flows, diagnosis } = result;
      expect(diagnosis.ruleErrors).toEqual([]);
      expect(diagnosis.flows).toHaveLength(flows.flows.length);
      for (const f of flows.flows) {
        if (f.transport !== 'tcp') continue;
        const hasRst = Array.from(f.rows).some((r) => ((capture.table.tcpFlags[r] ?? 0) & TcpFlag.RST) !== 0);
        if (!hasRst) continue;
        const d = diagnosis.flows[f.index];
        expect(d?.diagnosis, `stream ${f.stream} has a RST`).not.toBe('healthy');
        const all = [d?.diagnosis, ...(d?.labels ?? [])];
        expect(
          all.some((l) => l === 'abortive-close' || (l !== undefined && EXPLAINS_RESET.has(l))),
          `stream ${f.stream}: ${all}`,
        ).toBe(true);
      }
      const json = JSON.parse(JSON.stringify(diagnosisJson(diagnosis)));
      for (const fd of json.findings) {
        expect(LABELS).toContain(fd.rule);
        expect(fd.frames.every((n: number) => n >= 1 && n <= capture.table.length)).toBe(true);
      }
      for (let i = 0; i < flows.flows.length; i++)
        expect(LABELS).toContain(flowDiagnosisJson(diagnosis, i).diagnosis);
      expect(markdownReport(capture.table, flows, diagnosis, { fileName: file }).length).toBeGreaterThan(50);
    });
  }
});
