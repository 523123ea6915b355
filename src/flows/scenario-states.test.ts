// TCP states after the key packets of every scenario manifest, roles and stream numbers of the
// manifest's flows, and data-after-FIN marks. Packets come from the committed tshark oracle of each
// scenario capture (testdata/tshark/scenario__*.tsv); corpus-flows.test.ts repeats this through our
// own reader and decoder.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFlowBuilder } from './flow-builder';
import type { FlowSet } from './model';
import { checkScenario, EXPECTED_STATES, type ManifestFlow } from './testing/scenario-expectations';
import { parseTsv, tableFromTsv } from './testing/tshark-tsv';

const scenarios = new URL('../../../shared/scenarios/', import.meta.url);
const tsvDir = new URL('../../testdata/tshark/', import.meta.url);
const haveShared = existsSync(scenarios);
if (!haveShared) console.warn(`skipping scenario state tests: ${scenarios.pathname} is absent`);

const cases = haveShared
  ? readdirSync(scenarios, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) =>
        readdirSync(new URL(`${d.name}/`, scenarios))
          .filter((f) => f.endsWith('.pcap'))
          .map((f) => [d.name, f] as const),
      )
  : [];

describe.skipIf(!haveShared)('TCP states after the scenario key packets (RFC 9293)', () => {
  it('has expectations for every scenario', () => {
    expect(new Set(cases.map(([s]) => s))).toEqual(new Set(Object.keys(EXPECTED_STATES)));
  });

  it.each(cases)('%s/%s', (scenario, file) => {
    const manifest = JSON.parse(readFileSync(new URL(`${scenario}/manifest.json`, scenarios), 'utf8'));
    const tsv = parseTsv(readFileSync(new URL(`scenario__${scenario}__${file}.tsv`, tsvDir), 'utf8'));
    const { table, payloads } = tableFromTsv(tsv);
    const b = createFlowBuilder(table);
    for (let r = 0; r < table.length; r++) b.onPacket(table, r, payloads[r] ?? new Uint8Array(0), 0);
    const set: FlowSet = b.finish();
    const endpoint = (f: FlowSet['flows'][number], side: 'client' | 'server') =>
      side === 'client'
        ? table.addresses.endpoint(f.clientAddr, f.clientPort)
        : table.addresses.endpoint(f.serverAddr, f.serverPort);
    expect(checkScenario(scenario, manifest.flows as ManifestFlow[], set, endpoint)).toEqual([]);
  });
});
