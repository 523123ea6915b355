// Acceptance (issue 4): every flow of every ../shared/scenarios/*/manifest.json gets its expected
// label as primary diagnosis (or one of its acceptable_secondary_labels), healthy flows `healthy`, and
// the finding behind the diagnosis cites every key packet of the manifest. Runs every capture file
// of each scenario (Ethernet, Linux cooked SLL2, nanosecond pcap): frame numbers are the same in all.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LABELS, type Label } from './labels';
import { analyzeFile } from './testing/pipeline';

const scenariosDir = fileURLToPath(new URL('../../../shared/scenarios/', import.meta.url));
const available = existsSync(scenariosDir);
if (!available) console.warn(`scenarios.test.ts: ${scenariosDir} not found; acceptance scenarios skipped`);

interface ManifestFlow {
  tcp_stream: number;
  client: string;
  server: string;
  expected_label?: string;
  label?: string;
  acceptable_secondary_labels?: string[] | null;
  key_packets: { frame: number; name: string }[];
}

function scenarios(): { name: string; flows: ManifestFlow[]; captures: string[] }[] {
  if (!available) return [];
  return readdirSync(scenariosDir)
    .filter((d) => existsSync(`${scenariosDir}${d}/manifest.json`))
    .sort()
    .map((name) => {
      const m = JSON.parse(readFileSync(`${scenariosDir}${name}/manifest.json`, 'utf8')) as {
        flows: ManifestFlow[];
      };
      const captures = readdirSync(`${scenariosDir}${name}`).filter(
        (f) => f.endsWith('.pcap') || f.endsWith('.pcapng'),
      );
      return { name, flows: m.flows, captures: captures.sort() };
    });
}

describe.skipIf(!available)('scenario manifests', () => {
  for (const s of scenarios()) {
    for (const capture of s.captures) {
      it(`${s.name}/${capture}: every flow gets its expected diagnosis, citing the key packets`, async () => {
        const { capture: cap, flows, diagnosis } = await analyzeFile(`${scenariosDir}${s.name}/${capture}`);
        expect(diagnosis.ruleErrors).toEqual([]);
        for (const mf of s.flows) {
          const expected = (mf.expected_label ?? mf.label ?? '') as Label;
          expect(LABELS).toContain(expected);
          const flow = flows.flows.find((f) => f.transport === 'tcp' && f.stream === mf.tcp_stream);
          expect(flow, `stream ${mf.tcp_stream}`).toBeDefined();
          if (!flow) continue;
          expect(cap.table.addresses.endpoint(flow.clientAddr, flow.clientPort)).toBe(mf.client);
          expect(cap.table.addresses.endpoint(flow.serverAddr, flow.serverPort)).toBe(mf.server);
          const got = diagnosis.flows[flow.index]?.diagnosis;
          const allowed = [expected, ...(mf.acceptable_secondary_labels ?? [])];
          expect(allowed, `stream ${mf.tcp_stream}: got ${got}`).toContain(got);
          if (got === 'healthy' || got === undefined) continue;
          const cited = new Set(
            diagnosis.findings
              .filter((f) => f.rule === got && f.flows.includes(flow.index))
              .flatMap((f) => f.frames),
          );
          const missing = mf.key_packets
            .filter((k) => !cited.has(k.frame))
            .map((k) => `${k.name}@${k.frame}`);
          expect(missing, `stream ${mf.tcp_stream} (${got}) does not cite`).toEqual([]);
        }
      });
    }
  }
});
