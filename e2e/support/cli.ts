// The command's answer for a capture: `node bin/wirelens.mjs analyze FILE --json` (docs/cli.md),
// the same core run in Node. The browser must show the same connections and diagnoses. Needs
// `npm run build` (which the e2e run requires anyway for dist/).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliPacket {
  frame: number;
  dir: 'c2s' | 's2c';
  flags: string;
  seq: number;
  ack: number;
  len: number;
  win: number;
  clientState: string;
  serverState: string;
}

export interface CliFlow {
  transport: 'tcp' | 'udp';
  stream: number;
  client: string;
  server: string;
  firstFrame: number;
  lastFrame: number;
  packetsClientToServer: number;
  packetsServerToClient: number;
  diagnosis?: string;
  labels?: string[];
  idleGaps?: { fromFrame: number; toFrame: number; seconds: number }[];
  closing?: {
    clientToServer: { how: string; frame: number | null };
    serverToClient: { how: string; frame: number | null };
  };
  packets?: CliPacket[];
}

export interface CliFinding {
  rule: string;
  streams: number[];
  frames: number[];
  keyFrames: Record<string, number>;
  title: string;
  explanation: string;
}

export interface CliAnalysis {
  packets: number;
  flows: CliFlow[];
  findings: CliFinding[];
  summary: {
    headline: string;
    counts: Record<string, number>;
    idleTimeouts: { server: string; seconds: number | null; text: string }[];
  };
}

const cache = new Map<string, CliAnalysis>();

export function analyze(file: string, lang: 'en' | 'zh-CN' = 'en'): CliAnalysis {
  const key = `${file}|${lang}`;
  let r = cache.get(key);
  if (!r) {
    const out = execFileSync(
      'node',
      [path.join(repo, 'bin/wirelens.mjs'), 'analyze', file, '--json', '--packets', '--lang', lang],
      {
        maxBuffer: 256 * 1024 * 1024,
      },
    );
    r = JSON.parse(out.toString()) as CliAnalysis;
    cache.set(key, r);
  }
  return r;
}

export const tcpFlows = (a: CliAnalysis) => a.flows.filter((f) => f.transport === 'tcp');
