// Property test: corpus files damaged on purpose (testing/mutate.ts) never crash or hang the
// reader; damage that certainly breaks the structure is always reported, with frame and offset.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PacketTable } from './packet-table';
import { corpusFiles, readCorpusFile } from './testing/corpus';
import {
  applyMutation,
  describeMutation,
  type Layout,
  layoutOf,
  type Mutation,
  mustBeNoticed,
  mutationArbitrary,
} from './testing/mutate';
import { readBytes } from './testing/read';
import { CaptureError, type CaptureResult } from './types';

/** Small files keep thousands of cases within the time budget; the big ones are read elsewhere. */
const MAX_FILE = 48 * 1024;
const RUNS = Number(process.env.WIRELENS_FUZZ_RUNS ?? 3000);
const TIME_LIMIT_MS = 10_000;

interface Subject {
  name: string;
  bytes: Uint8Array;
  layout: Layout;
}

const subjects: Subject[] = [];
for (const name of await corpusFiles()) {
  const bytes = await readCorpusFile(name);
  if (bytes.length <= MAX_FILE) subjects.push({ name, bytes, layout: layoutOf(bytes) });
}
if (subjects.length === 0)
  console.warn('fuzz-formats: ../shared/captures/real is absent; the fuzz test is skipped');

async function readWithin(bytes: Uint8Array, chunkSize: number): Promise<CaptureResult | CaptureError> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${TIME_LIMIT_MS} ms: the reader hangs`)),
      TIME_LIMIT_MS,
    );
  });
  try {
    return await Promise.race([readBytes(bytes, { chunkSize }), hang]);
  } catch (e) {
    if (e instanceof CaptureError) return e;
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/** What must hold for any table the reader returns, however damaged its input. */
function checkTable(t: PacketTable, bytesRead: number): void {
  let prev = -1;
  for (let i = 0; i < t.length; i++) {
    const off = t.fileOffsetOf(i);
    const cap = t.capLenOf(i);
    expect(off).toBeGreaterThan(prev);
    expect(off + cap).toBeLessThanOrEqual(bytesRead);
    expect(t.tsNs[i]).toBeLessThan(1_000_000_000);
    prev = off;
  }
  expect(t.length * 16).toBeLessThanOrEqual(bytesRead);
}

const caseArbitrary = fc.integer({ min: 0, max: Math.max(0, subjects.length - 1) }).chain((i) => {
  const s = subjects[i]!;
  return fc.record({
    subject: fc.constant(i),
    mutations: fc.array(mutationArbitrary(s.layout, s.bytes.length), { minLength: 1, maxLength: 3 }),
    chunkSize: fc.constantFrom(13, 256, 4096, 1 << 24),
  });
});

describe.skipIf(subjects.length === 0)('damaged corpus files', () => {
  it(`never crash or hang the reader, and certain damage is always reported (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async ({ subject, mutations, chunkSize }) => {
        const s = subjects[subject]!;
        const bytes = mutations.reduce((b: Uint8Array, m: Mutation) => applyMutation(b, m), s.bytes);
        const what = `${s.name}: ${mutations.map(describeMutation).join('; ')} (chunks of ${chunkSize})`;
        const r = await readWithin(bytes, chunkSize);
        if (r instanceof CaptureError) {
          expect(r.message, what).not.toMatch(/internal error/);
          return;
        }
        for (const w of r.warnings) expect(w.offset, `${what}: ${w.message}`).toBeTypeOf('number');
        if (r.truncated)
          expect(
            r.warnings.some((w) => w.frame !== undefined && w.offset !== undefined),
            what,
          ).toBe(true);
        checkTable(r.table, r.bytesRead);
        const [only] = mutations;
        if (mutations.length === 1 && only && mustBeNoticed(s.layout, s.bytes.length, only)) {
          expect(r.truncated, `${what}: damage not reported`).toBe(true);
        }
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 120_000 },
    );
  }, 180_000);
});
