// The columnar transfer (pack-result.ts → postMessage, in two parts → unpack-result.ts) on every real capture and
// scenario of ../shared: what the page reads must be exactly the objects the worker analysed (Flow
// objects, HTTP exchanges, per-flow diagnoses, findings' facts), the flow list's default order that
// of a sort of the Flow objects, and a flow's findings those its facts name.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlobSource } from '../capture/blob-source';
import { sharedCaptures } from '../capture/testing/corpus';
import type { Flow } from '../flows/model';
import { findingsOfFlow } from './diagnosis-transfer';
import { rankOf } from './list-order';
import { openCapture } from './open-capture';
import { diagnosisFacts } from './pack-result';
import { sendResult } from './testing/send-result';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const shared = path.resolve(repoRoot, '../shared');
const haveShared = existsSync(shared);
if (!haveShared) console.warn(`skipping the transfer round trip on the corpus: ${shared} is absent`);

const corpus = sharedCaptures;

async function open(file: string) {
  const name = path.basename(file);
  return openCapture(new BlobSource(new File([readFileSync(file)], name)));
}

/** A deep copy of the flows as the worker holds them, taken before their buffers leave. */
function snapshot(flows: readonly Flow[]): Flow[] {
  return flows.map((f) => ({ ...structuredClone({ ...f, rows: [] }), rows: Uint32Array.from(f.rows) }));
}

describe.skipIf(!haveShared)('the result crosses to the page as columns, unchanged', () => {
  const files = corpus();
  it('finds the corpus', () => expect(files.length).toBeGreaterThan(20));

  it.each(files.map((f) => [path.relative(shared, f), f]))('%s', async (_name, file) => {
    const r = await open(file);
    const flows = r.flowSet ? snapshot(r.flowSet.flows) : null;
    const facts = r.diagnosis && r.flowSet ? structuredClone(diagnosisFacts(r.diagnosis, r.flowSet)) : null;
    const { page, details } = sendResult(r);
    expect(page.packets).toBe(r.packets);
    expect(page.error).toStrictEqual(r.error);
    const flowSet = details.flowSet;
    if (!flows || !flowSet) {
      expect(flowSet).toBe(flows);
      expect(page.columns).toBeNull();
      return;
    }
    expect(flowSet.flows.length).toBe(flows.length);
    flows.forEach((f, i) => {
      expect(flowSet.flows[i]).toStrictEqual(f);
    });
    // Built once: the same object on every read.
    if (flows.length > 0) expect(flowSet.flows[0]).toBe(flowSet.flows[0]);
    if (!facts) {
      expect(page.diagnosis).toBeNull();
      return expect(details.diagnosis).toBeNull();
    }
    const d = details.diagnosis;
    expect(d).not.toBeNull();
    expect([...(page.diagnosis?.flows ?? [])]).toStrictEqual(facts.flows);
    expect([...(d?.flows ?? [])]).toStrictEqual(facts.flows);
    expect([...(d?.findings ?? [])]).toStrictEqual(facts.findings);
    const { flows: _f, findings: _g, ...rest } = facts;
    const { flows: _h, findings: _i, ...pageRest } = d ?? facts;
    expect(pageRest).toStrictEqual(rest);
  });
});

describe.skipIf(!haveShared)('what the page derives from the columns', () => {
  const crash = path.resolve(repoRoot, 'e2e/fixtures/l-server-crash-any.pcap');

  it('lists the TCP flows in the default order: worst diagnosis, then stream', async () => {
    let mixed = 0;
    for (const file of corpus()) {
      const r = await open(file);
      if (!r.flowSet || !r.diagnosis) continue;
      const labels = r.diagnosis.flows;
      const rank = (f: Flow) => rankOf(labels[f.index]?.diagnosis ?? 'healthy');
      const expected = r.flowSet.flows
        .filter((f) => f.transport === 'tcp')
        .sort((a, b) => rank(a) - rank(b) || a.stream - b.stream)
        .map((f) => f.index);
      const c = sendResult(r).page.columns;
      expect(Array.from(c?.listOrder ?? [], (e) => c?.entries[e])).toEqual(expected);
      if (new Set(expected.map((i) => labels[i]?.diagnosis)).size > 1) mixed++;
    }
    // The order is put to the test: captures mixing diagnoses.
    expect(mixed).toBeGreaterThan(3);
  });

  it('finds the findings of a flow from the columns, as the facts list them', async () => {
    const r = await open(crash);
    const facts = diagnosisFacts(r.diagnosis!, r.flowSet!);
    const { details } = sendResult(r);
    expect(facts.findings.length).toBeGreaterThan(0);
    for (const f of r.flowSet!.flows) {
      const expected = facts.findings.flatMap((x, index) => [
        ...x.flows.filter((g) => g === f.index).map(() => ({ index, related: false })),
        ...x.related.filter((g) => g === f.index).map(() => ({ index, related: true })),
      ]);
      expect(findingsOfFlow(details.findings!, f.index)).toEqual(expected);
    }
  });
});
