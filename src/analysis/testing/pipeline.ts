// Test helper (Node only): a capture file through the real pipeline — readCapture, the flow builder
// and diagnose — as the CLI and the worker run it (analyze-capture.ts).
import { fileSource } from '../../capture/node/file-source';
import { type AnalysisResult, analyzeCapture } from '../analyze-capture';
import type { Lang } from '../diagnose';

export async function analyzeFile(path: string, lang: Lang = 'en'): Promise<AnalysisResult> {
  return analyzeCapture(await fileSource(path), { lang });
}
