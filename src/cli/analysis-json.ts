// The command's JSON (the contract in docs/cli.md): capture facts, flows with their diagnosis,
// findings and the capture summary.
import type { AnalysisResult } from '../analysis/analyze-capture';
import { type DiagnosisJson, diagnosisJson, flowDiagnosisJson } from '../analysis/diagnosis-json';
import type { CaptureWarning, Compression } from '../capture/types';
import { type FlowJson, flowToJson } from '../flows/flow-json';

export interface AnalysisJson extends DiagnosisJson {
  format: 'pcap' | 'pcapng';
  compressed: Compression;
  linkTypes: number[];
  packets: number;
  truncated: boolean;
  warnings: CaptureWarning[];
  flows: (FlowJson & { diagnosis?: string; labels?: string[] })[];
}

export function analysisToJson(result: AnalysisResult, options: { packets?: boolean } = {}): AnalysisJson {
  const { capture, flows, diagnosis } = result;
  // TCP connections in tcp.stream order, then UDP flows in udp.stream order.
  const order = [...flows.flows].sort((a, b) =>
    a.transport === b.transport ? a.stream - b.stream : a.transport === 'tcp' ? -1 : 1,
  );
  const packets = options.packets === true;
  // Diagnoses are per TCP connection; UDP flows carry none.
  const withDiagnosis = order.map((f) => {
    const json = flowToJson(f, flows, capture.table, { packets });
    return f.transport === 'tcp' ? { ...json, ...flowDiagnosisJson(diagnosis, f.index) } : json;
  });
  return {
    format: capture.format,
    compressed: capture.compressed,
    linkTypes: capture.linkTypes,
    packets: capture.packets,
    truncated: capture.truncated,
    warnings: capture.warnings.map((w) => ({ ...w })),
    flows: withDiagnosis,
    ...diagnosisJson(diagnosis),
  };
}
