// The examples were made with other programs than the shared scenarios (Node and nginx servers,
// python/Node clients, IPv6 and SLL2): a second check that the rules follow the definitions and not
// one fixture's timings. Each connection's expected diagnosis was written down when the capture was
// made, from what the programs did (index.json `flows[].diagnosis`), not from our output.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../src/analysis/analyze-capture';
import { bufferSource } from '../../src/capture/buffer-source';

interface ExampleFlow {
  stream: number;
  diagnosis: string;
}
interface Example {
  id: string;
  file: string;
  diagnosis: string;
  flows: ExampleFlow[];
}

const dir = new URL('../../public/examples/', import.meta.url);
const index = JSON.parse(readFileSync(new URL('index.json', dir), 'utf8')) as { examples: Example[] };

describe('example captures get the diagnosis their programs produced', () => {
  it.each(index.examples.map((e) => [e.id, e] as const))('%s', async (_id, example) => {
    const bytes = new Uint8Array(readFileSync(new URL(example.file, dir)));
    const { flows, diagnosis } = await analyzeCapture(bufferSource(bytes, example.file));
    expect(diagnosis.ruleErrors).toEqual([]);
    for (const expected of example.flows) {
      const i = flows.flows.findIndex((f) => f.transport === 'tcp' && f.stream === expected.stream);
      expect(i, `stream ${expected.stream} exists`).toBeGreaterThanOrEqual(0);
      const got = diagnosis.flows[i];
      expect(got?.diagnosis, `stream ${expected.stream}`).toBe(expected.diagnosis);
    }
    expect(Object.keys(diagnosis.summary.counts)).toContain(example.diagnosis);
  });
});
