// TEST-ONLY (Node): HTTP exchanges per TCP stream of a capture file, through the real pipeline:
// readCapture (format readers + frame decoder) → createFlowBuilder (which feeds each connection's
// HttpTracker) → Flow.http, numbered by Flow.stream (Wireshark's tcp.stream).
import { NodeFileSource } from '../../../capture/node/file-source';
import { readCapture } from '../../../capture/read-capture';
import { createFlowBuilder, type FlowBuilder } from '../../flow-builder';
import type { FlowSet, HttpExchange } from '../../model';

export interface StreamHttp {
  stream: number;
  exchanges: HttpExchange[];
}

export async function runPipeline(path: string): Promise<FlowSet> {
  let builder: FlowBuilder | undefined;
  const capture = await readCapture(await NodeFileSource.open(path), {
    onPacket: (table, row, bytes, start) => {
      builder ??= createFlowBuilder(table);
      builder.onPacket(table, row, bytes, start);
    },
  });
  builder ??= createFlowBuilder(capture.table);
  return builder.finish();
}

export async function httpByStream(path: string): Promise<StreamHttp[]> {
  let flows: FlowSet;
  try {
    flows = await runPipeline(path);
  } catch (e) {
    // Files tshark cannot read either (not a capture, unsupported version): no flows.
    if (e instanceof Error && e.name === 'CaptureError') return [];
    throw e;
  }
  return flows.flows
    .filter((f) => f.transport === 'tcp')
    .map((f) => ({ stream: f.stream, exchanges: f.http }));
}
