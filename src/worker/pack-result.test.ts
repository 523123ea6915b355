// What crosses from the worker to the page: every buffer transferred (detached on the sending side, so
// nothing was copied), no object per flow or finding in the message, flows' rows arriving as views
// over one buffer, findings without texts, and texts per language that equal what diagnose() renders
// in that language. (result-transfer.test.ts checks that the page reads back the very same objects.)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../analysis/diagnose';
import { BlobSource } from '../capture/blob-source';
import { findingTexts } from './finding-texts';
import { openCapture } from './open-capture';
import { packDetails, packResult } from './pack-result';
import { sendResult } from './testing/send-result';
import { unpackDetails, unpackResult } from './unpack-result';

const fixtures = path.resolve(import.meta.dirname, '../../e2e/fixtures');
const open = (name: string) =>
  openCapture(new BlobSource(new File([readFileSync(path.join(fixtures, name))], name)));

describe('packResult and packDetails', () => {
  it('transfer the table, the flow columns and every per-flow column', async () => {
    const r = await open('l-server-crash-any.pcap');
    const rowsBefore = r.flowSet!.flows.map((f) => [...f.rows]);
    const columns = Object.values(r.flowSet!.columns) as Uint8Array[];
    const first = packResult(r);
    const second = packDetails(r);
    for (const { transfer } of [first, second]) expect(new Set(transfer).size).toBe(transfer.length);
    const page = unpackResult(structuredClone(first.value, { transfer: first.transfer }));
    // The first part is small: no table, no per-packet column.
    expect(first.transfer.reduce((n, b) => n + b.byteLength, 0)).toBeLessThan(4 * 67 + 8 * 1024);
    const details = unpackDetails(page, structuredClone(second.value, { transfer: second.transfer }));
    // Detached on the sending side: proof that they were moved, not copied.
    for (const c of columns) expect(c.byteLength).toBe(0);
    expect(r.table!.tcpFlags.byteLength).toBe(0);
    expect(first.value.flowSet!.flows.rows.byteLength).toBe(0);
    expect(second.value.http!.target.byteLength).toBe(0);
    expect(second.value.findings!.flows.values.byteLength).toBe(0);
    const flows = details.flowSet!.flows;
    expect(flows.map((f) => [...f.rows])).toEqual(rowsBefore);
    // One buffer behind every flow's rows.
    expect(new Set(flows.map((f) => f.rows.buffer)).size).toBe(1);
    expect(details.table!.length).toBe(67);
    expect(details.flowSet!.columns.dir.length).toBe(67);
    expect(page.addresses!.endpoint(flows[0]!.clientAddr, 1)).toBe(
      details.table!.addresses.endpoint(flows[0]!.clientAddr, 1),
    );
    expect(page.firstTime).toBe(details.table!.time(0));
  });

  it('hold no object per flow, HTTP exchange or finding', async () => {
    const r = await open('l-server-crash-any.pcap');
    const first = packResult(r).value;
    const second = packDetails(r).value;
    const objects = (v: unknown): number => {
      if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return 0;
      return 1 + Object.values(v).reduce((n: number, x) => n + objects(x), 0);
    };
    expect(r.flowSet!.flows.length).toBeGreaterThan(5);
    expect(r.diagnosis!.findings.length).toBeGreaterThan(0);
    // The FlowSet and its flows' columns.
    expect(objects(first.flowSet)).toBe(2);
    expect(objects(first.diagnosis!.flowLabels)).toBe(1);
    // The per-packet columns, the HTTP columns, the findings' columns and their seven lists, the
    // string table (and the packet table, as table-transfer.ts packs it).
    const { table, ...rest } = second;
    expect(objects(rest)).toBe(1 + 1 + 1 + 8 + 1);
    expect(objects(table)).toBeLessThan(10);
  });

  it('send findings without texts, and both languages’ short texts', async () => {
    const r = await open('g-stale-keepalive.pcap');
    const zh = diagnose(r.table!, r.flowSet!, { lang: 'zh-CN' });
    const { page, details } = sendResult(r);
    const d = details.diagnosis!;
    expect(d.findings[0]).not.toHaveProperty('title');
    expect(d.findings[0]).not.toHaveProperty('fixes');
    expect(d.findings[0]?.keyFrames).toEqual(r.diagnosis!.findings[0]?.keyFrames);
    expect(page.diagnosis!.headlines.en).toBe(r.diagnosis!.summary.headlines.en);
    expect(page.diagnosis!.headlines['zh-CN']).toBe(zh.summary.headline);
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
