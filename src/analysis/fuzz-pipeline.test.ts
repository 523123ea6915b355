// The bounded fuzz run of `npm test`: 10 000 damaged corpus files through the whole pipeline
// (reader, flows, HTTP, rules, JSON), in a worker thread under the campaign's watchdog so that even
// a case that never returns fails the test instead of hanging it. The properties checked per case
// are in testing/fuzz-check.ts; `npm run fuzz` runs the long campaign (docs/fuzzing.md).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { corpusFiles, runCampaign } from '../../scripts/fuzz/campaign.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sharedDir = path.resolve(root, '../shared');
/** Small files keep 10 000 cases within ~30 s on two cores. */
const MAX_FILE = 16 * 1024;
const CASES = Number(process.env.WIRELENS_FUZZ_CASES ?? 10_000);
const SEED = 20_261_122;

const available = existsSync(sharedDir) && corpusFiles(sharedDir, MAX_FILE).length > 0;
if (!available) console.warn(`fuzz-pipeline: ${sharedDir} is absent; the bounded fuzz run is skipped`);

describe.skipIf(!available)('damaged corpus files through the whole pipeline', () => {
  it(`never crash, hang or lose the packets before the damage (${CASES} cases, seed ${SEED})`, async () => {
    const run = await runCampaign({
      root,
      sharedDir,
      seed: SEED,
      count: CASES,
      workers: 1,
      maxFile: MAX_FILE,
    });
    const failures = run.failures.map((f) => f.message).join('\n\n');
    expect(
      failures,
      `${run.failureCount} failing cases; replay with npm run fuzz -- --seed ${SEED} --case N`,
    ).toBe('');
    expect(run.failureCount).toBe(0);
    expect(run.cases).toBe(CASES);
    // Not vacuous: the sweep cut every small file at each record boundary ± 1, every kind of
    // damage ran, and reads were stopped and refused as well as completed.
    expect(run.info.sweptBoundaries).toBe(run.info.boundaries);
    for (const [kind, v] of Object.entries(run.perKind)) expect(v.cases, kind).toBeGreaterThan(0);
    expect(run.outcomes.stopped).toBeGreaterThan(CASES / 10);
    expect(run.outcomes.refused).toBeGreaterThan(0);
    expect(run.outcomes.clean + run.outcomes.warned).toBeGreaterThan(0);
  }, 180_000);
});
