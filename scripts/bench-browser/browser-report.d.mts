// Types for the parts of browser-report.mjs the tests use.
export interface ReportRun {
  status: string;
  ms: { firstRowPainted: number | null };
  longTasks: { start: number; duration: number }[];
  mainThread?: { longestCpuMs: number; longestWallCpuMs: number } | null;
  memory: { renderer: { hwm: number; cpuSeconds: number } | null };
}
export interface ReportInput {
  id: string;
  meta: { bytes: number };
}
export const TARGETS: { flowListSeconds: number; longTaskMs: number };
export function readInMs(text: string | null | undefined): number | null;
export function longestTask(r: ReportRun): number;
export function bestRun<R extends ReportRun>(runs: (R | null)[]): R | null;
export function targetChecks(
  inputs: ReportInput[],
  runsById: Record<string, (ReportRun | null)[]>,
): [target: string, verdict: 'met' | 'MISSED', figure: string][];
