// What crosses from the worker to the page: every big buffer transferred (detached on the sending
// side, so nothing was copied), flows' rows arriving as views over one buffer, findings without texts,
// and texts per language that equal what diagnose() renders in that language.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../analysis/diagnose';
import { BlobSource } from '../capture/blob-source';
import { findingTexts } from './finding-texts';
import { openCapture } from './open-capture';
import { packResult } from './pack-result';
import { fromTransferable } from './table-transfer';

const fixtures = path.resolve(import.meta.dirname, '../../e2e/fixtures');
const open = (name: string) =>
  openCapture(new BlobSource(new File([readFileSync(path.join(fixtures, name))], name)));

describe('packResult', () => {
  it('transfers the table, the flow columns and all flows’ rows in one buffer', async () => {
    const r = await open('l-server-crash-any.pcap');
    const rowsBefore = r.flowSet!.flows.map((f) => [...f.rows]);
    const columns = Object.values(r.flowSet!.columns) as Uint8Array[];
    const { value, transfer } = packResult(r);
    expect(new Set(transfer).size).toBe(transfer.length);
    const copy = structuredClone(value, { transfer });
    // Detached on the sending side: proof that they were moved, not copied.
    for (const c of columns) expect(c.byteLength).toBe(0);
    for (const f of r.flowSet!.flows) expect(f.rows.byteLength).toBe(0);
    const flows = copy.flowSet!.flows;
    expect(flows.map((f) => [...f.rows])).toEqual(rowsBefore);
    // One buffer behind every flow's rows.
    expect(new Set(flows.map((f) => f.rows.buffer)).size).toBe(1);
    expect(fromTransferable(copy.table!).length).toBe(67);
    expect(copy.flowSet!.columns.dir.length).toBe(67);
  });

  it('sends findings without texts, and both languages’ short texts', async () => {
    const r = await open('g-stale-keepalive.pcap');
    const d = packResult(r).value.diagnosis!;
    expect(d.findings[0]).not.toHaveProperty('title');
    expect(d.findings[0]).not.toHaveProperty('fixes');
    expect(d.findings[0]?.keyFrames).toEqual(r.diagnosis!.findings[0]?.keyFrames);
    expect(d.headlines.en).toBe(r.diagnosis!.summary.headlines.en);
    const zh = diagnose(r.table!, r.flowSet!, { lang: 'zh-CN' });
    expect(d.headlines['zh-CN']).toBe(zh.summary.headline);
    expect(d.labelNames['zh-CN']['stale-keepalive-reuse']).not.toBe(d.labelNames.en['stale-keepalive-reuse']);
  });
});

describe('findingTexts', () => {
  it('renders a finding in the asked language as diagnose() does, after the buffers left', async () => {
    const r = await open('g-stale-keepalive.pcap');
    const zh = diagnose(r.table!, r.flowSet!, { lang: 'zh-CN' });
    const { value, transfer } = packResult(r);
    structuredClone(value, { transfer });
    const [en] = findingTexts(r.diagnosis!, r.flowSet!, [0], 'en');
    const [cn] = findingTexts(r.diagnosis!, r.flowSet!, [0], 'zh-CN');
    expect(en?.title).toBe(r.diagnosis!.findings[0]?.title);
    expect(cn?.title).toBe(zh.findings[0]?.title);
    expect(cn?.explanation).toBe(zh.findings[0]?.explanation);
    expect(cn?.fixes).toEqual(zh.findings[0]?.fixes);
    expect(() => findingTexts(r.diagnosis!, r.flowSet!, [5], 'en')).toThrow(/no finding 5/);
  });
});
