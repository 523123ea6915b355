// TEST-ONLY (Node): a capture file through the real pipeline (readCapture → frame decoder →
// createFlowBuilder, which runs one TcpAnalyzer per connection), for the corpus comparison.
import { NodeFileSource } from '../../../capture/node/file-source';
import type { PacketTable } from '../../../capture/packet-table';
import { readCapture } from '../../../capture/read-capture';
import { createFlowBuilder, type FlowBuilder } from '../../flow-builder';
import type { FlowSet } from '../../model';

export interface PipelineResult {
  table: PacketTable;
  flows: FlowSet;
}

export async function runPipeline(path: string): Promise<PipelineResult> {
  let builder: FlowBuilder | undefined;
  const capture = await readCapture(await NodeFileSource.open(path), {
    onPacket: (table, row, bytes, start) => {
      builder ??= createFlowBuilder(table);
      builder.onPacket(table, row, bytes, start);
    },
  });
  builder ??= createFlowBuilder(capture.table);
  return { table: capture.table, flows: builder.finish() };
}
