// The whole pipeline in one call, shared by the worker and the CLI:
// bytes → packets (capture) → flows (one pass, hooked into the reader) → findings (diagnose).
import { readCapture } from '../capture/read-capture';
import type { ByteSource, CaptureResult, ReadOptions } from '../capture/types';
import { createFlowBuilder } from '../flows/flow-builder';
import type { FlowSet } from '../flows/model';
import { type Diagnosis, diagnose } from './diagnose';

export interface AnalysisResult {
  capture: CaptureResult;
  flows: FlowSet;
  diagnosis: Diagnosis;
}

export type AnalyzeOptions = Omit<ReadOptions, 'onPacket'> & { lang?: 'en' | 'zh-CN' };

export async function analyzeCapture(
  source: ByteSource,
  options: AnalyzeOptions = {},
): Promise<AnalysisResult> {
  let builder: ReturnType<typeof createFlowBuilder> | undefined;
  const capture = await readCapture(source, {
    ...options,
    onPacket: (table, row, bytes, start) => {
      builder ??= createFlowBuilder(table);
      builder.onPacket(table, row, bytes, start);
    },
  });
  builder ??= createFlowBuilder(capture.table);
  const flows = builder.finish();
  const diagnosis = diagnose(capture.table, flows, { lang: options.lang ?? 'en' });
  return { capture, flows, diagnosis };
}
