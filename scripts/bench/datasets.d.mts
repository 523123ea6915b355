// Types for the parts of datasets.mjs the tests use (the generator itself is plain Node ESM).
export interface DatasetSpec {
  id: 'http-pcap' | 'http-pcapng' | 'small-pcap';
  title: string;
  kind: 'http' | 'small';
  format: 'pcap' | 'pcapng';
  target: number;
  samePacketsAs?: string;
  file: string;
}
export interface DatasetMeta {
  generator: string;
  kind: string;
  format: string;
  target: number;
  targetPackets?: number;
  packets: number;
  bytes: number;
  flows: number;
  concurrency: number;
  durationSeconds: number;
  retransmissions?: number;
  closes: Record<string, number>;
}
export const SEED: string;
export const SIZES: Record<'quick' | 'full', { httpBytes: number; smallPackets: number }>;
export function datasetSpecs(
  sizes: { httpBytes: number; smallPackets: number },
  dataDir: string,
): DatasetSpec[];
export function generatorHash(): string;
export function existingDataset(spec: DatasetSpec, hash: string, packets?: number): DatasetMeta | null;
export function generateDataset(spec: DatasetSpec, hash: string, packets?: number): Promise<DatasetMeta>;
export function ensureDataset(
  spec: DatasetSpec,
  hash: string,
  log: (line: string) => void,
  packets?: number,
): Promise<DatasetMeta>;
export function ensureTinyCapture(dataDir: string): Promise<string>;
