// Types for the parts of campaign.mjs the tests use (the campaign itself is plain Node ESM).
export interface CampaignOptions {
  root: string;
  sharedDir: string;
  seed: number;
  count: number;
  seconds?: number;
  workers?: number;
  maxFile?: number;
  budgetMs?: number;
  hangMs?: number;
  engineUrl?: string;
  log?: (line: string) => void;
}

export interface KindFigures {
  cases: number;
  failed: number;
}

export interface Growth {
  maxGrowth: number;
  index: number;
  subject?: string;
  size?: number;
}

export interface CampaignFigures {
  seed: number;
  requested: number;
  seconds: number;
  casesPerSecond: number;
  workers: number;
  files: number;
  info: {
    subjects: number;
    sweep: number;
    boundaries: number;
    sweptBoundaries: number;
    refusedClean: number;
  };
  cases: number;
  bytes: number;
  perKind: Record<string, KindFigures>;
  outcomes: Record<'clean' | 'warned' | 'stopped' | 'refused' | 'hang', number>;
  failures: { index: number; kind: string; message: string }[];
  failureCount: number;
  slowest: { ms: number; index: number; subject?: string; kind?: string };
  buffers: Growth;
  heap: Growth;
}

export function corpusFiles(sharedDir: string, maxFile?: number): { name: string; path: string }[];
export function runCampaign(options: CampaignOptions): Promise<CampaignFigures>;
