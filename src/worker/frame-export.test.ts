// The page→worker export request: after a structured clone (what postMessage does), the worker's
// rebuilt table must cut exactly the same file out of the capture as the full packet table does
// (exportFlowPcap, itself checked against tshark in analysis/export-pcap.test.ts). Run on every
// example capture and e2e fixture (plain pcap, loopback and Ethernet, Linux cooked), every TCP flow.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyzeCapture } from '../analysis/analyze-capture';
import { exportFlowPcap, flowExportRows } from '../analysis/export-flow';
import { exportFrames } from '../capture/export-frames';
import { fileSource } from '../capture/node/file-source';
import { frameExportRequest, tableForExport } from './frame-export';

const repo = path.resolve(import.meta.dirname, '../..');
const captures = [
  ...readdirSync(path.join(repo, 'public/examples'))
    .filter((f) => f.endsWith('.pcap'))
    .map((f) => path.join(repo, 'public/examples', f)),
  ...['l-server-crash-any.pcap', 'm-retransmission-timeout.pcap'].map((f) =>
    path.join(repo, 'e2e/fixtures', f),
  ),
];

describe('frame export request', () => {
  test.each(captures.map((c) => [path.basename(c), c]))(
    '%s: same file as exportFlowPcap for every flow',
    async (_, file) => {
      const { capture, flows } = await analyzeCapture(await fileSource(file));
      const tcp = flows.flows.filter((f) => f.transport === 'tcp');
      expect(tcp.length).toBeGreaterThan(0);
      for (const flow of tcp) {
        const expected = await exportFlowPcap(await fileSource(file), capture.table, flow);
        const rows = flowExportRows(capture.table, flow);
        const request = structuredClone(frameExportRequest(capture.table, rows));
        const got = await exportFrames(await fileSource(file), tableForExport(request), request.rows);
        expect(got.format).toBe(expected.format);
        expect(got.packets).toBe(flow.rows.length);
        expect(Buffer.from(got.bytes).equals(Buffer.from(expected.bytes)), `stream ${flow.stream}`).toBe(
          true,
        );
      }
    },
  );

  test('a file that is not the one the table was read from is refused', async () => {
    const [a, b] = captures;
    if (!a || !b) throw new Error('need two captures');
    const { capture, flows } = await analyzeCapture(await fileSource(a));
    const flow = flows.flows.find((f) => f.transport === 'tcp');
    if (!flow) throw new Error('no tcp flow');
    const request = frameExportRequest(capture.table, flow.rows);
    await expect(exportFrames(await fileSource(b), tableForExport(request), request.rows)).rejects.toThrow();
  });
});
